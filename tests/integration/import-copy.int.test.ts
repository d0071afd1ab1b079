import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ColumnMapping, resolveHeader } from '@/lib/data/csv-schema';
import { loadLineHashes } from '@/lib/datasets/bulk-insert';
import type { FingerprintSet } from '@/lib/datasets/fingerprint-set';
import { ImportCancelled, importCsv } from '@/lib/datasets/import-csv';
import { db } from '@/lib/db';
import { pgPool } from '@/lib/pg-pool';
import { orgContext } from './helpers';

/**
 * The COPY ingest (issue 17 item 3) below the route: rows staged by COPY and moved by one set-based statement,
 * inside the caller's transaction. Each test uses its own customers (prefix) in the seeded Globex organisation.
 */
async function newDataset(orgId: string, kind: 'EVENTS' | 'CUSTOMERS') {
  return db.dataset.create({
    data: { organizationId: orgId, name: 'copy test', kind, fileName: 'x.csv', contentHash: randomUUID() },
  });
}

async function csvFile(lines: string[]): Promise<{ file: string; bytes: number }> {
  const file = path.join(os.tmpdir(), `op-copy-${randomUUID()}.csv`);
  const text = `${lines.join('\n')}\n`;
  await writeFile(file, text);
  return { file, bytes: Buffer.byteLength(text) };
}

const EVENTS_HEADER = 'customer_id,timestamp,type,product_id,category,price,quantity';

async function runEvents(
  orgId: string,
  datasetId: string,
  lines: string[],
  opts: { knownHashes?: FingerprintSet; cancelAfter?: number; batchSize?: number } = {},
) {
  const { file, bytes } = await csvFile([EVENTS_HEADER, ...lines]);
  const header = resolveHeader('events', EVENTS_HEADER.split(','));
  if (!header.ok) throw new Error('header');
  const client = await pgPool().connect();
  let progressCalls = 0;
  try {
    await client.query('BEGIN');
    const out = await importCsv(client, {
      kind: 'events',
      filePath: file,
      totalBytes: bytes,
      mapping: header.mapping as ColumnMapping,
      createCustomers: true,
      knownHashes: opts.knownHashes,
      batchSize: opts.batchSize,
      scope: { orgId, datasetId, piiSecret: 'p'.repeat(32), customerIds: new Map() },
      onProgress: async () => ++progressCalls >= (opts.cancelAfter ?? Infinity),
    });
    await client.query('COMMIT');
    return out;
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    // the connection must be usable again after a COPY that was abandoned
    const ok = await client.query('SELECT 1 AS one');
    expect(ok.rows[0].one).toBe(1);
    client.release();
  }
}

