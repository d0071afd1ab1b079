import type { OrgContext } from '../../lib/auth/context';
import { setThrowAwayKeys } from '../../scripts/runtime';
import { seedDemo } from '../../scripts/seed';
import { freshDatabase, testServerUrl } from '../../scripts/test-db';

/**
 * A throw-away database for a benchmark on the local test server (TEST_PG_URL / DATABASE_URL / embedded), with the
 * demo organisations seeded and the app environment set, plus contexts of Acme's users and one `close()`.
 */
export async function openBenchDatabase(name: string) {
  const server = await testServerUrl();
  const { url, drop } = await freshDatabase(server.url, name);
  process.env.DATABASE_URL = url;
  process.env.NEXTAUTH_SECRET ??= 'bench-only-secret-0123456789abcdefghijklmnop';
  process.env.LOG_LEVEL = 'warn';
  setThrowAwayKeys('bench');
  await seedDemo(url);
  const { db } = await import('../../lib/db');
  const members = await db.membership.findMany({
    where: { organization: { slug: 'acme' } },
    include: { organization: true, user: true },
  });
  const ctx = (role: 'ADMIN' | 'MANAGER' | 'ANALYST'): OrgContext => {
    const m = members.find((x) => x.role === role)!;
    return {
      orgId: m.organizationId,
      orgName: m.organization.name,
      role,
      userId: m.userId,
      apiKeyId: null,
      actorLabel: m.user.email,
    };
  };
  const close = async () => {
    await db.$disconnect();
    const { pgPool } = await import('../../lib/pg-pool');
    await pgPool().end();
    await drop();
    await server.stop();
  };
  return { url, db, ctx, close };
}
