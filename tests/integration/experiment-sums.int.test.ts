import { beforeAll, describe, expect, it } from 'vitest';
import * as resultsRoute from '@/app/api/v1/experiments/[id]/results/route';
import { db } from '@/lib/db';
import {
  experimentSums,
  experimentUserRows,
  summariseUsers,
  type VariantSummary,
} from '@/lib/experiments/experiment-sums';
import { Rng } from '@/lib/ml/rng';
import { createApiKey } from '@/lib/settings/api-keys';
import { call, orgContext } from './helpers';

/**
 * PostgreSQL's per-variant sums (the results API's path) against known answers worked out by hand, and against the
 * per-user rows summed in Node (the CUPED path, and the computation the sums replaced) on a seeded random experiment.
 */
const at = (iso: string) => new Date(iso);
let acme = '';
let globex = '';

async function customers(orgId: string, prefix: string, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++)
    ids.push((await db.customer.create({ data: { organizationId: orgId, externalId: `${prefix}-${i}` } })).id);
  return ids;
}

async function experiment(orgId: string, key: string, arms: string[]) {
  return db.experiment.create({
    data: {
      organizationId: orgId,
      key,
      name: key,
      status: 'STOPPED',
      variants: {
        create: arms.map((name, i) => ({ organizationId: orgId, name, weight: 1, discountPct: 0, isControl: i === 0 })),
      },
    },
    include: { variants: { orderBy: { isControl: 'desc' } } },
  });
}

/** A purchase attributed to experiment `experimentId`, citing a decision of `discountPct` (none when null). */
async function conversion(
  orgId: string,
  o: { customerId: string; experimentId: string; revenue: number; at: Date; discountPct: number | null },
) {
  const decision =
    o.discountPct === null
      ? null
      : await db.policyDecision.create({
          data: {
            organizationId: orgId,
            customerId: o.customerId,
            discountPct: o.discountPct,
            experimentId: o.experimentId,
          },
        });
  await db.conversionEvent.create({
    data: {
      organizationId: orgId,
      customerId: o.customerId,
      experimentId: o.experimentId,
      decisionId: decision?.id ?? null,
      revenue: o.revenue,
      occurredAt: o.at,
    },
  });
}

const plain = (s: VariantSummary) => ({
  sums: s.sums,
  days: { assigned: Object.fromEntries(s.days.assigned), converted: Object.fromEntries(s.days.converted) },
});

beforeAll(async () => {
  acme = (await orgContext('acme', 'ADMIN')).orgId;
  globex = (await orgContext('globex', 'ADMIN')).orgId;
});