describe('COPY ingest', () => {
  it('stores text with tabs, newlines and backslashes exactly, in file order', async () => {
    const ctx = await orgContext('globex', 'ADMIN');
    const ds = await newDataset(ctx.orgId, 'EVENTS');
    const out = await runEvents(ctx.orgId, ds.id, [
      'cx-esc-1,2026-01-01T00:00:00Z,purchase,"a\tb",back\\slash,1.5,2',
      'cx-esc-1,2026-01-02T00:00:00Z,view,"line\nbreak",\\N,,1',
      'cx-esc-2,2026-01-03T00:00:00Z,purchase,p3,plain,0.1,3',
    ]);
    expect([out.rowsTotal, out.rowsAccepted, out.rowsDuplicate]).toEqual([3, 3, 0]);
    const rows = await db.event.findMany({ where: { datasetId: ds.id }, orderBy: { id: 'asc' } });
    expect(rows.map((r) => [r.productId, r.category, r.price, r.quantity, r.type])).toEqual([
      ['a\tb', 'back\\slash', 1.5, 2, 'PURCHASE'],
      ['line\nbreak', '\\N', null, 1, 'VIEW'],
      ['p3', 'plain', 0.1, 3, 'PURCHASE'],
    ]);
    const created = await db.customer.findMany({ where: { datasetId: ds.id }, select: { externalId: true } });
    expect(created.map((c) => c.externalId).sort()).toEqual(['cx-esc-1', 'cx-esc-2']);
  });

  it('keeps nothing when cancelled while the COPY is open, and the connection stays usable', async () => {
    const ctx = await orgContext('globex', 'ADMIN');
    const ds = await newDataset(ctx.orgId, 'EVENTS');
    const lines = Array.from(
      { length: 30 },
      (_, i) => `cx-cancel-${i % 3},2026-02-01T00:00:${String(i).padStart(2, '0')}Z,view,p${i},,,1`,
    );
    await expect(runEvents(ctx.orgId, ds.id, lines, { batchSize: 10, cancelAfter: 2 })).rejects.toBeInstanceOf(
      ImportCancelled,
    );
    expect(await db.event.count({ where: { datasetId: ds.id } })).toBe(0);
    expect(await db.customer.count({ where: { datasetId: ds.id } })).toBe(0);
    expect(await db.datasetFingerprint.count({ where: { datasetId: ds.id } })).toBe(0);
  });

  it('drops, set-based, a row whose fingerprint another import stored after this one started', async () => {
    const ctx = await orgContext('globex', 'ADMIN');
    const first = await newDataset(ctx.orgId, 'EVENTS');
    const second = await newDataset(ctx.orgId, 'EVENTS');
    const shared = 'cx-race-1,2026-03-01T00:00:00Z,purchase,p1,,9.5,1';
    // the second import started before the first committed: its in-memory fingerprints do not have the shared line
    const c = await pgPool().connect();
    const before = await loadLineHashes(c, ctx.orgId, 'events').finally(() => c.release());
    await runEvents(ctx.orgId, first.id, [shared]);
    const out = await runEvents(ctx.orgId, second.id, [shared, 'cx-race-1,2026-03-02T00:00:00Z,purchase,p2,,1,1'], {
      knownHashes: before,
    });
    expect([out.rowsTotal, out.rowsAccepted, out.rowsDuplicate]).toEqual([2, 1, 1]);
    const kept = await db.event.findMany({ where: { datasetId: second.id }, select: { productId: true } });
    expect(kept.map((e) => e.productId)).toEqual(['p2']);
    expect(
      await db.event.count({
        where: { organizationId: ctx.orgId, productId: 'p1', customer: { externalId: 'cx-race-1' } },
      }),
    ).toBe(1);
  });

  it('finds every duplicate of a 120,000-row file (across COPY chunks and fingerprint-table growth) and of an earlier file, exactly', async () => {
    const ctx = await orgContext('globex', 'ADMIN');
    const first = await newDataset(ctx.orgId, 'EVENTS');
    const second = await newDataset(ctx.orgId, 'EVENTS');
    const t0 = Date.UTC(2026, 3, 1);
    const line = (k: number) =>
      `cx-big-${k % 500},${new Date(t0 + k * 1000).toISOString()},view,p${k},,1.5,${1 + (k % 3)}`;
    // every 40th line (k ≡ 39 mod 40) from k = 30,039 repeats line k − 30,011 (≡ 28 mod 40: itself kept), far back
    // in the file: (119,999 − 30,039) / 40 + 1 = 2,250 duplicates
    const lines = Array.from({ length: 120_000 }, (_, k) => line(k % 40 === 39 && k >= 30_011 ? k - 30_011 : k));
    const a = await runEvents(ctx.orgId, first.id, lines);
    expect([a.rowsTotal, a.rowsAccepted, a.rowsDuplicate]).toEqual([120_000, 117_750, 2_250]);
    expect(await db.event.count({ where: { datasetId: first.id } })).toBe(117_750);
    const dup = await db.datasetRejection.findMany({
      where: { datasetId: first.id, severity: 'duplicate' },
      orderBy: { line: 'asc' },
      select: { line: true, raw: true },
    });
    expect(dup.length).toBe(2_250);
    // file line = k + 2 (the header is line 1)
    expect(dup[0]).toEqual({ line: 30_041, raw: line(28) });
    expect(dup[2_249]).toEqual({ line: 120_001, raw: line(119_999 - 30_011) });

    // the organisation's stored fingerprints, streamed into the compact set: one per kept row
    const c = await pgPool().connect();
    const known = await loadLineHashes(c, ctx.orgId, 'events').finally(() => c.release());
    const before = known.size;
    expect(before).toBeGreaterThanOrEqual(117_750);
    expect(known.bytes / known.size).toBeLessThan(21.4); // 8 bytes a slot at a load of 3/8 to 3/4
    // a second file: 1,000 lines of the first, 1,000 new ones, and 10 of those new ones again
    const again = Array.from({ length: 1_000 }, (_, k) => line(k));
    const fresh = Array.from({ length: 1_000 }, (_, k) => line(200_000 + k));
    const b = await runEvents(ctx.orgId, second.id, [...again, ...fresh, ...fresh.slice(0, 10)], {
      knownHashes: known,
    });
    expect([b.rowsTotal, b.rowsAccepted, b.rowsDuplicate]).toEqual([2_010, 1_000, 1_010]);
    expect(known.size).toBe(before + 1_000);
    expect(await db.event.count({ where: { datasetId: second.id } })).toBe(1_000);
  }, 180_000);
});
