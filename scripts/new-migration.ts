/**
 * `npm run db:migration:new -- <name>` writes prisma/migrations/<timestamp>_<name>/migration.sql with the SQL
 * that takes the database from the schema of the last committed migration to the current prisma/schema.prisma.
 * The drift test (lib/migrations/run-migrations.int.test.ts) guarantees that every commit's schema and
 * migrations agree, so "the schema at the last commit that touched prisma/migrations" is what they produce.
 * Uses Prisma's WebAssembly schema engine (no download, no database).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('usage: npm run db:migration:new -- <snake_case_name>');
  process.exit(2);
}
const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8' }).trim();
const lastCommit = git('log', '-1', '--format=%H', '--', 'prisma/migrations');
const prisma = path.join(process.cwd(), 'node_modules', '.bin', 'prisma');
const from: string[] = lastCommit
  ? (() => {
      const file = path.join(os.tmpdir(), `schema-${lastCommit.slice(0, 8)}.prisma`);
      writeFileSync(file, git('show', `${lastCommit}:prisma/schema.prisma`));
      return ['--from-schema-datamodel', file];
    })()
  : ['--from-empty'];
const sql = execFileSync(prisma, ['migrate', 'diff', ...from, '--to-schema-datamodel', 'prisma/schema.prisma', '--script'], {
  encoding: 'utf8',
  env: { ...process.env, PRISMA_QUERY_ENGINE_LIBRARY: '/bin/false', CHECKPOINT_DISABLE: '1' },
});
if (!sql.trim() || /^-- This is an empty migration/.test(sql.trim())) {
  console.log('schema.prisma has no change since the last migration; nothing written');
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
const dir = path.join('prisma', 'migrations', `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, 'migration.sql'), sql);
console.log(`wrote ${dir}/migration.sql — review it, commit it with the schema change`);
