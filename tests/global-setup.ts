import type { TestProject } from 'vitest/node';
import { seedDemo } from '../scripts/seed';
import { freshDatabase, testServerUrl } from '../scripts/test-db';

/**
 * Integration tests run against a real Postgres: a fresh database `op_it`, migrated and seeded with the demo
 * organisations, on the local test server (TEST_PG_URL / DATABASE_URL / embedded). Dropped afterwards.
 */
export default async function setup(project: TestProject) {
  const server = await testServerUrl();
  const db = await freshDatabase(server.url, 'op_it');
  await seedDemo(db.url);
  process.env.DATABASE_URL = db.url;
  process.env.NEXTAUTH_SECRET ??= 'integration-tests-only-secret-0123456789abcdef';
  process.env.LOG_LEVEL ??= 'silent';
  project.provide('serverUrl', server.url);
  project.provide('databaseUrl', db.url);
  return async () => {
    await db.drop();
    await server.stop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    serverUrl: string;
    databaseUrl: string;
  }
}
