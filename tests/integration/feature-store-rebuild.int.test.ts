import { describe, expect, it } from 'vitest';
import * as eventsRoute from '@/app/api/v1/events/route';
import { db } from '@/lib/db';
import type { CustomerAggregate } from '@/lib/features/customer-features';
import { toAggregate, ZLiveAggregate } from '@/lib/features/live-aggregate';
import { loadCustomerAggregates } from '@/lib/features/load-aggregates';
import { Rng } from '@/lib/ml/rng';
import { rebuildFeatureStore } from '@/lib/serving/rebuild-features';
import { createApiKey } from '@/lib/settings/api-keys';
import { call, orgContext } from './helpers';

const TYPES = ['view', 'search', 'add_to_cart', 'purchase'] as const;
const CATEGORIES = ['shoes', 'bags', 'hats'];

/**
 * One live batch, a pure function of its number: 1–4 customers of `pool`, 1–3 events each, in a session of its
 * own per customer (so counting session changes, as the live path does, equals counting distinct sessions, as a
 * recomputation does), integer prices (sums exact), fixed past timestamps.
 */
function batch(n: number, pool: string[]) {
  const rng = new Rng(1000 + n);
  const rnd = () => rng.next();
  const customers = [
    ...new Set(Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => pool[Math.floor(rnd() * pool.length)])),
  ];
  return customers.flatMap((customerId) =>
    Array.from({ length: 1 + Math.floor(rnd() * 3) }, (_, j) => {
      const type = TYPES[Math.floor(rnd() * TYPES.length)];
      return {
        customerId,
        type,
        category: CATEGORIES[Math.floor(rnd() * CATEGORIES.length)],
        sessionId: `live-${n}-${customerId}`,
        timestamp: new Date(Date.UTC(2026, 10, 1) + n * 60_000 + j * 1000).toISOString(),
        ...(type === 'purchase' ? { price: 5 + Math.floor(rnd() * 50), quantity: 1 + Math.floor(rnd() * 2) } : {}),
      };
    }),
  );
}

function comparable(a: CustomerAggregate) {
  const { avgDwell, monetary, ...exact } = a;
  return { exact, avgDwell, monetary };
}

describe('feature-store rebuild and live events commute (issue 15 item 5)', () => {
  it('keeps every live batch posted while rebuilds run: the store equals a full recomputation from the events', async () => {
    const admin = await orgContext('acme', 'ADMIN');
    const { key } = await createApiKey(admin, {
      name: 'rebuild-race',
      role: 'MANAGER',
      rateLimitPerSecond: 100_000,
      rateLimitBurst: 100_000,
    });
    const pool = (
      await db.customer.findMany({
        where: { organizationId: admin.orgId },
        orderBy: { externalId: 'asc' },
        take: 12,
        select: { externalId: true },
      })
    ).map((c) => c.externalId);
    // history big enough that a rebuild takes a while (8,000 customers, 80,000 events), as after a real upload
    await db.$executeRaw`INSERT INTO "Customer" (id, "organizationId", "externalId", "signupAt")
      SELECT 'bulk-' || lpad(g::text, 5, '0'), ${admin.orgId}, 'BULK' || lpad(g::text, 5, '0'), '2026-01-01'::timestamptz
      FROM generate_series(1, 8000) g`;
    await db.$executeRaw`INSERT INTO "Event" ("organizationId", "customerId", type, "occurredAt", category, price, quantity, "sessionId", "dwellSeconds")
      SELECT ${admin.orgId}, 'bulk-' || lpad((1 + g % 8000)::text, 5, '0'),
        (ARRAY['VIEW', 'SEARCH', 'ADD_TO_CART', 'PURCHASE'])[1 + g % 4]::"EventType",
        '2026-10-01'::timestamptz + g * interval '1 second', (ARRAY['shoes', 'bags', 'hats'])[1 + g % 3],
        CASE WHEN g % 4 = 3 THEN 10 + g % 7 END, 1, 's' || (g % 50000), CASE WHEN g % 2 = 0 THEN g % 90 END
      FROM generate_series(1, 80000) g`;
    const eventsBefore = await db.event.count({ where: { organizationId: admin.orgId } });
    let next = 0;
    let accepted = 0;
    const post = async () => {
      const events = batch(next++, pool);
      const r = await call(eventsRoute.POST, { url: '/api/v1/events', method: 'POST', key, json: { events } });
      expect(r.status).toBe(202);
      accepted += r.body.accepted;
    };
    // rounds: a whole-organisation rebuild, and three posters sending batches until it is done (at least four
    // batches each after it started, so some of them land while it reads history and writes rows)
    const rounds = 4;
    for (let round = 0; round < rounds; round++) {
      let done = false;
      const rebuild = rebuildFeatureStore(admin.orgId).finally(() => {
        done = true;
      });
      const poster = async () => {
        for (let i = 0; i < 4 || !done; i++) await post();
      };
      await Promise.all([rebuild, poster(), poster(), poster()]);
    }
    expect(await db.event.count({ where: { organizationId: admin.orgId } })).toBe(eventsBefore + accepted);

    const recomputed = await loadCustomerAggregates(admin.orgId, null);
    const stored = await db.customerFeature.findMany({ where: { organizationId: admin.orgId } });
    expect(stored.length).toBe(recomputed.size);
    for (const row of stored) {
      const got = comparable(toAggregate(ZLiveAggregate.parse(row.values)));
      const want = comparable(recomputed.get(row.customerId)!.agg);
      // counts, sessions, categories, dates: exactly; sums of the seeded (decimal) amounts: to rounding, since
      // PostgreSQL adds them in an order of its own
      expect({ customer: row.customerId, ...got.exact }).toEqual({ customer: row.customerId, ...want.exact });
      expect(got.monetary).toBeCloseTo(want.monetary, 6);
      if (want.avgDwell === null) expect(got.avgDwell).toBeNull();
      else expect(got.avgDwell).toBeCloseTo(want.avgDwell, 9);
    }
  });
});
