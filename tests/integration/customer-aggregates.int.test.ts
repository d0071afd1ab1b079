import { beforeAll, describe, expect, it } from 'vitest';
import type { Prisma } from '@/generated/prisma/client';
import { db } from '@/lib/db';
import { loadCustomerAggregates } from '@/lib/features/load-aggregates';
import { analyzeTables } from '@/lib/postgres/analyze-tables';
import { orgContext } from './helpers';

/**
 * A list of customers is aggregated per customer in one pass grouping their events both by session and by category;
 * the whole organisation in separate grouped queries. Both must give the known answers worked out by hand, and the
 * same as each other.
 */
let orgId = '';
const ids: Record<string, string> = {};

beforeAll(async () => {
  orgId = (await orgContext('acme', 'ADMIN')).orgId;
  for (const name of ['rich', 'plain', 'idle'])
    ids[name] = (
      await db.customer.create({
        data: { organizationId: orgId, externalId: `agg-${name}`, signupAt: new Date('2026-01-01T00:00:00Z') },
      })
    ).id;
  const ev = (
    customer: string,
    type: Prisma.EventCreateManyInput['type'],
    at: string,
    more: Partial<Prisma.EventCreateManyInput> = {},
  ): Prisma.EventCreateManyInput => ({
    organizationId: orgId,
    customerId: ids[customer],
    type,
    occurredAt: new Date(at),
    ...more,
  });
  await db.event.createMany({
    data: [
      // rich: sessions s1 (3 events) and s2 (2), 2 events without a session; views of shoes ×2, bags ×1, one view
      // without a category; a search in "shoes" (not a view); purchase 2 × 30, return 1 × 30; dwell 10, 20 (else null)
      ev('rich', 'VIEW', '2026-02-01T10:00:00Z', { sessionId: 's1', category: 'shoes', dwellSeconds: 10 }),
      ev('rich', 'VIEW', '2026-02-01T10:01:00Z', { sessionId: 's1', category: 'shoes', dwellSeconds: 20 }),
      ev('rich', 'ADD_TO_CART', '2026-02-01T10:02:00Z', { sessionId: 's1', category: 'shoes' }),
      ev('rich', 'VIEW', '2026-03-05T09:00:00Z', { sessionId: 's2', category: 'bags' }),
      ev('rich', 'PURCHASE', '2026-03-05T09:05:00Z', { sessionId: 's2', price: 30, quantity: 2 }),
      ev('rich', 'SEARCH', '2026-03-06T08:00:00Z', { category: 'shoes' }),
      ev('rich', 'VIEW', '2026-04-10T08:00:00Z'),
      // after the cutoff of the second case
      ev('rich', 'RETURN', '2026-04-20T12:00:00Z', { sessionId: 's3', price: 30, quantity: 1 }),
      // plain: one view without session or category
      ev('plain', 'VIEW', '2026-02-02T00:00:00Z'),
    ],
  });
  await analyzeTables(['Event']);
});

describe('customer aggregates of a list of customers', () => {
  it('match the known answers and the whole-organisation queries, with and without a cutoff', async () => {
    const list = [ids.rich, ids.plain, ids.idle];
    const all = await loadCustomerAggregates(orgId, null);
    const some = await loadCustomerAggregates(orgId, null, list);
    expect([...some.keys()].sort()).toEqual([...list].sort());
    expect(some.get(ids.rich)!.agg).toMatchObject({
      views: 4,
      searches: 1,
      carts: 1,
      purchases: 1,
      monetary: 30, // 2 × 30 − 30
      sessions: 3, // s1, s2, s3 (events without a session are not one)
      avgDwell: 15,
      dwellCount: 2,
      lastEventAt: new Date('2026-04-20T12:00:00Z'),
      categoryViews: { shoes: 2, bags: 1 },
    });
    expect(some.get(ids.plain)!.agg).toMatchObject({ views: 1, sessions: 0, avgDwell: null, categoryViews: {} });
    expect(some.get(ids.idle)!.agg).toMatchObject({
      views: 0,
      sessions: 0,
      monetary: 0,
      avgDwell: null,
      dwellCount: 0,
      lastEventAt: null,
      categoryViews: {},
    });
    for (const id of list) expect(some.get(id)).toEqual(all.get(id));
    // one customer alone (the feature store's first read) gives the same
    expect((await loadCustomerAggregates(orgId, null, ids.rich)).get(ids.rich)).toEqual(all.get(ids.rich));

    const cutoff = new Date('2026-04-01T00:00:00Z');
    const before = await loadCustomerAggregates(orgId, cutoff, list);
    expect(before.get(ids.rich)!.agg).toMatchObject({
      views: 3,
      monetary: 60,
      sessions: 2,
      lastEventAt: new Date('2026-03-06T08:00:00Z'),
      categoryViews: { shoes: 2, bags: 1 },
    });
    const allBefore = await loadCustomerAggregates(orgId, cutoff);
    for (const id of list) expect(before.get(id)).toEqual(allBefore.get(id));
  });
});
