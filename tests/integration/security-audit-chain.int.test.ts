import { Pool } from 'pg';
import { describe, expect, it } from 'vitest';
import * as verifyRoute from '@/app/api/v1/audit/verify/route';
import { auditRowHash, GENESIS_HASH } from '@/lib/audit/audit-chain';
import { verifyAuditChain } from '@/lib/audit/verify-audit-chain';
import { writeAudit } from '@/lib/audit/write-audit';
import type { OrgContext } from '@/lib/auth/context';
import { db } from '@/lib/db';
import { pgPool } from '@/lib/pg-pool';
import { createApiKey } from '@/lib/settings/api-keys';
import { call } from './helpers';

/** Issue 12 item 14: the audit log refuses TRUNCATE and carries a per-organisation hash chain that can be verified. */
async function orgWithAudit(slug: string, rows: number) {
  const org = await db.organization.create({ data: { name: slug, slug: `${slug}-${process.pid}` } });
  const mk = async (role: 'ADMIN' | 'MANAGER'): Promise<OrgContext> => {
    const email = `${slug}-${role}-${process.pid}@t.test`;
    const u = await db.user.create({ data: { email, name: email, passwordHash: 'x' } });
    await db.membership.create({ data: { organizationId: org.id, userId: u.id, role } });
    return { orgId: org.id, orgName: org.name, role, userId: u.id, apiKeyId: null, actorLabel: email };
  };
  const admin = await mk('ADMIN');
  const manager = await mk('MANAGER');
  for (let i = 1; i <= rows; i++)
    await db.$transaction((tx) =>
      writeAudit(tx, admin, {
        action: 'test.step',
        entityType: 'Thing',
        entityId: `thing-${i}`,
        diff: { i, note: i % 2 ? 'ünïcødé ✓' : null },
      }),
    );
  return { org, admin, manager };
}

/** An owner's edit that bypasses the append-only trigger (ALTER TABLE … DISABLE TRIGGER), in one transaction. */
async function ownerEdit(sql: string, values: unknown[]) {
  const c = await pgPool().connect();
  try {
    await c.query('BEGIN');
    await c.query('ALTER TABLE "AuditLog" DISABLE TRIGGER USER');
    await c.query(sql, values);
    await c.query('ALTER TABLE "AuditLog" ENABLE TRIGGER USER');
    await c.query('COMMIT');
  } finally {
    c.release();
  }
}

