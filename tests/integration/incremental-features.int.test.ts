import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { OrgContext } from '@/lib/auth/context';
import type { CsvKind } from '@/lib/data/csv-schema';
import { importLocalFile } from '@/lib/datasets/import-local-file';
import { db } from '@/lib/db';
import { pgPool } from '@/lib/pg-pool';
import { ingestEvents } from '@/lib/serving/ingest-events';
import { orgContext } from './helpers';

/**
 * Issue 21 item 1: after an upload only the customers the file touched are refreshed in the feature store, and the
 * store then equals a brute-force recomputation over the stored events, exposures and customers, file after file.
 */
let ctx: OrgContext;
let dir = '';
const IDS = ['INC1', 'INC2', 'INC3', 'INC4', 'INC5'];
const HEADERS: Record<CsvKind, string> = {
  customers: 'customer_id,signup_date,country,email,phone,name',
  events: 'customer_id,timestamp,type,product_id,category,price,quantity,session_id,dwell_seconds',
  exposures: 'customer_id,offer_id,discount_pct,shown_at,converted,revenue,propensity',
};

async function upload(kind: CsvKind, name: string, lines: string[]) {
  const file = path.join(dir, `${name}.csv`);
  await writeFile(file, [HEADERS[kind], ...lines].join('\n'));
  const { dataset } = await importLocalFile(ctx, kind, file, name);
  const d = await db.dataset.findUniqueOrThrow({ where: { id: dataset.id } });
  expect([d.status, d.rowsRejected]).toEqual(['COMPLETED', 0]);
}

/** internal id → external id of the test's customers */
async function internalIds(): Promise<Map<string, string>> {
  const cs = await db.customer.findMany({
    where: { organizationId: ctx.orgId, externalId: { in: IDS } },
    select: { id: true, externalId: true },
  });
  return new Map(cs.map((c) => [c.id, c.externalId]));
}

/** row version (xmin) of each test customer's feature row, by external id: a new or changed xmin is a written row */
async function rowVersions(): Promise<Record<string, string>> {
  const ids = await internalIds();
  const r = await pgPool().query<{ customerId: string; xmin: string }>(
    `SELECT "customerId", xmin::text FROM "CustomerFeature" WHERE "customerId" = ANY($1::text[])`,
    [[...ids.keys()]],
  );
  return Object.fromEntries(r.rows.map((x) => [ids.get(x.customerId)!, x.xmin]));
}

async function rewrittenBy(step: () => Promise<void>): Promise<string[]> {
  const before = await rowVersions();
  await step();
  const after = await rowVersions();
  return Object.keys(after)
    .filter((k) => before[k] !== after[k])
    .sort();
}

/** Every feature of every test customer, computed by brute force from the stored rows, against the store. */
async function expectStoreEqualsBruteForce() {
  const ids = await internalIds();
  const keys = [...ids.keys()];
  const [customers, events, exposures, store] = await Promise.all([
    db.customer.findMany({ where: { id: { in: keys } }, select: { id: true, signupAt: true } }),
    db.event.findMany({ where: { organizationId: ctx.orgId, customerId: { in: keys } } }),
    db.offerExposure.findMany({ where: { organizationId: ctx.orgId, customerId: { in: keys } } }),
    db.customerFeature.findMany({ where: { customerId: { in: keys } } }),
  ]);
  expect(store.map((s) => ids.get(s.customerId)).sort()).toEqual(customers.map((c) => ids.get(c.id)).sort());
  for (const c of customers) {
    const ev = events.filter((e) => e.customerId === c.id);
    const ex = exposures.filter((e) => e.customerId === c.id);
    const dwell = ev.flatMap((e) => (e.dwellSeconds === null ? [] : [e.dwellSeconds]));
    const categoryViews: Record<string, number> = {};
    for (const e of ev)
      if (e.type === 'VIEW' && e.category) categoryViews[e.category] = (categoryViews[e.category] ?? 0) + 1;
    const last = ev.reduce<Date | null>((m, e) => (!m || e.occurredAt > m ? e.occurredAt : m), null);
    const expected = {
      signupAt: c.signupAt?.toISOString() ?? null,
      views: ev.filter((e) => e.type === 'VIEW').length,
      searches: ev.filter((e) => e.type === 'SEARCH').length,
      carts: ev.filter((e) => e.type === 'ADD_TO_CART').length,
      purchases: ev.filter((e) => e.type === 'PURCHASE').length,
      monetary: ev.reduce(
        (s, e) => s + (e.type === 'PURCHASE' ? 1 : e.type === 'RETURN' ? -1 : 0) * (e.price ?? 0) * (e.quantity ?? 1),
        0,
      ),
      sessions: new Set(ev.flatMap((e) => (e.sessionId ? [e.sessionId] : []))).size,
      dwellSum: dwell.reduce((s, x) => s + x, 0),
      dwellCount: dwell.length,
      lastEventAt: last?.toISOString() ?? null,
      categoryViews,
      pastOffers: ex.length,
      pastConversions: ex.filter((e) => e.converted).length,
    };
    const {
      eventsApplied: _applied,
      lastSessionId: _last,
      ...stored
    } = store.find((s) => s.customerId === c.id)!.values as Record<string, unknown>;
    expect({ customer: ids.get(c.id), ...stored }).toEqual({ customer: ids.get(c.id), ...expected });
  }
}

