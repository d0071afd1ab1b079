import { freshDatabase } from '../../scripts/test-db';

/**
 * Runs `run` on a fresh database `name` on the system server (SCALE_PG_URL, default postgresql://root@127.0.0.1:5432),
 * then closes the app's connections and drops it (`keep`: leaves it and says so). Used by bench/scale.ts and
 * bench/customers-paging.ts.
 */
export async function withThrowAwayDatabase(name: string, keep: boolean, run: (url: string) => Promise<void>) {
  const made = await freshDatabase(process.env.SCALE_PG_URL ?? 'postgresql://root@127.0.0.1:5432/postgres', name);
  try {
    await run(made.url);
  } finally {
    const { closeDatabaseConnections } = await import('../../lib/db');
    await closeDatabaseConnections().catch(() => undefined);
    if (!keep) await made.drop();
    else console.log(`kept database ${name}`);
  }
}
