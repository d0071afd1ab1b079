import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { Client, Pool } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { OrgContext } from '@/lib/auth/context';
import { importLocalFile } from '@/lib/datasets/import-local-file';
import { db } from '@/lib/db';
import { maintainEventPartitions } from '@/lib/events/event-partition-upkeep';
import { DEFAULT_PARTITION, ensureEventMonths, listEventPartitions } from '@/lib/events/event-partitions';
import { type CustomerRow, loadCustomerAggregates } from '@/lib/features/load-aggregates';
import { listMigrations, MIGRATIONS_DIR, runMigrations } from '@/lib/migrations/run-migrations';
import { pgPool } from '@/lib/pg-pool';
import { dropDatabase, ensureDatabase } from '@/lib/postgres/embedded';
import { ingestEvents } from '@/lib/serving/ingest-events';

/**
 * "Event" partitioned by month (prisma/migrations/*_event_monthly_partitions, lib/events/): the migration of a
 * populated table, rows of every write path (import, live API, a bare COPY) landing in their month, partition
 * pruning, the upkeep that moves rows out of DEFAULT, and retention with an injected "now". All events are dated
 * 2011 (no other data of the template is), of this file's own organisation.
 */
const TYPES = ['view', 'view', 'add_to_cart', 'purchase', 'search'] as const;
const CUSTOMERS = ['PT1', 'PT2', 'PT3'];

/** The known dataset: 3 customers × 4 months (January–April of `year`) × 5 events = 60 rows. */
function knownEvents(year = 2011) {
  const out: {
    customer: string;
    at: string;
    type: (typeof TYPES)[number];
    category: string;
    price: number;
    quantity: number;
    session: string;
    dwell: number | null;
  }[] = [];
  for (let c = 0; c < 3; c++)
    for (let mo = 0; mo < 4; mo++)
      for (let k = 0; k < 5; k++) {
        const i = c * 20 + mo * 5 + k;
        out.push({
          customer: CUSTOMERS[c],
          at: `${year}-0${mo + 1}-${String(1 + ((i * 7) % 27)).padStart(2, '0')}T${String(i % 24).padStart(2, '0')}:30:00.000Z`,
          type: TYPES[k],
          category: `cat${i % 2}`,
          price: (i % 7) + 1,
          quantity: (i % 3) + 1,
          session: `s${c}-${mo}-${k < 3 ? 0 : 1}`,
          dwell: TYPES[k] === 'view' ? 10 + i : null,
        });
      }
  return out;
}

/** What the customer aggregates must say about the known dataset (computed here, not read back). */
function expectedAggregates() {
  const by = new Map<string, { views: number; carts: number; purchases: number; searches: number; monetary: number }>();
  for (const e of knownEvents()) {
    const a = by.get(e.customer) ?? { views: 0, carts: 0, purchases: 0, searches: 0, monetary: 0 };
    if (e.type === 'view') a.views++;
    if (e.type === 'add_to_cart') a.carts++;
    if (e.type === 'search') a.searches++;
    if (e.type === 'purchase') {
      a.purchases++;
      a.monetary += e.price * e.quantity;
    }
    by.set(e.customer, a);
  }
  return by;
}

/** Partition (table) of each of the organisation's events, by month of occurredAt. */
async function partitionsOfRows(q: { query: Pool['query'] }, orgId: string) {
  const r = await q.query<{ month: string; part: string; n: string }>(
    `SELECT to_char("occurredAt", 'YYYY-MM') AS month, tableoid::regclass::text AS part, count(*) AS n FROM "Event"
     WHERE "organizationId" = $1 GROUP BY 1, 2 ORDER BY 1, 2`,
    [orgId],
  );
  return r.rows.map((x) => [x.month, x.part.replaceAll('"', ''), Number(x.n)]);
}

