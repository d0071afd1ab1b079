import path from 'node:path';
import { scriptEnv } from '../lib/env';
import { runMigrations } from '../lib/migrations/run-migrations';
import { dropDatabase, ensureDatabase } from '../lib/postgres/embedded';
import { DATA_DIR, resolveDatabase, withDatabase } from './runtime';

/**
 * Throw-away databases for tests, on the server named by TEST_PG_URL, else DATABASE_URL, else an embedded
 * server under .data/test-pg. Refuses any host but this machine, so a test can never touch a remote database.
 */
export async function testServerUrl(): Promise<{ url: string; stop: () => Promise<void> }> {
  const fromEnv = scriptEnv().TEST_PG_URL ?? scriptEnv().DATABASE_URL;
  if (fromEnv) {
    assertLocal(fromEnv);
    return { url: fromEnv, stop: async () => undefined };
  }
  const { url, embedded } = await resolveDatabase({
    embeddedDir: path.join(DATA_DIR, 'test-pg'),
    port: 54330,
    database: 'postgres',
  });
  return {
    url,
    stop: async () => {
      await embedded?.stop();
    },
  };
}

export function assertLocal(url: string): void {
  const host = new URL(url).hostname;
  if (!['localhost', '127.0.0.1', '::1', '[::1]', ''].includes(host)) {
    throw new Error(`refusing to run tests against a non-local database host (${host})`);
  }
}

/** Creates a fresh database with all migrations applied; returns its URL and a drop function. */
export async function freshDatabase(
  serverUrl: string,
  name: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  assertLocal(serverUrl);
  await dropDatabase(serverUrl, name);
  await ensureDatabase(serverUrl, name);
  const url = withDatabase(serverUrl, name);
  await runMigrations(url);
  return { url, drop: () => dropDatabase(serverUrl, name) };
}
