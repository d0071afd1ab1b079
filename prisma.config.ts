import path from 'node:path';
import { defineConfig } from 'prisma/config';

// Prisma CLI config. Only `prisma generate` and `prisma migrate diff` (schema-to-SQL, no database) are used;
// migrations are applied by lib/db/migrate.ts. engine 'js' keeps the CLI on its WebAssembly schema engine,
// which needs no download.
export default defineConfig({
  schema: path.join('prisma', 'schema.prisma'),
  experimental: { adapter: true },
  engine: 'js',
  async adapter() {
    const { PrismaPg } = await import('@prisma/adapter-pg');
    return new PrismaPg({ connectionString: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/postgres' });
  },
});
