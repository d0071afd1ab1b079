import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { schemaSnapshot } from '../../tests/schema-snapshot';
import { dropDatabase, ensureDatabase } from '../postgres/embedded';
import { listMigrations, MIGRATIONS_DIR, runMigrations } from './run-migrations';

const server = inject('serverUrl');
const dbUrl = (name: string) => Object.assign(new URL(server), { pathname: `/${name}` }).toString();
const created: string[] = [];
async function emptyDb(label: string) {
  const name = `op_it_${inject('runId')}_${label}`;
  await dropDatabase(server, name);
  await ensureDatabase(server, name);
  created.push(name);
  return dbUrl(name);
}
afterAll(async () => {
  for (const n of created) await dropDatabase(server, n);
});

describe('migrations', () => {
  it('are idempotent: a second run applies nothing', async () => {
    const url = await emptyDb('migrate_twice');
    const names = (await listMigrations()).map((m) => m.name);
    expect(await runMigrations(url)).toEqual({ applied: names, skipped: [] });
    expect(await runMigrations(url)).toEqual({ applied: [], skipped: names });
  });

  it('refuse a migration edited after it was applied', async () => {
    const url = await emptyDb('migrate_tampered');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'op-migrations-'));
    await cp(MIGRATIONS_DIR, dir, { recursive: true });
    await runMigrations(url, dir);
    const first = (await listMigrations(dir))[0].name;
    const file = path.join(dir, first, 'migration.sql');
    await writeFile(file, (await readFile(file, 'utf8')) + '\n-- edited\n');
    await expect(runMigrations(url, dir)).rejects.toThrow(`migration ${first} was changed after it was applied`);
  });

  it('roll back a failing migration and record nothing for it', async () => {
    const url = await emptyDb('migrate_broken');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'op-migrations-'));
    await cp(MIGRATIONS_DIR, dir, { recursive: true });
    const { mkdir } = await import('node:fs/promises');
    await mkdir(path.join(dir, '99999999999999_broken'));
    await writeFile(
      path.join(dir, '99999999999999_broken', 'migration.sql'),
      'CREATE TABLE "Half" (id int);\nSELECT no_such_function();',
    );
    await expect(runMigrations(url, dir)).rejects.toThrow('migration 99999999999999_broken failed');
    const c = new Client({ connectionString: url });
    await c.connect();
    const half = await c.query(`SELECT to_regclass('public."Half"') AS t`);
    const recorded = await c.query('SELECT name FROM "_offerpilot_migrations" ORDER BY name');
    await c.end();
    expect(half.rows[0].t).toBeNull();
    expect(recorded.rows.map((r) => r.name)).toEqual((await listMigrations()).map((m) => m.name));
  });

  it('match prisma/schema.prisma exactly (drift check)', async () => {
    const viaMigrations = await emptyDb('drift_migrations');
    await runMigrations(viaMigrations);
    const viaSchema = await emptyDb('drift_schema');
    const sql = execFileSync(
      path.join(process.cwd(), 'node_modules', '.bin', 'prisma'),
      ['migrate', 'diff', '--from-empty', '--to-schema-datamodel', 'prisma/schema.prisma', '--script'],
      {
        env: {
          ...process.env,
          PRISMA_QUERY_ENGINE_LIBRARY: '/bin/false',
          CHECKPOINT_DISABLE: '1',
          DATABASE_URL: viaSchema,
        },
        encoding: 'utf8',
      },
    );
    const c = new Client({ connectionString: viaSchema });
    await c.connect();
    await c.query(sql);
    await c.end();
    const [a, b] = await Promise.all([schemaSnapshot(viaMigrations), schemaSnapshot(viaSchema)]);
    const onlyInMigrations = a.filter((l) => !b.includes(l));
    const onlyInSchema = b.filter((l) => !a.includes(l));
    expect({ onlyInMigrations, onlyInSchema }).toEqual({ onlyInMigrations: [], onlyInSchema: [] });
    expect(a.length).toBeGreaterThan(200);
  }, 120_000);
});
