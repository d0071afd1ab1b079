import type { PrismaClient } from '@/generated/prisma/client';
import { memberContext, type OrgContext } from '../../lib/auth/context';
import type { RoleName } from '../../lib/rbac';
import { setThrowAwayKeys } from '../../scripts/runtime';

/**
 * The app environment of a bench on the database `url`, in process.env (what lib/ reads, and what a server or worker
 * the bench spawns inherits): the database, a public session secret, throw-away keys derived from a public label
 * (scripts/runtime.ts), warnings only in the log. Call it before importing lib/ modules that read the environment.
 */
export function setBenchEnv(url: string): void {
  process.env.DATABASE_URL = url;
  process.env.NEXTAUTH_SECRET ??= 'bench-only-secret-0123456789abcdefghijklmnop';
  process.env.LOG_LEVEL = 'warn';
  setThrowAwayKeys('bench');
}

/** Acme's seeded users (one per role) as the contexts their sessions act as. */
export async function acmeContexts(db: PrismaClient): Promise<(role: RoleName) => OrgContext> {
  const members = await db.membership.findMany({
    where: { organization: { slug: 'acme' } },
    include: { organization: true, user: true },
  });
  return (role) => {
    const m = members.find((x) => x.role === role);
    if (!m) throw new Error(`no ${role} in the seeded organisation acme`);
    return memberContext(m);
  };
}