beforeAll(async () => {
  ctx = await orgContext('acme', 'MANAGER');
  dir = await mkdtemp(path.join(os.tmpdir(), 'op-incremental-'));
});

describe('incremental feature refresh after uploads', () => {
  it('recomputes only what each file touched, and the store equals a brute-force recomputation after every file', async () => {
    // a customers file: each new customer gets its first row
    expect(
      await rewrittenBy(() =>
        upload('customers', 'c1', [
          'INC1,2026-01-05,GB,,,',
          'INC2,2026-02-01,FR,,,',
          'INC3,2026-03-01,DE,,,',
          'INC4,,NL,,,',
        ]),
      ),
    ).toEqual(['INC1', 'INC2', 'INC3', 'INC4']); // created
    await expectStoreEqualsBruteForce();

    // events of INC1 and INC2 only
    expect(
      await rewrittenBy(() =>
        upload('events', 'e1', [
          'INC1,2026-10-01T10:00:00Z,view,p1,shoes,,1,s1,10',
          'INC1,2026-10-01T10:01:00Z,view,p2,hats,,1,s1,30',
          'INC1,2026-10-01T10:02:00Z,purchase,p1,shoes,40,2,s1,',
          'INC1,2026-10-03T09:00:00Z,return,p1,shoes,40,1,s7,',
          'INC2,2026-10-02T08:00:00Z,search,,,,1,s2,',
          'INC2,2026-10-02T08:05:00Z,add_to_cart,p3,bags,25,1,s2,5',
        ]),
      ),
    ).toEqual(['INC1', 'INC2']);
    await expectStoreEqualsBruteForce();

    // a live event for INC3, then a file continuing INC2's session s2 (one session across two files) and INC3's
    await ingestEvents(ctx, {
      events: [
        {
          customerId: 'INC3',
          type: 'view',
          category: 'bags',
          sessionId: 'live1',
          quantity: 1,
          timestamp: '2026-10-04T12:00:00Z',
        },
      ],
    });
    expect(
      await rewrittenBy(() =>
        upload('events', 'e2', [
          'INC2,2026-10-02T08:10:00Z,purchase,p3,bags,25,1,s2,',
          'INC2,2026-10-05T08:00:00Z,view,p4,shoes,,1,s9,20',
          'INC3,2026-10-06T08:00:00Z,view,p4,shoes,,1,s3,',
        ]),
      ),
    ).toEqual(['INC2', 'INC3']);
    await expectStoreEqualsBruteForce();

    // exposures: only past offers and conversions of INC1 and INC4 change
    expect(
      await rewrittenBy(() =>
        upload('exposures', 'x1', [
          'INC1,o1,10,2026-10-07T08:00:00Z,1,36,0.5',
          'INC1,o2,0,2026-10-08T08:00:00Z,0,0,0.5',
          'INC4,o1,20,2026-10-07T08:00:00Z,0,0,0.5',
        ]),
      ),
    ).toEqual(['INC1', 'INC4']);
    await expectStoreEqualsBruteForce();

    // customers again: INC1 unchanged, INC2's sign-up corrected, INC5 new → INC2 rewritten, INC5 created, INC1 left
    expect(
      await rewrittenBy(() =>
        upload('customers', 'c2', ['INC1,2026-01-05,GB,,,x', 'INC2,2026-02-02,FR,,,', 'INC5,2026-04-01,IE,,,']),
      ),
    ).toEqual(['INC2', 'INC5']);
    await expectStoreEqualsBruteForce();
  });
});
