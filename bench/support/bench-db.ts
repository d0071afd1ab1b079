import { seedDemo } from '../../scripts/seed';
import { freshDatabase, testServerUrl } from '../../scripts/test-db';
import { acmeContexts, setBenchEnv } from './bench-env';

/**
 * A throw-away database for a benchmark on the local test server (TEST_PG_URL / DATABASE_URL / embedded), with the
 * demo organisations seeded and the app environment set, plus contexts of Acme's users and one `close()`.
 */
export async function openBenchDatabase(name: string) {
  const server = await testServerUrl();
  const { url, drop } = await freshDatabase(server.url, name);
  setBenchEnv(url);
  await seedDemo(url);
  const { db } = await import('../../lib/db');
  const ctx = await acmeContexts(db);
  const close = async () => {
    await db.$disconnect();
    const { pgPool } = await import('../../lib/pg-pool');
    await pgPool().end();
    await drop();
    await server.stop();
  };
  return { url, db, ctx, close };
}