describe('experiment sums by PostgreSQL', () => {
  it('match the known answers: per-user revenue and cost summed, first conversion per user, only assigned users', async () => {
    const [c1, c2, c3, c4, c5, c6, c7] = await customers(acme, 'sums-known', 7);
    const x = await experiment(acme, 'sums-known', ['Control', '10% off', '20% off']);
    const other = await experiment(acme, 'sums-other', ['Control', 'B']);
    const [control, ten, twenty] = x.variants;
    const assign = (customerId: string, variantId: string, when: string) =>
      db.assignment.create({
        data: { organizationId: acme, experimentId: x.id, variantId, customerId, assignedAt: at(when) },
      });
    await assign(c1, control.id, '2026-05-01T09:00:00Z');
    await assign(c2, control.id, '2026-05-01T23:59:59.999Z');
    await assign(c3, control.id, '2026-05-03T00:00:00Z');
    await assign(c4, ten.id, '2026-05-01T12:00:00Z');
    await assign(c5, ten.id, '2026-05-02T12:00:00Z');
    await assign(c6, ten.id, '2026-05-02T18:00:00Z');
    // nobody in '20% off'; c7 is not assigned
    const ex = x.id;
    await conversion(acme, {
      customerId: c1,
      experimentId: ex,
      revenue: 100,
      at: at('2026-05-02T10:00:00Z'),
      discountPct: 0,
    });
    // a purchase without a decision: revenue, no discount cost
    await conversion(acme, {
      customerId: c3,
      experimentId: ex,
      revenue: 50,
      at: at('2026-05-04T00:00:00Z'),
      discountPct: null,
    });
    // two purchases of one user: 135 revenue, cost 90·10/90 + 45·10/90 = 15, first conversion on 2 May
    await conversion(acme, {
      customerId: c4,
      experimentId: ex,
      revenue: 90,
      at: at('2026-05-03T08:00:00Z'),
      discountPct: 10,
    });
    await conversion(acme, {
      customerId: c4,
      experimentId: ex,
      revenue: 45,
      at: at('2026-05-02T23:00:00Z'),
      discountPct: 10,
    });
    // cost 180·20/80 = 45
    await conversion(acme, {
      customerId: c5,
      experimentId: ex,
      revenue: 180,
      at: at('2026-05-03T09:00:00Z'),
      discountPct: 20,
    });
    // not counted: c5's purchase attributed to another experiment, and one of a customer never assigned to this one
    await conversion(acme, {
      customerId: c5,
      experimentId: other.id,
      revenue: 1000,
      at: at('2026-05-03T10:00:00Z'),
      discountPct: 0,
    });
    await conversion(acme, {
      customerId: c7,
      experimentId: ex,
      revenue: 500,
      at: at('2026-05-03T11:00:00Z'),
      discountPct: 10,
    });

    const sums = await experimentSums(acme, x.id);
    expect([...sums.keys()].sort()).toEqual([control.id, ten.id].sort());
    expect(sums.has(twenty.id)).toBe(false);
    expect(plain(sums.get(control.id)!)).toEqual({
      sums: { n: 3, conversions: 2, revenue: 150, revenue2: 100 ** 2 + 50 ** 2, cost: 0, cost2: 0, revenueCost: 0 },
      days: { assigned: { '2026-05-01': 2, '2026-05-03': 1 }, converted: { '2026-05-02': 1, '2026-05-04': 1 } },
    });
    const t = sums.get(ten.id)!;
    expect(plain(t).days).toEqual({
      assigned: { '2026-05-01': 1, '2026-05-02': 2 },
      converted: { '2026-05-02': 1, '2026-05-03': 1 },
    });
    expect(t.sums.n).toBe(3);
    expect(t.sums.conversions).toBe(2);
    expect(t.sums.revenue).toBeCloseTo(315, 10);
    expect(t.sums.revenue2).toBeCloseTo(135 ** 2 + 180 ** 2, 8);
    expect(t.sums.cost).toBeCloseTo(60, 10);
    expect(t.sums.cost2).toBeCloseTo(15 ** 2 + 45 ** 2, 8);
    expect(t.sums.revenueCost).toBeCloseTo(135 * 15 + 180 * 45, 8);

    // the per-user rows (CUPED's path) give the same
    const users = await experimentUserRows(acme, x.id);
    expect(users).toHaveLength(6);
    for (const v of [control, ten]) {
      const slow = plain(summariseUsers(users.filter((u) => u.variantId === v.id)));
      const fast = plain(sums.get(v.id)!);
      expect(fast.days).toEqual(slow.days);
      for (const k of Object.keys(slow.sums) as (keyof typeof slow.sums)[])
        expect(fast.sums[k]).toBeCloseTo(slow.sums[k], 8);
    }

    // another organisation sees nothing of it
    expect((await experimentSums(globex, x.id)).size).toBe(0);
    expect(await experimentUserRows(globex, x.id)).toEqual([]);
  });

  it('equal the per-user rows summed in Node on a seeded random experiment', async () => {
    const rng = new Rng(2121);
    const ids = await customers(acme, 'sums-random', 300);
    const x = await experiment(acme, 'sums-random', ['Control', 'A', 'B']);
    const start = at('2026-03-01T00:00:00Z').getTime();
    for (const customerId of ids) {
      const variant = x.variants[Math.floor(rng.next() * 3)];
      const assignedAt = new Date(start + Math.floor(rng.next() * 10 * 86_400_000));
      await db.assignment.create({
        data: { organizationId: acme, experimentId: x.id, variantId: variant.id, customerId, assignedAt },
      });
      const purchases = rng.next() < 0.7 ? 0 : 1 + Math.floor(rng.next() * 3);
      for (let p = 0; p < purchases; p++)
        await conversion(acme, {
          customerId,
          experimentId: x.id,
          revenue: Math.round(rng.next() * 20000) / 100,
          at: new Date(assignedAt.getTime() + Math.floor(rng.next() * 5 * 86_400_000)),
          discountPct: rng.next() < 0.2 ? null : [0, 5, 10, 20][Math.floor(rng.next() * 4)],
        });
    }
    // the same customers in a globex experiment must not leak into acme's figures
    const g = await experiment(globex, 'sums-random', ['Control', 'A']);
    const gIds = await customers(globex, 'sums-random', 5);
    for (const customerId of gIds) {
      await db.assignment.create({
        data: { organizationId: globex, experimentId: g.id, variantId: g.variants[0].id, customerId },
      });
      await conversion(globex, { customerId, experimentId: g.id, revenue: 10, at: new Date(), discountPct: 5 });
    }

    const [fast, users] = await Promise.all([experimentSums(acme, x.id), experimentUserRows(acme, x.id)]);
    expect(users).toHaveLength(300);
    expect(users.filter((u) => u.firstConversion).length).toBeGreaterThan(50);
    let n = 0;
    for (const v of x.variants) {
      const slow = plain(summariseUsers(users.filter((u) => u.variantId === v.id)));
      const got = plain(fast.get(v.id)!);
      expect(got.days).toEqual(slow.days);
      expect(got.sums.n).toBe(slow.sums.n);
      expect(got.sums.conversions).toBe(slow.sums.conversions);
      for (const k of ['revenue', 'revenue2', 'cost', 'cost2', 'revenueCost'] as const)
        expect(got.sums[k] / slow.sums[k]).toBeCloseTo(1, 12);
      n += got.sums.n;
    }
    expect(n).toBe(300);
    expect((await experimentSums(acme, g.id)).size).toBe(0);
    expect((await experimentSums(globex, g.id)).get(g.variants[0].id)?.sums.n).toBe(5);
  });

  it("are read with the experiment, and another organisation's experiment is a 404 with or without CUPED", async () => {
    const [c1, c2, c3, c4] = await customers(acme, 'sums-route', 4);
    const x = await experiment(acme, 'sums-route', ['Control', 'B']);
    for (const [i, customerId] of [c1, c2, c3, c4].entries())
      await db.assignment.create({
        data: { organizationId: acme, experimentId: x.id, variantId: x.variants[i % 2].id, customerId },
      });
    await conversion(acme, { customerId: c2, experimentId: x.id, revenue: 80, at: new Date(), discountPct: 20 });
    const own = (await createApiKey(await orgContext('acme', 'ADMIN'), { name: 'sums', role: 'ANALYST' })).key;
    const foreign = (await createApiKey(await orgContext('globex', 'ADMIN'), { name: 'sums', role: 'ANALYST' })).key;
    for (const cuped of ['false', 'true']) {
      const url = `/api/v1/experiments/${x.id}/results?cuped=${cuped}`;
      const mine = await call(resultsRoute.GET, { url, key: own, params: { id: x.id } });
      expect(mine.status).toBe(200);
      expect(mine.body.variants.map((v: { name: string; users: number }) => [v.name, v.users])).toEqual([
        ['Control', 2],
        ['B', 2],
      ]);
      // B: one buyer of two, 80 revenue, discount cost 80·20/80 = 20
      expect(mine.body.metrics.conversion.variants[1].mean).toBe(0.5);
      expect(mine.body.metrics.revenue.variants[1].mean).toBeCloseTo(40, 10);
      expect(mine.body.metrics.discountCost.variants[1].mean).toBeCloseTo(10, 10);
      const theirs = await call(resultsRoute.GET, { url, key: foreign, params: { id: x.id } });
      expect(theirs.status).toBe(404);
      expect(theirs.body.error.code).toBe('not_found');
    }
  });
});
