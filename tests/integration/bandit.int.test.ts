import { beforeAll, describe, expect, it } from 'vitest';
import * as banditRoute from '@/app/api/v1/experiments/[id]/bandit/route';
import * as reallocateRoute from '@/app/api/v1/experiments/[id]/reallocate/route';
import * as submitRoute from '@/app/api/v1/experiments/[id]/submit/route';
import * as experimentsRoute from '@/app/api/v1/experiments/route';
import type { OrgContext } from '@/lib/auth/context';
import { createDemoGenerator, trueConversionProbability } from '@/lib/data/demo-generator';
import { db } from '@/lib/db';
import { banditResults } from '@/lib/experiments/bandit/bandit-results';
import { reallocateBandit, reallocateDueBandits } from '@/lib/experiments/bandit/reallocate-bandit';
import { approveAndStartExperiment } from '@/lib/experiments/experiment-approval';
import { Rng } from '@/lib/ml/rng';
import { decideOffer } from '@/lib/serving/decide-offer';
import { ingestEvents } from '@/lib/serving/ingest-events';
import { createApiKey } from '@/lib/settings/api-keys';
import { call, orgContext } from './helpers';
import { activeCampaign } from './security-helpers';

/**
 * Issue 16 item 2: a bandit from creation to reallocation on offers traffic with the demo generator's known response
 * (lib/data/demo-model.ts): customer i responds like ground-truth customer i, P(convert | d) = its true probability,
 * order value its baseline; margin 40 %, so the true profit per customer is 2.245 at 0 % off and 1.672 at 20 % off
 * (bandit-simulation.test.ts). Two arms, three rounds of 600 customers, hourly reallocation at injected instants.
 * Offline, over 200 seeded replays of this design, the 0 % arm ends with the larger weight in 190.
 */
const T0 = new Date('2026-03-02T09:00:00Z');
const hours = (h: number) => new Date(T0.getTime() + h * 3_600_000);
const truth = createDemoGenerator({ customers: 3000 }).groundTruth();
const ROUND = 600;
const ext = (i: number) => `BX${String(i + 1).padStart(5, '0')}`;

let manager: OrgContext;
let admin: OrgContext;
let keys: { analyst: string; manager: string; admin: string };
let experimentId: string;
const rng = new Rng(2026);

/** Offers to customers [from, from + ROUND) and their purchases under the known response. */
async function traffic(from: number) {
  const served: { i: number; variant: string; discountPct: number }[] = [];
  const purchases: {
    customerId: string;
    type: 'purchase';
    price: number;
    quantity: number;
    decisionId: string;
    timestamp: string;
  }[] = [];
  for (let i = from; i < from + ROUND; i++) {
    const offer = await decideOffer(manager, { customerId: ext(i) });
    served.push({ i, variant: offer.experiment!.variant, discountPct: offer.discountPct });
    const t = truth[i % truth.length];
    if (rng.next() < trueConversionProbability(t, offer.discountPct)) {
      purchases.push({
        customerId: ext(i),
        type: 'purchase',
        price: t.baselineOrderValue * (1 - offer.discountPct / 100),
        quantity: 1,
        decisionId: offer.decisionId,
        timestamp: T0.toISOString(),
      });
    }
  }
  if (purchases.length) await ingestEvents(manager, { events: purchases });
  return served;
}

async function assignmentsOf(from: number) {
  const rows = await db.assignment.findMany({
    where: { experimentId, customer: { externalId: { gte: ext(from), lt: ext(from + ROUND) } } },
    include: { variant: { select: { name: true } } },
  });
  expect(rows).toHaveLength(ROUND);
  return rows;
}

beforeAll(async () => {
  manager = await orgContext('acme', 'MANAGER');
  admin = await orgContext('acme', 'ADMIN');
  keys = {
    analyst: (await createApiKey(await orgContext('acme', 'ANALYST'), { name: 'an', role: 'ANALYST' })).key,
    manager: (await createApiKey(manager, { name: 'mg', role: 'MANAGER' })).key,
    admin: (await createApiKey(admin, { name: 'ad', role: 'ADMIN' })).key,
  };
  await db.customer.createMany({
    data: Array.from({ length: 3 * ROUND }, (_, i) => ({ organizationId: manager.orgId, externalId: ext(i) })),
  });
}, 60_000);

