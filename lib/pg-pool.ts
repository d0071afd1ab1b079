import 'server-only';
import { Pool } from 'pg';
import { env } from './env';
import { logIdleConnectionError } from './pg-errors';

/**
 * A node-postgres pool for the bulk paths Prisma is not made for (multi-row COPY-like inserts inside one long
 * transaction). Everything else goes through lib/db.ts. Created on first use.
 */
const globalForPool = globalThis as unknown as { pgPool?: Pool };

export function pgPool(): Pool {
  if (!globalForPool.pgPool) {
    globalForPool.pgPool = new Pool({ connectionString: env().DATABASE_URL, max: 4 });
    globalForPool.pgPool.on('error', logIdleConnectionError);
  }
  return globalForPool.pgPool;
}
