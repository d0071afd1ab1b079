/**
 * `npm run db:migration:new -- <name>` writes prisma/migrations/<timestamp>_<name>/migration.sql with the SQL
 * that takes the database from the schema of the last committed migration to the current prisma/schema.prisma.
 * The drift test (lib/migrations/run-migrations.int.test.ts) guarantees that every commit's schema and
 * migrations agree, so "the schema at the last commit that touched prisma/migrations" is what they produce.
 * Uses Prisma's WebAssembly schema engine (no download). The engine opens a connection through the driver
 * adapter even for a schema-to-schema diff, so a local test server is provided (nothing is written to it).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { testServerUrl } from './test-db';

const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8' }).trim();

/** `--from-…` arguments: the schema as of the last commit that touched the migrations, or empty. */
function fromArgs(): string[] {
  const lastCommit = git('log', '-1', '--format=%H', '--', 'prisma/migrations');
  if (!lastCommit) return ['--from-empty'];
  const file = path.join(os.tmpdir(), `schema-${lastCommit.slice(0, 8)}.prisma`);
  writeFileSync(file, git('show', `${lastCommit}:prisma/schema.prisma`));
  return ['--from-schema-datamodel', file];
}

async function main() {
  const name = process.argv[2];
  if (!name || !/^[a-z0-9_]+$/.test(name)) {
    console.error('usage: npm run db:migration:new -- <snake_case_name>');
    process.exit(2);
  }
  const server = await testServerUrl();
  const prisma = path.join(process.cwd(), 'node_modules', '.bin', 'prisma');
  let sql: string;
  try {
    sql = execFileSync(
      prisma,
      ['migrate', 'diff', ...fromArgs(), '--to-schema-datamodel', 'prisma/schema.prisma', '--script'],
      {
        encoding: 'utf8',
        env: {
          ...process.env,
          DATABASE_URL: server.url,
          PRISMA_QUERY_ENGINE_LIBRARY: '/bin/false',
          CHECKPOINT_DISABLE: '1',
        },
      },
    );
  } finally {
    await server.stop();
  }
  if (!sql.trim() || sql.includes('-- This is an empty migration')) {
    console.log('schema.prisma has no change since the last migration; nothing written');
    return;
  }
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const dir = path.join('prisma', 'migrations', `${stamp}_${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'migration.sql'), sql);
  console.log(`wrote ${dir}/migration.sql — review it, commit it with the schema change`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
