import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { setThrowAwayKeys } from '../scripts/runtime';
import { seedDemo } from '../scripts/seed';
import { freshDatabase, testServerUrl } from '../scripts/test-db';

/**
 * Integration tests run against a real Postgres. Once per run: a template database, migrated and seeded with the
 * demo organisations. Each test file then gets its own copy of it (tests/per-file-database.ts), so no file sees
 * another file's writes and the order files run in cannot matter. Names carry a random run id, so two runs on one
 * server (two checkouts, CI beside a developer) never meet. Everything is dropped afterwards.
 */
export default async function setup(project: TestProject) {
  const server = await testServerUrl();
  const runId = randomBytes(3).toString('hex');
  const templateName = `op_it_${runId}_tpl`;
  const template = await freshDatabase(server.url, templateName);
  process.env.NEXTAUTH_SECRET ??= 'integration-tests-only-secret-0123456789abcdef';
  setThrowAwayKeys('integration-tests'); // before the seed: it encrypts the organisations' PII keys
  await seedDemo(template.url, { passwordHashing: 'throwaway' }); // public password, cheap hash: see seed-orgs.ts
  process.env.LOG_LEVEL ??= 'silent';
  project.provide('serverUrl', server.url);
  project.provide('runId', runId);
  project.provide('templateDatabase', templateName);
  return async () => {
    await template.drop();
    await server.stop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    serverUrl: string;
    /** random per run: prefix for every database a test creates */
    runId: string;
    /** migrated + seeded database that each test file copies */
    templateDatabase: string;
  }
}
