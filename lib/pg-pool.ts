import 'server-only';
import { availableParallelism } from 'node:os';
import { Pool } from 'pg';
import { env } from './env';
import { logIdleConnectionError } from './pg-errors';
import { poolSizeFor } from './postgres/pool-size';

/**
 * A node-postgres pool for the bulk paths Prisma is not made for (multi-row COPY-like inserts inside one long
 * transaction) and the serving path's reads and group-committed inserts. Everything else goes through lib/db.ts.
 * Created on first use; its size (and Prisma's) comes from the cores and the server processes sharing them.
 */
const globalForPool = globalThis as unknown as { pgPool?: Pool };

export function pgPool(): Pool {
  if (!globalForPool.pgPool) {
    globalForPool.pgPool = new Pool({ connectionString: env().DATABASE_URL, max: appPoolSize() });
    globalForPool.pgPool.on('error', logIdleConnectionError);
  }
  return globalForPool.pgPool;
}

/** Connections per pool of this process (lib/postgres/pool-size.ts). */
export function appPoolSize(): number {
  const e = env();
  return poolSizeFor({ cores: availableParallelism(), processes: e.SERVER_PROCESSES, override: e.DB_POOL_SIZE });
}
