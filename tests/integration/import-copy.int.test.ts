import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ColumnMapping, resolveHeader } from '@/lib/data/csv-schema';
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

/** whether an import of the organisation's events waits for the import lock (bulk-insert.ts) */
async function waitsForImportLock(orgId: string): Promise<boolean> {
  const r = await pgPool().query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND objsubid = 2
     AND classid = hashtext($1)::oid AND objid = 1`,
    [`offerpilot-import:${orgId}`],
  );
  return r.rows[0].n > 0;
}

async function customerMap(orgId: string): Promise<Map<string, string>> {
  const all = await db.customer.findMany({ where: { organizationId: orgId }, select: { id: true, externalId: true } });
  return new Map(all.map((c) => [c.externalId, c.id]));
}

const EVENTS_HEADER = 'customer_id,timestamp,type,product_id,category,price,quantity';

async function runEvents(
  orgId: string,
  datasetId: string,
  lines: string[],
  opts: {
    onKnownHashes?: (set: FingerprintSet) => void;
    cancelAfter?: number;
    batchSize?: number;
    /** known customers only (external id -> id; straight COPY into "Event", event-rows.ts) instead of creating them */
    customerIds?: Map<string, string>;
    /** called before COMMIT, the import's lock held */
    beforeCommit?: () => Promise<void>;
  } = {},
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
      createCustomers: !opts.customerIds,
      onKnownHashes: opts.onKnownHashes,
      batchSize: opts.batchSize,
      scope: { orgId, datasetId, piiSecret: 'p'.repeat(32), customerIds: opts.customerIds ?? new Map() },
      onProgress: async () => ++progressCalls >= (opts.cancelAfter ?? Infinity),
    });
    await opts.beforeCommit?.();
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

  it.each([
    ['creating its customers (staging table)', false],
    ['of known customers (COPY into "Event")', true],
  ])('a concurrent import %s waits for the first one and stores a shared row once', async (_, known) => {
    const ctx = await orgContext('globex', 'ADMIN');
    const first = await newDataset(ctx.orgId, 'EVENTS');
    const second = await newDataset(ctx.orgId, 'EVENTS');
    const c = known ? 'cx-race-k' : 'cx-race-s';
    if (known)
      await runEvents(ctx.orgId, (await newDataset(ctx.orgId, 'EVENTS')).id, [`${c},2026-03-09T00:00:00Z,view,p0,,,1`]);
    const customerIds = known ? await customerMap(ctx.orgId) : undefined;
    const shared = `${c},2026-03-01T00:00:00Z,purchase,p1,,9.5,1`;
    let other: ReturnType<typeof runEvents> | null = null;
    const a = await runEvents(ctx.orgId, first.id, [shared], {
      customerIds,
      // the second import starts while the first holds its lock, uncommitted, and waits for it
      beforeCommit: async () => {
        other = runEvents(ctx.orgId, second.id, [shared, `${c},2026-03-02T00:00:00Z,purchase,p2,,1,1`], {
          customerIds,
        });
        other.catch(() => undefined);
        while (!(await waitsForImportLock(ctx.orgId))) await new Promise((r) => setTimeout(r, 20));
      },
    });
    expect([a.rowsTotal, a.rowsAccepted, a.rowsDuplicate]).toEqual([1, 1, 0]);
    const out = await (other as unknown as ReturnType<typeof runEvents>);
    expect([out.rowsTotal, out.rowsAccepted, out.rowsDuplicate]).toEqual([2, 1, 1]);
    const kept = await db.event.findMany({ where: { datasetId: second.id }, select: { productId: true } });
    expect(kept.map((e) => e.productId)).toEqual(['p2']);
    expect(
      await db.event.count({ where: { organizationId: ctx.orgId, productId: 'p1', customer: { externalId: c } } }),
    ).toBe(1);
    expect(await db.customer.count({ where: { organizationId: ctx.orgId, externalId: c } })).toBe(1);
    const fp = await db.datasetFingerprint.findMany({ where: { datasetId: { in: [first.id, second.id] } } });
    expect(fp.map((f) => f.hashes.length).sort()).toEqual([1, 1]);
  });

  it("COPYs known customers' rows straight into their months: duplicates across and within segments and of an earlier file kept out, in file order, fingerprints stored", async () => {
    const ctx = await orgContext('globex', 'ADMIN');
    // the customers exist before the file (created by an earlier import, which also stores p0)
    await runEvents(ctx.orgId, (await newDataset(ctx.orgId, 'EVENTS')).id, [
      'cx-seg-0,2037-01-01T00:00:00Z,view,p0,,,1',
      'cx-seg-1,2037-01-01T00:00:00Z,view,p0,,,1',
      'cx-seg-2,2037-01-01T00:00:00Z,view,p0,,,1',
    ]);
    const ds = await newDataset(ctx.orgId, 'EVENTS');
    const lines = [
      // segment 1 (a batch is 4 kept rows): January and March 2037
      'cx-seg-0,2037-01-05T00:00:00Z,view,a1,,,1',
      'cx-seg-0,2037-01-06T00:00:00Z,purchase,a2,,2.5,1',
      'cx-seg-0,2037-03-01T00:00:00Z,view,a3,,,1',
      'cx-seg-0,2037-03-02T00:00:00Z,view,a4,,,1',
      // segment 2: months already partitioned
      'cx-seg-1,2037-01-07T00:00:00Z,view,b1,,,1',
      'cx-seg-2,2037-03-07T00:00:00Z,view,b2,,,1',
      'cx-seg-0,2037-01-05T00:00:00Z,view,a1,,,1', // duplicate of segment 1
      'cx-seg-1,2037-01-07T00:00:00Z,view,b1,,,1', // duplicate within the segment
      'cx-seg-1,2037-01-08T00:00:00Z,view,b3,,,1',
      'cx-seg-0,2037-03-08T00:00:00Z,view,b4,,,1',
      // segment 3: June 2037 first seen here
      'cx-seg-1,2037-06-01T00:00:00Z,view,c1,,,1',
      'cx-seg-2,2037-06-02T00:00:00Z,purchase,c2,,4,2',
      'cx-seg-0,2037-01-01T00:00:00Z,view,p0,,,1', // duplicate of the earlier import
      'cx-seg-2,2037-03-07T00:00:00Z,view,b2,,,1', // duplicate of segment 2
      'cx-seg-9,2037-03-07T00:00:00Z,view,x,,,1', // unknown customer: rejected
    ];
    const out = await runEvents(ctx.orgId, ds.id, lines, { batchSize: 4, customerIds: await customerMap(ctx.orgId) });
    expect([out.rowsTotal, out.rowsAccepted, out.rowsDuplicate, out.rowsRejected]).toEqual([15, 10, 4, 1]);
    const rows = await pgPool().query<{ product: string; customer: string; part: string; type: string }>(
      `SELECT e."productId" AS product, c."externalId" AS customer, e.tableoid::regclass::text AS part,
         e.type::text AS type
       FROM "Event" e JOIN "Customer" c ON c.id = e."customerId" WHERE e."datasetId" = $1 ORDER BY e.id`,
      [ds.id],
    );
    expect(rows.rows.map((r) => [r.product, r.customer, r.part])).toEqual([
      ['a1', 'cx-seg-0', '"Event_2037_01"'],
      ['a2', 'cx-seg-0', '"Event_2037_01"'],
      ['a3', 'cx-seg-0', '"Event_2037_03"'],
      ['a4', 'cx-seg-0', '"Event_2037_03"'],
      ['b1', 'cx-seg-1', '"Event_2037_01"'],
      ['b2', 'cx-seg-2', '"Event_2037_03"'],
      ['b3', 'cx-seg-1', '"Event_2037_01"'],
      ['b4', 'cx-seg-0', '"Event_2037_03"'],
      ['c1', 'cx-seg-1', '"Event_2037_06"'],
      ['c2', 'cx-seg-2', '"Event_2037_06"'],
    ]);
    const c2 = await db.event.findFirstOrThrow({ where: { datasetId: ds.id, productId: 'c2' } });
    expect([c2.type, c2.price, c2.quantity, c2.occurredAt.toISOString()]).toEqual([
      'PURCHASE',
      4,
      2,
      '2037-06-02T00:00:00.000Z',
    ]);
    expect(await db.customer.count({ where: { datasetId: ds.id } })).toBe(0);
    const fp = await db.datasetFingerprint.findUniqueOrThrow({ where: { datasetId: ds.id } });
    expect(new Set(fp.hashes.map(String)).size).toBe(10);
    // the same file again: every row is a duplicate of this one's stored fingerprints
    const again = await runEvents(ctx.orgId, (await newDataset(ctx.orgId, 'EVENTS')).id, lines, {
      customerIds: await customerMap(ctx.orgId),
    });
    expect([again.rowsAccepted, again.rowsDuplicate, again.rowsRejected]).toEqual([0, 14, 1]);
  });

  it('partitions a month first seen late in a file of known customers before writing its rows (the COPY is paused)', async () => {
    const ctx = await orgContext('globex', 'ADMIN');
    const known = await newDataset(ctx.orgId, 'EVENTS');
    await runEvents(ctx.orgId, known.id, ['cx-late-0,2038-01-01T00:00:00Z,view,p0,,,1']);
    const ds = await newDataset(ctx.orgId, 'EVENTS');
    const lines = [
      ...Array.from({ length: 6 }, (_, i) => `cx-late-0,2038-01-0${i + 2}T00:00:00Z,view,q${i},,,1`),
      'cx-late-0,2038-09-30T23:59:59Z,purchase,last,,3,1',
    ];
    const out = await runEvents(ctx.orgId, ds.id, lines, { batchSize: 3, customerIds: await customerMap(ctx.orgId) });
    expect(out.rowsAccepted).toBe(7);
    const parts = await pgPool().query<{ part: string; n: number }>(
      `SELECT tableoid::regclass::text AS part, count(*)::int AS n FROM "Event" WHERE "datasetId" = $1
       GROUP BY 1 ORDER BY 1`,
      [ds.id],
    );
    expect(parts.rows).toEqual([
      { part: '"Event_2038_01"', n: 6 },
      { part: '"Event_2038_09"', n: 1 },
    ]);
    expect(await db.customer.count({ where: { datasetId: ds.id } })).toBe(0);
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
    // its 500 customers created first (staging path), so the big file is COPYed straight into "Event"
    const seed = Array.from({ length: 500 }, (_, c) => `cx-big-${c},2026-03-31T00:00:00Z,view,seed,,1,1`);
    await runEvents(ctx.orgId, (await newDataset(ctx.orgId, 'EVENTS')).id, seed);
    const a = await runEvents(ctx.orgId, first.id, lines, { customerIds: await customerMap(ctx.orgId) });
    expect([a.rowsTotal, a.rowsAccepted, a.rowsDuplicate]).toEqual([120_000, 117_750, 2_250]);
    expect(await db.event.count({ where: { datasetId: first.id } })).toBe(117_750);
    // its fingerprints stored in one row, across the in-memory blocks of 65,536 (event-rows.ts)
    const stored = await db.datasetFingerprint.findUniqueOrThrow({ where: { datasetId: first.id } });
    expect(new Set(stored.hashes.map(String)).size).toBe(117_750);
    const dup = await db.datasetRejection.findMany({
      where: { datasetId: first.id, severity: 'duplicate' },
      orderBy: { line: 'asc' },
      select: { line: true, raw: true },
    });
    expect(dup.length).toBe(2_250);
    // file line = k + 2 (the header is line 1)
    expect(dup[0]).toEqual({ line: 30_041, raw: line(28) });
    expect(dup[2_249]).toEqual({ line: 120_001, raw: line(119_999 - 30_011) });

    // a second file: 1,000 lines of the first, 1,000 new ones, and 10 of those new ones again; the organisation's
    // stored fingerprints are streamed into the compact set (one per kept row) under the import lock
    const again = Array.from({ length: 1_000 }, (_, k) => line(k));
    const fresh = Array.from({ length: 1_000 }, (_, k) => line(200_000 + k));
    let known = null as FingerprintSet | null;
    let before = 0;
    // (its 500 customers exist now: COPYed straight into "Event")
    const b = await runEvents(ctx.orgId, second.id, [...again, ...fresh, ...fresh.slice(0, 10)], {
      customerIds: await customerMap(ctx.orgId),
      onKnownHashes: (set) => {
        known = set;
        before = set.size;
        expect(set.bytes / set.size).toBeLessThan(21.4); // 8 bytes a slot at a load of 3/8 to 3/4
      },
    });
    if (!known) throw new Error('no fingerprints read');
    expect(before).toBeGreaterThanOrEqual(117_750 + 500);
    expect([b.rowsTotal, b.rowsAccepted, b.rowsDuplicate]).toEqual([2_010, 1_000, 1_010]);
    expect((known as FingerprintSet).size).toBe(before + 1_000);
    expect(await db.event.count({ where: { datasetId: second.id } })).toBe(1_000);
  }, 180_000);
});