// one bandit's life in its steps, in declared order: each step starts from the state the previous one left
describe('bandit experiment: create → approve → traffic → reallocation → results', { shuffle: false }, () => {
  it('a manager drafts a bandit; bad settings are 400; it needs the same approval as an A/B test', async () => {
    const body = (over: Record<string, unknown>) => ({
      key: 'bandit-zero-vs-twenty',
      name: 'Bandit: 0 % vs 20 % off',
      type: 'BANDIT',
      marginPct: 40,
      bandit: { metric: 'profit', schedule: 'hourly', burnIn: 100, minShare: 0.05 },
      variants: [
        { name: '0% off', discountPct: 0 },
        { name: '20% off', discountPct: 20 },
      ],
      ...over,
    });
    const post = (json: unknown) =>
      call(experimentsRoute.POST, { url: '/api/v1/experiments', method: 'POST', key: keys.manager, json });
    const floorTooHigh = await post(body({ bandit: { minShare: 0.6 } }));
    expect(floorTooHigh.status).toBe(400);
    const abWithBandit = await post(body({ type: 'AB' }));
    expect(abWithBandit.body.error.issues[0].message).toBe('bandit settings apply to type BANDIT only');
    const created = await post(body({}));
    expect(created.status).toBe(201);
    expect([created.body.type, created.body.primaryMetric, created.body.bandit]).toEqual([
      'BANDIT',
      'profit',
      { metric: 'profit', schedule: 'hourly', burnIn: 100, minShare: 0.05 },
    ]);
    expect(created.body.variants.map((v: { weight: number }) => v.weight)).toEqual([0.5, 0.5]);
    experimentId = created.body.id;

    const campaign = await activeCampaign('acme', 'Bandit campaign', 20);
    const submitted = await call(submitRoute.POST, {
      url: `/api/v1/experiments/${experimentId}/submit`,
      method: 'POST',
      key: keys.manager,
      json: { campaignId: campaign.id },
      params: { id: experimentId },
    });
    expect(submitted.status).toBe(200);
    // the admin approves at an injected instant: the even split is the first row of the history
    const started = await approveAndStartExperiment(admin, experimentId, T0);
    expect(started.status).toBe('RUNNING');
    const history = await db.banditAllocation.findMany({ where: { experimentId } });
    expect(history.map((a) => [a.phase, a.trigger, a.createdAt.toISOString(), a.customers])).toEqual([
      ['start', 'start', T0.toISOString(), 0],
    ]);
    const row = await db.experiment.findUniqueOrThrow({ where: { id: experimentId } });
    expect(row.nextReallocationAt?.toISOString()).toBe(hours(1).toISOString());
  });

  it('serves by the current allocation, logs its probability, and reallocates toward the more profitable arm', async () => {
    const weightsAt = async (ordinal: number) => {
      const a = await db.banditAllocation.findMany({ where: { experimentId }, orderBy: { createdAt: 'asc' } });
      const names = await db.experimentVariant.findMany({ where: { experimentId } });
      const w = a[ordinal].weights as Record<string, number>;
      return Object.fromEntries(names.map((v) => [v.name, w[v.id]]));
    };
    const served1 = await traffic(0);
    // every logged probability equals the allocation in force at the decision: the even split
    for (const a of await assignmentsOf(0)) expect(a.probability).toBe(0.5);
    const exposures = await db.offerExposure.findMany({
      where: { customer: { externalId: ext(0) }, organizationId: manager.orgId },
    });
    expect(exposures.map((x) => x.propensity)).toEqual([0.5]);

    // the scheduler: not due half an hour in, due at one hour
    expect(await reallocateDueBandits(hours(0.5))).toBe(0);
    expect(await reallocateDueBandits(hours(1))).toBe(1);
    expect(await reallocateDueBandits(hours(1))).toBe(0); // the next one is due at 2 h
    const w1 = await weightsAt(1);

    // round 2 is served with the new weights; a returning customer keeps their arm and its probability
    const again = await decideOffer(manager, { customerId: ext(0) });
    expect(again.experiment!.variant).toBe(served1[0].variant);
    const againExposure = await db.offerExposure.findFirstOrThrow({
      where: { decisionId: again.decisionId },
    });
    expect(againExposure.propensity).toBe(0.5);
    await traffic(ROUND);
    for (const a of await assignmentsOf(ROUND)) expect(a.probability).toBeCloseTo(w1[a.variant.name], 12);
    // an admin's "Reallocate now" (manual) at 1.5 h; a manager may not
    const forbidden = await call(reallocateRoute.POST, {
      url: `/api/v1/experiments/${experimentId}/reallocate`,
      method: 'POST',
      key: keys.manager,
      params: { id: experimentId },
    });
    expect(forbidden.status).toBe(403);
    const manual = await reallocateBandit(admin, experimentId, { now: hours(1.5), trigger: 'manual' });
    expect(manual?.trigger).toBe('manual');
    const w2 = await weightsAt(2);
    await traffic(2 * ROUND);
    for (const a of await assignmentsOf(2 * ROUND)) expect(a.probability).toBeCloseTo(w2[a.variant.name], 12);
    expect(await reallocateDueBandits(hours(2))).toBe(0); // manual moved the schedule to 2.5 h
    expect(await reallocateDueBandits(hours(2.5))).toBe(1);
    const w3 = await weightsAt(3);

    const history = await db.banditAllocation.findMany({ where: { experimentId }, orderBy: { createdAt: 'asc' } });
    expect(history.map((a) => [a.phase, a.trigger, a.createdAt.toISOString(), a.customers])).toEqual([
      ['start', 'start', T0.toISOString(), 0],
      ['thompson', 'schedule', hours(1).toISOString(), ROUND],
      ['thompson', 'manual', hours(1.5).toISOString(), 2 * ROUND],
      ['thompson', 'schedule', hours(2.5).toISOString(), 3 * ROUND],
    ]);
    // weights of 0 % off by reallocation: 0.5 → 0.915 → 0.934 → 0.944
    // the allocation moved toward 0 % off (true profit 2.245 vs 1.672 per customer) and the floor held
    expect(w3['0% off']).toBeGreaterThan(0.75);
    expect(w3['20% off']).toBeGreaterThanOrEqual(0.05 - 1e-12);
    const audit = await db.auditLog.count({ where: { entityId: experimentId, action: 'experiment.reallocate' } });
    expect(audit).toBe(3);
  }, 300_000);

  it('results: posteriors, P(best), expected loss and IPS estimates recomputed by hand from the stored log', async () => {
    const r = await banditResults(admin, experimentId);
    expect(r.customers).toBe(3 * ROUND);
    expect(r.bestArm).toBe('0% off');
    const [zero, twenty] = r.arms;
    expect(zero.probabilityBest + twenty.probabilityBest).toBeCloseTo(1, 12);
    expect(zero.probabilityBest).toBeGreaterThan(0.9);
    expect(zero.expectedLoss).toBeLessThan(twenty.expectedLoss);
    // by hand: each customer's profit = revenue − revenue/(1 − d) × 0.6, weighted by 1/p of its logged probability
    const rows = await db.assignment.findMany({ where: { experimentId }, include: { variant: true } });
    const conv = await db.conversionEvent.findMany({ where: { experimentId } });
    const revenue = new Map<string, number>();
    for (const c of conv) revenue.set(c.customerId, (revenue.get(c.customerId) ?? 0) + c.revenue);
    const N = rows.length;
    for (const arm of r.arms) {
      let num = 0;
      let den = 0;
      let n = 0;
      let sum = 0;
      let ss = 0;
      for (const a of rows) {
        if (a.variant.name !== arm.name) continue;
        const rev = revenue.get(a.customerId) ?? 0;
        const y = rev - (rev / (1 - (a.variant.discountPct ?? 0) / 100)) * 0.6;
        num += y / a.probability!;
        den += 1 / a.probability!;
        n++;
        sum += y;
        ss += y * y;
      }
      expect(arm.customers).toBe(n);
      expect(arm.profit.ips).toBeCloseTo(num / N, 9);
      expect(arm.profit.snips).toBeCloseTo(num / den, 9);
      expect(arm.posterior.mean).toBeCloseTo(sum / n, 9);
      expect(arm.posterior.sd).toBeCloseTo(Math.sqrt((ss - (sum * sum) / n) / (n - 1) / n), 9);
      expect(arm.profit.ipsInterval![0]).toBeLessThan(arm.profit.ips);
    }
    // the IPS estimates cover the true profit per customer of each arm
    const [lo0, hi0] = zero.profit.snipsInterval!;
    const [lo20, hi20] = twenty.profit.snipsInterval!;
    // 0 % off 2.309 [1.801, 2.816] ∋ 2.245; 20 % off 1.674 [1.008, 2.340] ∋ 1.672
    expect(lo0 < 2.2454748695289584 && 2.2454748695289584 < hi0).toBe(true);
    expect(lo20 < 1.6721427375101796 && 1.6721427375101796 < hi20).toBe(true);
    expect(r.allocations.map((a) => a.weights['0% off'])[0]).toBe(0.5);
    expect(r.allocations).toHaveLength(4);

    // over HTTP: analysts read it; another organisation gets 404; an A/B experiment is 409
    const read = await call(banditRoute.GET, {
      url: `/api/v1/experiments/${experimentId}/bandit`,
      key: keys.analyst,
      params: { id: experimentId },
    });
    expect([read.status, read.body.arms[0].name]).toEqual([200, '0% off']);
    const globex = await orgContext('globex', 'ADMIN');
    const otherKey = (await createApiKey(globex, { name: 'gx', role: 'ADMIN' })).key;
    const other = await call(banditRoute.GET, {
      url: `/api/v1/experiments/${experimentId}/bandit`,
      key: otherKey,
      params: { id: experimentId },
    });
    expect(other.status).toBe(404);
    const otherRealloc = await call(reallocateRoute.POST, {
      url: `/api/v1/experiments/${experimentId}/reallocate`,
      method: 'POST',
      key: otherKey,
      params: { id: experimentId },
    });
    expect(otherRealloc.status).toBe(404);
  });
});
