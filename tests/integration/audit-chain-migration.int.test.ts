import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { verifyAuditChain } from '@/lib/audit/verify-audit-chain';
import { listMigrations, MIGRATIONS_DIR, runMigrations } from '@/lib/migrations/run-migrations';
import { dropDatabase, ensureDatabase } from '@/lib/postgres/embedded';

/** Issue 12 item 14: audit rows written before the hash chain existed are chained by its migration. */
const server = inject('serverUrl');
const name = `op_it_${inject('runId')}_audit_upgrade`;
afterAll(() => dropDatabase(server, name));

describe('audit hash chain migration', () => {
  it('chains existing rows per organisation in (createdAt, id) order, and later inserts continue the chain', async () => {
    await dropDatabase(server, name);
    await ensureDatabase(server, name);
    const url = Object.assign(new URL(server), { pathname: `/${name}` }).toString();
    const all = await listMigrations();
    const cut = all.findIndex((m) => m.name.endsWith('_audit_hash_chain'));
    expect(cut).toBeGreaterThan(0);
    // the database as it was before the upgrade, with audit rows in it
    const before = await mkdtemp(path.join(os.tmpdir(), 'op-audit-upgrade-'));
    for (const m of all.slice(0, cut))
      await cp(path.join(MIGRATIONS_DIR, m.name), path.join(before, m.name), { recursive: true });
    await runMigrations(url, before);
    await rm(before, { recursive: true });
    const c = new Client({ connectionString: url });
    await c.connect();
    try {
      await c.query(
        `INSERT INTO "Organization" (id, name, slug, "piiSecret") VALUES ('oa', 'A', 'a', 'k'), ('ob', 'B', 'b', 'k')`,
      );
      // rows inserted out of order; two share a timestamp (id breaks the tie)
      await c.query(`INSERT INTO "AuditLog" (id, "organizationId", action, "entityType", "entityId", diff, "createdAt") VALUES
        ('a3', 'oa', 'x.third', 'T', '3', '{"n": 3}', '2026-01-03 00:00:00'),
        ('a1', 'oa', 'x.first', 'T', '1', NULL, '2026-01-01 00:00:00'),
        ('a2b', 'oa', 'x.second-b', 'T', '2', '{"s": "é"}', '2026-01-02 00:00:00'),
        ('a2a', 'oa', 'x.second-a', 'T', '2', NULL, '2026-01-02 00:00:00'),
        ('b1', 'ob', 'y.first', 'T', '1', NULL, '2026-01-05 00:00:00')`);
      const upgraded = await runMigrations(url);
      expect(upgraded.applied[0]).toMatch(/_audit_hash_chain$/);
      const rows = await c.query<{ id: string; chainSeq: number }>(
        `SELECT id, "chainSeq" FROM "AuditLog" ORDER BY "organizationId", "chainSeq"`,
      );
      expect(rows.rows.map((r) => `${r.id}:${r.chainSeq}`)).toEqual(['a1:1', 'a2a:2', 'a2b:3', 'a3:4', 'b1:1']);
      expect(await verifyAuditChain(c, 'oa')).toMatchObject({ intact: true, verifiedRows: 4 });
      expect(await verifyAuditChain(c, 'ob')).toMatchObject({ intact: true, verifiedRows: 1 });
      await c.query(
        `INSERT INTO "AuditLog" (id, "organizationId", action, "entityType", "entityId") VALUES ('a5', 'oa', 'x.after', 'T', '5')`,
      );
      const after = await c.query<{ chainSeq: number }>(`SELECT "chainSeq" FROM "AuditLog" WHERE id = 'a5'`);
      expect(after.rows[0].chainSeq).toBe(5);
      expect(await verifyAuditChain(c, 'oa')).toMatchObject({ intact: true, verifiedRows: 5 });
    } finally {
      await c.end();
    }
  });
});