const pick = (m: Map<string, CustomerRow>) =>
  Object.fromEntries(
    [...m.values()].map(({ externalId, agg: a }) => [
      externalId,
      {
        views: a.views,
        carts: a.carts,
        purchases: a.purchases,
        searches: a.searches,
        monetary: a.monetary,
        sessions: a.sessions,
        dwellCount: a.dwellCount,
        avgDwell: a.avgDwell,
        lastEventAt: a.lastEventAt?.toISOString(),
        categoryViews: a.categoryViews,
      },
    ]),
  );

describe('the migration that partitions Event', () => {
  const server = inject('serverUrl');
  const name = `op_it_${inject('runId')}_partition_migration`;
  const url = Object.assign(new URL(server), { pathname: `/${name}` }).toString();
  let dir = '';
  afterAll(async () => {
    await dropDatabase(server, name);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('moves a populated table: same rows, same sums, same customer aggregates; keys, indexes and FK kept', async () => {
    await dropDatabase(server, name);
    await ensureDatabase(server, name);
    const all = await listMigrations();
    const mine = all.find((m) => m.name.endsWith('_event_monthly_partitions'))!;
    dir = await mkdtemp(path.join(os.tmpdir(), 'op-partition-migrations-'));
    await cp(MIGRATIONS_DIR, dir, { recursive: true });
    // the database as it was before this migration (and any later one)
    for (const m of all.filter((x) => x.name >= mine.name)) await rm(path.join(dir, m.name), { recursive: true });
    await runMigrations(url, dir);

    const c = new Client({ connectionString: url });
    await c.connect();
    const pool = new Pool({ connectionString: url, max: 2 });
    try {
      await c.query(`INSERT INTO "Organization" (id, name, slug) VALUES ('org-mig', 'Migration', 'org-mig')`);
      await c.query(
        `INSERT INTO "Customer" (id, "organizationId", "externalId") SELECT 'cust-' || x, 'org-mig', x FROM unnest($1::text[]) x`,
        [CUSTOMERS],
      );
      const ev = knownEvents();
      await c.query(
        `INSERT INTO "Event" ("organizationId", "customerId", type, "occurredAt", category, price, quantity, "sessionId", "dwellSeconds")
         SELECT 'org-mig', 'cust-' || u.c, upper(u.t)::"EventType", u.at::timestamptz AT TIME ZONE 'UTC', u.cat, u.p, u.q, u.s, u.d
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::int[], $7::text[], $8::float8[])
           AS u(c, t, at, cat, p, q, s, d)`,
        [
          ev.map((e) => e.customer),
          ev.map((e) => e.type),
          ev.map((e) => e.at),
          ev.map((e) => e.category),
          ev.map((e) => e.price),
          ev.map((e) => e.quantity),
          ev.map((e) => e.session),
          ev.map((e) => e.dwell),
        ],
      );
      const totals = `SELECT count(*)::int AS n, sum(price * quantity) AS revenue, sum(id)::int AS ids, max(id)::int AS "maxId",
        count(DISTINCT "sessionId")::int AS sessions FROM "Event"`;
      const before = (await c.query(totals)).rows[0];
      const aggBefore = pick(await loadCustomerAggregates('org-mig', null, undefined, pool));
      // the known answer, computed from the generator
      const revenue = ev.reduce((s, e) => s + e.price * e.quantity, 0);
      expect(before).toEqual({ n: 60, revenue, ids: (60 * 61) / 2, maxId: 60, sessions: 24 });

      expect(await runMigrations(url)).toEqual({
        applied: all.filter((x) => x.name >= mine.name).map((x) => x.name),
        skipped: all.filter((x) => x.name < mine.name).map((x) => x.name),
      });

      expect((await c.query(totals)).rows[0]).toEqual(before);
      const aggAfter = pick(await loadCustomerAggregates('org-mig', null, undefined, pool));
      expect(aggAfter).toEqual(aggBefore);
      const expected = expectedAggregates();
      for (const id of CUSTOMERS) {
        const { views, carts, purchases, searches, monetary } = aggAfter[id];
        expect({ views, carts, purchases, searches, monetary }).toEqual(expected.get(id));
        expect(aggAfter[id].sessions).toBe(8);
      }
      // partitioned by range of occurredAt; each month's rows in its own partition, none in DEFAULT
      const kind = await c.query(
        `SELECT p.partstrat, a.attname FROM pg_partitioned_table p
         JOIN pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0]
         WHERE p.partrelid = '"Event"'::regclass`,
      );
      expect(kind.rows).toEqual([{ partstrat: 'r', attname: 'occurredAt' }]);
      expect(await partitionsOfRows(c, 'org-mig')).toEqual([
        ['2011-01', 'Event_2011_01', 15],
        ['2011-02', 'Event_2011_02', 15],
        ['2011-03', 'Event_2011_03', 15],
        ['2011-04', 'Event_2011_04', 15],
      ]);
      // the id sequence carries on; the customer foreign key still holds (and cascades)
      const next = await c.query(
        `INSERT INTO "Event" ("organizationId", "customerId", type, "occurredAt") VALUES ('org-mig', 'cust-PT1', 'VIEW', '2011-02-02') RETURNING id::int`,
      );
      expect(next.rows[0].id).toBe(61);
      await expect(
        c.query(
          `INSERT INTO "Event" ("organizationId", "customerId", type, "occurredAt") VALUES ('org-mig', 'nobody', 'VIEW', '2011-02-02')`,
        ),
      ).rejects.toMatchObject({ code: '23503' });
      await c.query(`DELETE FROM "Customer" WHERE id = 'cust-PT3'`);
      expect((await c.query(`SELECT count(*)::int AS n FROM "Event" WHERE "customerId" = 'cust-PT3'`)).rows[0].n).toBe(
        0,
      );
      expect(
        (
          await c.query(
            `SELECT to_regclass('"Event_unpartitioned"') AS old, pg_get_serial_sequence('"Event"', 'id') AS seq`,
          )
        ).rows[0],
      ).toEqual({ old: null, seq: 'public."Event_id_seq"' });
    } finally {
      await c.end();
      await pool.end();
    }
  }, 120_000);
});

describe('writes into the partitions of Event', () => {
  let ctx: OrgContext;
  const ids = new Map<string, string>();

  beforeAll(async () => {
    const slug = `partitions-${process.pid}`;
    const org = await db.organization.create({ data: { name: slug, slug, piiSecret: 'z'.repeat(32) } });
    const u = await db.user.create({ data: { email: `${slug}@t.test`, name: slug, passwordHash: 'x' } });
    await db.membership.create({ data: { organizationId: org.id, userId: u.id, role: 'ADMIN' } });
    ctx = { orgId: org.id, orgName: slug, role: 'ADMIN', userId: u.id, apiKeyId: null, actorLabel: slug };
    for (const externalId of CUSTOMERS) {
      const c = await db.customer.create({ data: { organizationId: org.id, externalId } });
      ids.set(externalId, c.id);
    }
  });

  it('an import creates the months of its file; aggregates across partitions are the known ones; a month-bounded query is pruned', async () => {
    const before = new Set((await listEventPartitions()).map((p) => p.name));
    expect([...before].filter((n) => n.startsWith('Event_2011'))).toEqual([]);
    const file = path.join(os.tmpdir(), `op-partitions-${process.pid}.csv`);
    const lines = knownEvents().map((e) =>
      [e.customer, e.at, e.type, '', e.category, e.price, e.quantity, e.session, e.dwell ?? ''].join(','),
    );
    await writeFile(
      file,
      `customer_id,timestamp,type,product_id,category,price,quantity,session_id,dwell_seconds\n${lines.join('\n')}\n`,
    );
    const { dataset } = await importLocalFile(ctx, 'events', file, 'partitioned events');
    const done = await db.dataset.findUniqueOrThrow({ where: { id: dataset.id } });
    expect([done.status, done.rowsAccepted, done.rowsRejected]).toEqual(['COMPLETED', 60, 0]);
    const created = (await listEventPartitions()).filter((p) => !before.has(p.name));
    expect(created.map((p) => [p.name, p.from, p.to])).toEqual([
      ['Event_2011_01', '2011-01', '2011-02'],
      ['Event_2011_02', '2011-02', '2011-03'],
      ['Event_2011_03', '2011-03', '2011-04'],
      ['Event_2011_04', '2011-04', '2011-05'],
    ]);
    // only this file's 2011 rows: the other tests of this file, in whatever order they run, write 2013 and 2014 rows
    expect((await partitionsOfRows(pgPool(), ctx.orgId)).filter(([m]) => String(m).startsWith('2011'))).toEqual([
      ['2011-01', 'Event_2011_01', 15],
      ['2011-02', 'Event_2011_02', 15],
      ['2011-03', 'Event_2011_03', 15],
      ['2011-04', 'Event_2011_04', 15],
    ]);
    // the customer aggregates read all four partitions and give the numbers of the known dataset (as of May 2011:
    // the other tests of this file, in whatever order they run, write 2012 and 2013 events of the same customers)
    const agg = pick(await loadCustomerAggregates(ctx.orgId, new Date('2011-05-01T00:00:00Z')));
    const expected = expectedAggregates();
    for (const id of CUSTOMERS) {
      const { views, carts, purchases, searches, monetary } = agg[id];
      expect({ views, carts, purchases, searches, monetary }).toEqual(expected.get(id));
      expect(agg[id].sessions).toBe(8);
    }
    // and the feature store refreshed after the import counts every stored view of the customer
    const f = await db.customerFeature.findUniqueOrThrow({ where: { customerId: ids.get('PT2')! } });
    const views = await db.event.count({
      where: { organizationId: ctx.orgId, customerId: ids.get('PT2')!, type: 'VIEW' },
    });
    expect((f.values as { views: number }).views).toBe(views);
    expect(views).toBeGreaterThanOrEqual(expected.get('PT2')!.views);

    // a month-bounded query reads only its month (partition pruning)
    const plan = await pgPool().query<{ 'QUERY PLAN': string }>(
      `EXPLAIN (COSTS OFF) SELECT count(*) FROM "Event"
       WHERE "organizationId" = $1 AND "occurredAt" >= '2011-02-01' AND "occurredAt" < '2011-03-01'`,
      [ctx.orgId],
    );
    const text = plan.rows.map((r) => r['QUERY PLAN']).join('\n');
    const scanned = [
      ...new Set(
        text
          .match(/"?Event_[a-z0-9_]+/g)
          ?.map((s) => s.replace('"', '').replace(/_(organizationId|datasetId|pkey).*$/, '')),
      ),
    ];
    expect(scanned).toEqual(['Event_2011_02']);
    // the aggregates' cut-off (a timestamptz parameter) prunes when the plan runs: months from the cut-off on are
    // not scanned
    const client = await pgPool().connect();
    try {
      await client.query(
        `PREPARE agg_cut(text, timestamptz) AS SELECT count(*) FROM "Event" WHERE "organizationId" = $1 AND "occurredAt" < $2`,
      );
      await client.query(`SET plan_cache_mode = force_generic_plan`);
      const p2 = await client.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) EXECUTE agg_cut('${ctx.orgId}', '2011-01-15T00:00:00Z')`,
      );
      const t2 = p2.rows.map((r) => r['QUERY PLAN']).join('\n');
      expect(t2).toMatch(/Subplans Removed: [1-9]/);
      expect(t2).not.toContain('Event_2011_02');
      expect(t2).toContain('Event_2011_01');
      const n = await client.query(`EXECUTE agg_cut('${ctx.orgId}', '2011-01-15T00:00:00Z')`);
      expect(Number(n.rows[0].count)).toBe(knownEvents().filter((e) => e.at < '2011-01-15').length);
    } finally {
      await client.query('DEALLOCATE ALL; RESET plan_cache_mode');
      client.release();
    }
  });

  it('an import that creates its customers creates its months too (nothing waits for its own customer writes)', async () => {
    const file = path.join(os.tmpdir(), `op-partitions-new-${process.pid}.csv`);
    await writeFile(
      file,
      'customer_id,timestamp,type,price\nPTN1,2014-02-03T10:00:00Z,purchase,4\nPTN2,2014-03-04T10:00:00Z,view,\n',
    );
    const { dataset } = await importLocalFile(ctx, 'events', file, 'new customers', { createCustomers: true });
    const done = await db.dataset.findUniqueOrThrow({ where: { id: dataset.id } });
    expect([done.status, done.rowsAccepted]).toEqual(['COMPLETED', 2]);
    expect((await partitionsOfRows(pgPool(), ctx.orgId)).filter(([m]) => String(m).startsWith('2014'))).toEqual([
      ['2014-02', 'Event_2014_02', 1],
      ['2014-03', 'Event_2014_03', 1],
    ]);
  });

  it('live events create a missing month; a bare COPY into the parent routes rows; upkeep empties DEFAULT', async () => {
    const r = await ingestEvents(ctx, {
      events: [
        { customerId: 'PT1', type: 'view', timestamp: '2012-05-03T10:00:00Z', quantity: 1, category: 'cat0' },
        { customerId: 'PT1', type: 'purchase', timestamp: '2012-06-10T10:00:00Z', quantity: 2, price: 5 },
      ],
    });
    expect(r.accepted).toBe(2);
    // a bare COPY into the parent: a month with a partition (May) is routed there, one without (July) to DEFAULT
    await copyEvents([
      [ids.get('PT2')!, 'VIEW', '2012-05-20 08:00:00', null],
      [ids.get('PT2')!, 'PURCHASE', '2012-07-02 08:00:00', 7],
      [ids.get('PT3')!, 'VIEW', '2012-07-09 08:00:00', null],
    ]);
    const in2012 = async () =>
      (await partitionsOfRows(pgPool(), ctx.orgId)).filter(([m]) => String(m).startsWith('2012'));
    expect(await in2012()).toEqual([
      ['2012-05', 'Event_2012_05', 2],
      ['2012-06', 'Event_2012_06', 1],
      ['2012-07', DEFAULT_PARTITION, 2],
    ]);
    // the worker's upkeep (its clock injected): this month and two ahead prepared, DEFAULT's July rows moved out
    const up = await maintainEventPartitions(new Date('2012-07-15T12:00:00Z'), { retentionMonths: null });
    expect(up?.ensured.created.filter((m) => m.startsWith('2012'))).toEqual(['2012-07', '2012-08', '2012-09']);
    expect(up?.ensured.moved).toBeGreaterThanOrEqual(2);
    expect(up?.detached).toEqual([]);
    expect(await in2012()).toEqual([
      ['2012-05', 'Event_2012_05', 2],
      ['2012-06', 'Event_2012_06', 1],
      ['2012-07', 'Event_2012_07', 2],
    ]);
    const inDefault = await pgPool().query(`SELECT count(*)::int AS n FROM "${DEFAULT_PARTITION}"`);
    expect(inDefault.rows[0].n).toBe(0);
  });

  it('retention with an injected now drops exactly the months past it and recomputes the features they fed', async () => {
    // 2013: the known dataset in January–April, and PT1's view (May) and purchase of 2 × 5 (June) that stay
    await ensureEventMonths(['2013-01', '2013-02', '2013-03', '2013-04', '2013-05', '2013-06']);
    await copyEvents([
      ...knownEvents(2013).map(
        (e) => [ids.get(e.customer)!, e.type.toUpperCase(), e.at.replace('T', ' ').slice(0, 19), e.price] as CopyRow,
      ),
      [ids.get('PT1')!, 'VIEW', '2013-05-03 10:00:00', null],
      [ids.get('PT1')!, 'PURCHASE', '2013-06-10 10:00:00', 5, 2],
    ]);
    // what retention must remove: every partition whose months all ended before May 2013 (other tests of this file
    // may have made 2011 and 2012 ones: they go too, whatever the order the tests ran in)
    const partsBefore = await listEventPartitions();
    const expired = partsBefore.filter((p) => p.to !== null && p.to <= '2013-05').map((p) => p.name);
    expect(expired).toEqual(
      expect.arrayContaining(['Event_2013_01', 'Event_2013_02', 'Event_2013_03', 'Event_2013_04']),
    );
    const rowsIn = async (names: string[]) =>
      (
        await pgPool().query<{ n: number }>(
          `SELECT count(*)::int AS n FROM "Event" WHERE tableoid::regclass::text = ANY($1::text[])`,
          [names.map((n) => `"${n}"`)],
        )
      ).rows[0].n;
    const expiredRows = await rowsIn(expired);
    const countBefore = await db.event.count();

    // now 2013-07-15, keep 2 months: July, June and May stay; April and older go
    const up = await maintainEventPartitions(new Date('2013-07-15T12:00:00Z'), { retentionMonths: 2 });
    expect(up?.detached).toEqual(expired);
    expect(up?.dropped.map((d) => d.table)).toEqual(expired.map((n) => n.replace('Event_', 'Event_expired_')));
    expect(up?.dropped.filter((d) => d.table.startsWith('Event_expired_2013'))).toEqual(
      ['01', '02', '03', '04'].map((m) => ({
        table: `Event_expired_2013_${m}`,
        events: 15,
        customersByOrg: { [ctx.orgId]: 3 },
      })),
    );
    const partsAfter = (await listEventPartitions()).map((p) => p.name);
    expect(partsBefore.map((p) => p.name).filter((p) => !partsAfter.includes(p))).toEqual(expired);
    expect(partsAfter.filter((p) => !partsBefore.some((b) => b.name === p))).toEqual([
      'Event_2013_07',
      'Event_2013_08',
      'Event_2013_09',
    ]);
    expect(await db.event.count()).toBe(countBefore - expiredRows);
    expect((await partitionsOfRows(pgPool(), ctx.orgId)).filter(([m]) => String(m) < '2013-05')).toEqual([]);
    expect((await partitionsOfRows(pgPool(), ctx.orgId)).filter(([m]) => String(m).startsWith('2013'))).toEqual([
      ['2013-05', 'Event_2013_05', 1],
      ['2013-06', 'Event_2013_06', 1],
    ]);
    const leftovers = await pgPool().query(
      `SELECT count(*)::int AS n FROM pg_class WHERE relname LIKE 'Event_expired_%'`,
    );
    expect(leftovers.rows[0].n).toBe(0);
    // the feature store counts only the events that remain: PT1 one view (May) and one purchase of 2 × 5 (June)
    const f = await db.customerFeature.findUniqueOrThrow({ where: { customerId: ids.get('PT1')! } });
    expect(f.values).toMatchObject({ views: 1, purchases: 1, carts: 0, searches: 0, monetary: 10 });
    const audit = await db.auditLog.findMany({
      where: { organizationId: ctx.orgId, action: 'events.retention', entityId: { startsWith: '2013' } },
      orderBy: { entityId: 'asc' },
      select: { entityId: true, diff: true, actorUserId: true },
    });
    expect(audit).toEqual(
      ['2013_01', '2013_02', '2013_03', '2013_04'].map((m) => ({
        entityId: m,
        diff: { eventsRemoved: 15, customersRecomputed: 3, retentionMonths: 2 },
        actorUserId: null,
      })),
    );
    // a second tick at the same time finds nothing more to do
    const again = await maintainEventPartitions(new Date('2013-07-15T12:00:00Z'), { retentionMonths: 2 });
    expect([again?.ensured.created, again?.detached, again?.dropped]).toEqual([[], [], []]);
  });

  /** [customer id, TYPE, 'YYYY-MM-DD hh:mm:ss', price, quantity] */
  type CopyRow = [string, string, string, number | null, number?];
  async function copyEvents(rows: CopyRow[]) {
    const client = await pgPool().connect();
    try {
      const copy = client.query(
        copyFrom(`COPY "Event" ("organizationId", "customerId", type, "occurredAt", price, quantity) FROM STDIN`),
      );
      copy.end(rows.map(([c, t, at, p, q]) => `${[ctx.orgId, c, t, at, p ?? '\\N', q ?? 1].join('\t')}\n`).join(''));
      await finished(copy);
    } finally {
      client.release();
    }
  }
});
