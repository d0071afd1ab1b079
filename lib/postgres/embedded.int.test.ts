import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { describe, expect, it } from 'vitest';
import { runMigrations } from '../migrations/run-migrations';
import { startEmbeddedPostgres } from './embedded';

/** A port nothing listens on now, so two runs on one machine never collide. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

describe('embedded PostgreSQL (used when DATABASE_URL is unset)', () => {
  it('initialises, migrates, and keeps data across a restart', async () => {
    const parent = await mkdtemp(path.join(os.tmpdir(), 'op-embedded-'));
    await chmod(parent, 0o755); // as root, the server runs as the 'postgres' system user, which must reach it
    const dir = path.join(parent, 'pg');
    const opts = { dataDir: dir, port: await freePort(), database: 'offerpilot' };
    const first = await startEmbeddedPostgres(opts);
    try {
      const r = await runMigrations(first.connectionString);
      expect(r.applied.length).toBeGreaterThan(0);
      const c = new Client({ connectionString: first.connectionString });
      await c.connect();
      await c.query(`INSERT INTO "Organization" (id, name, slug, "piiSecret") VALUES ('o1', 'Kept', 'kept', 's')`);
      const v = await c.query('SHOW server_version');
      await c.end();
      expect(Number(String(v.rows[0].server_version).split('.')[0])).toBe(18);
    } finally {
      await first.stop();
    }
    const second = await startEmbeddedPostgres(opts);
    try {
      expect((await runMigrations(second.connectionString)).applied).toEqual([]);
      const c = new Client({ connectionString: second.connectionString });
      await c.connect();
      const rows = await c.query('SELECT name FROM "Organization"');
      await c.end();
      expect(rows.rows).toEqual([{ name: 'Kept' }]);
    } finally {
      await second.stop();
      await rm(path.dirname(dir), { recursive: true, force: true });
    }
  }, 120_000);
});