describe('audit log hash chain', () => {
  it('chains every insert (1, 2, … from 64 zeros), verifies intact, and shows it to admins only', async () => {
    const { org, admin, manager } = await orgWithAudit('chain-ok', 5);
    const rows = await db.auditLog.findMany({ where: { organizationId: org.id }, orderBy: { chainSeq: 'asc' } });
    expect(rows.map((r) => r.chainSeq)).toEqual([1, 2, 3, 4, 5]);
    expect(rows[0].prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) expect(rows[i].prevHash).toBe(rows[i - 1].hash);
    // the trigger's hash equals the TypeScript recomputation
    const first = await pgPool().query<{ diffText: string; ms: string }>(
      `SELECT diff::text AS "diffText", ((extract(epoch FROM "createdAt") * 1000)::bigint)::text AS ms FROM "AuditLog" WHERE id = $1`,
      [rows[0].id],
    );
    expect(
      auditRowHash(GENESIS_HASH, {
        ...rows[0],
        diffText: first.rows[0].diffText,
        createdAtMs: first.rows[0].ms,
      }),
    ).toBe(rows[0].hash);
    expect(await verifyAuditChain(pgPool(), org.id)).toEqual({
      intact: true,
      verifiedRows: 5,
      headHash: rows[4].hash,
      brokenAt: null,
    });
    const adminKey = (await createApiKey(admin, { name: 'a', role: 'ADMIN' })).key; // writes a 6th audit row
    const managerKey = (await createApiKey(admin, { name: 'm', role: 'MANAGER' })).key;
    const ok = await call(verifyRoute.GET, { url: '/api/v1/audit/verify', key: adminKey });
    expect([ok.status, ok.body.intact, ok.body.verifiedRows, ok.body.brokenAt]).toEqual([200, true, 7, null]);
    const forbidden = await call(verifyRoute.GET, { url: '/api/v1/audit/verify', key: managerKey });
    expect([forbidden.status, forbidden.body.error.code]).toEqual([403, 'forbidden']);
    expect(manager.role).toBe('MANAGER');
  });

  it('finds a row altered by the owner with triggers disabled, at that row', async () => {
    const { org, admin } = await orgWithAudit('chain-edit', 6);
    await ownerEdit(
      `UPDATE "AuditLog" SET diff = '{"i": 3, "note": "rewritten"}' WHERE "organizationId" = $1 AND "chainSeq" = 3`,
      [org.id],
    );
    const r = await verifyAuditChain(pgPool(), org.id);
    expect([r.intact, r.verifiedRows, r.brokenAt?.row, r.brokenAt?.reason]).toEqual([false, 2, 3, 'content']);
    const key = (await createApiKey(admin, { name: 'a', role: 'ADMIN' })).key;
    const api = await call(verifyRoute.GET, { url: '/api/v1/audit/verify', key });
    expect([api.body.intact, api.body.brokenAt.row, api.body.brokenAt.message]).toEqual([
      false,
      3,
      'row 3 was altered after it was written (its content no longer matches its hash)',
    ]);
  });

  it('finds an altered row whose hash was recomputed at the next row, and a deleted row where it is missing', async () => {
    const a = await orgWithAudit('chain-rehash', 5);
    // the forger rewrites row 2 and then recomputes its hash with the database's own function
    await ownerEdit(`UPDATE "AuditLog" SET action = 'test.forged' WHERE "organizationId" = $1 AND "chainSeq" = 2`, [
      a.org.id,
    ]);
    await ownerEdit(
      `UPDATE "AuditLog" a SET hash = offerpilot_audit_row_hash(a) WHERE "organizationId" = $1 AND "chainSeq" = 2`,
      [a.org.id],
    );
    const r = await verifyAuditChain(pgPool(), a.org.id);
    expect([r.verifiedRows, r.brokenAt?.row, r.brokenAt?.reason]).toEqual([2, 3, 'link']);
    const d = await orgWithAudit('chain-delete', 5);
    await ownerEdit(`DELETE FROM "AuditLog" WHERE "organizationId" = $1 AND "chainSeq" = 4`, [d.org.id]);
    const del = await verifyAuditChain(pgPool(), d.org.id);
    expect([del.verifiedRows, del.brokenAt?.row, del.brokenAt?.reason, del.brokenAt?.message]).toEqual([
      3,
      5,
      'sequence',
      'row 4 is missing before row 5',
    ]);
  });

  it('refuses TRUNCATE (also through a cascade), UPDATE and DELETE', async () => {
    const { org } = await orgWithAudit('chain-truncate', 2);
    await expect(pgPool().query('TRUNCATE "AuditLog"')).rejects.toThrow(/AuditLog is append-only \(TRUNCATE refused\)/);
    await expect(pgPool().query('TRUNCATE "Organization" CASCADE')).rejects.toThrow(/TRUNCATE refused/);
    await expect(
      pgPool().query(`UPDATE "AuditLog" SET action = 'x' WHERE "organizationId" = $1`, [org.id]),
    ).rejects.toThrow(/UPDATE refused/);
    await expect(pgPool().query(`DELETE FROM "AuditLog" WHERE "organizationId" = $1`, [org.id])).rejects.toThrow(
      /DELETE refused/,
    );
    expect(await db.auditLog.count({ where: { organizationId: org.id } })).toBe(2);
  });

  it('keeps the chain valid under 40 concurrent inserting transactions', async () => {
    const { org, admin } = await orgWithAudit('chain-concurrent', 1);
    const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 8 });
    try {
      await Promise.all(
        Array.from({ length: 40 }, async (_, i) => {
          const c = await pool.connect();
          try {
            await c.query('BEGIN');
            await c.query(
              `INSERT INTO "AuditLog" (id, "organizationId", "actorUserId", action, "entityType", "entityId", diff)
               VALUES ($1, $2, $3, 'test.concurrent', 'Thing', $4, $5)`,
              [`conc-${process.pid}-${i}`, org.id, admin.userId, `t${i}`, JSON.stringify({ i })],
            );
            await c.query('SELECT pg_sleep(0.005)'); // hold the transaction open while others queue
            await c.query('COMMIT');
          } finally {
            c.release();
          }
        }),
      );
    } finally {
      await pool.end();
    }
    const seqs = (await db.auditLog.findMany({ where: { organizationId: org.id }, select: { chainSeq: true } }))
      .map((r) => r.chainSeq)
      .sort((x, y) => x - y);
    expect(seqs).toEqual(Array.from({ length: 41 }, (_, i) => i + 1));
    expect(await verifyAuditChain(pgPool(), org.id)).toMatchObject({ intact: true, verifiedRows: 41 });
  });
});
