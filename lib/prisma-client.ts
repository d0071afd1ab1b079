import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@/generated/prisma/client';
import { logIdleConnectionError } from './pg-errors';

/** Builds a Prisma client on the node-postgres driver adapter (the app's one client lives in lib/db.ts). */
export function createPrismaClient(connectionString: string, poolSize?: number): PrismaClient {
  const adapter = new PrismaPg(
    { connectionString, ...(poolSize ? { max: poolSize } : {}) },
    { onPoolError: logIdleConnectionError, onConnectionError: logIdleConnectionError },
  );
  return new PrismaClient({ adapter });
}
