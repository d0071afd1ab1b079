import 'server-only';
import type { PrismaClient } from '@/generated/prisma/client';
import { env } from './env';
import { appPoolSize } from './pg-pool';
import { createPrismaClient } from './prisma-client';

/**
 * The one Prisma client of the app process, created on first use (so `next build` needs no database) and
 * reused across hot reloads in development.
 */
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

function client(): PrismaClient {
  globalForPrisma.prisma ??= createPrismaClient(env().DATABASE_URL, appPoolSize());
  return globalForPrisma.prisma;
}

export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, prop) {
    const c = client();
    const value = Reflect.get(c, prop);
    return typeof value === 'function' ? value.bind(c) : value;
  },
});

/** Closes this process's database connections (Prisma's pool and the bulk pool), e.g. before a clean stop. */
export async function closeDatabaseConnections(): Promise<void> {
  const g = globalThis as unknown as { prisma?: PrismaClient; pgPool?: { end(): Promise<void> } };
  await g.prisma?.$disconnect();
  await g.pgPool?.end();
  g.prisma = undefined;
  g.pgPool = undefined;
}
