import { randomBytes } from 'node:crypto';
import { afterAll, inject } from 'vitest';
import { dropDatabase, ensureDatabase } from '../lib/postgres/embedded';
import { withDatabase } from '../scripts/runtime';

/**
 * Runs before every integration test file, in its worker: copies the run's seeded template into a database of
 * this file's own and points DATABASE_URL at it before any app module reads the environment. Dropped after the
 * file, with the file's Prisma client closed first.
 */
const server = inject('serverUrl');
const name = `op_it_${inject('runId')}_${randomBytes(4).toString('hex')}`;
await ensureDatabase(server, name, inject('templateDatabase'));
process.env.DATABASE_URL = withDatabase(server, name);

afterAll(async () => {
  const { closeDatabaseConnections } = await import('../lib/db');
  await closeDatabaseConnections();
  await dropDatabase(server, name);
});
