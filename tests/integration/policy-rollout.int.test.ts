import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import * as offersRoute from '@/app/api/v1/offers/route';
import type { OrgContext } from '@/lib/auth/context';
import { db } from '@/lib/db';
import { Rng } from '@/lib/ml/rng';
import { armIpsValue } from '@/lib/policies/math/arm-ips';
import { applyPolicyAction, createCampaign, draftPolicyVersion } from '@/lib/policies/policy-store';
import { measureRollout } from '@/lib/policies/rollout-measurement';
import { rolloutArm, rolloutSalt } from '@/lib/policies/rollout-split';
import { ingestEvents } from '@/lib/serving/ingest-events';
import { createApiKey } from '@/lib/settings/api-keys';
import { orgContext } from './helpers';

/**
 * A rollout measured against its holdout, with a simulated truth: v1 gives 5 % (P(buy) = 0.10), v2 gives 15 %
 * (P(buy) = 0.16); list price 50, margin 40 %, so profit per customer is 0.16 × (42.5 − 30) = 2.00 on v2 and
 * 0.10 × (47.5 − 30) = 1.75 on v1: the true incremental profit of v2 is +0.25 per customer.
 */
const LIST = 50;
const P = { 5: 0.1, 15: 0.16 } as Record<number, number>;

async function secondAdmin(base: OrgContext): Promise<OrgContext> {
  const user = await db.user.upsert({
    where: { email: 'rollout-admin@acme.test' },
    update: {},
    create: { email: 'rollout-admin@acme.test', name: 'Second', passwordHash: 'x' },
  });
  await db.membership.upsert({
    where: { organizationId_userId: { organizationId: base.orgId, userId: user.id } },
    update: {},
    create: { organizationId: base.orgId, userId: user.id, role: 'ADMIN' },
  });
  return { ...base, userId: user.id, actorLabel: user.email };
}

async function offer(key: string, customerId: string, campaignId: string) {
  const req = new NextRequest('http://localhost/api/v1/offers', {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ customerId, campaignId }),
  });
  const res = await offersRoute.POST(req, { params: Promise.resolve({}) });
  expect(res.status).toBe(200);
  return res.json();
}

async function approved(
  admin: OrgContext,
  other: OrgContext,
  campaignId: string,
  discountPct: number,
  policyId?: string,
) {
  const v = await draftPolicyVersion(admin, {
    campaignId,
    policyId,
    name: 'Flat',
    rules: { mode: 'fixed', discountPct, maxDiscountPct: 30 },
  });
  await applyPolicyAction(admin, v.id, { action: 'submit' });
  await applyPolicyAction(other, v.id, { action: 'approve' });
  return v;
}

describe('rollout against its holdout', () => {
  it('splits by hash between v2 and the version it replaces, logs arm + probability, and measures profit', async () => {
    const admin = await orgContext('acme', 'ADMIN');
    const other = await secondAdmin(admin);
    const N = 400;
    const ids = Array.from({ length: N }, (_, i) => `RT${String(i).padStart(4, '0')}`);
    await db.customer.createMany({ data: ids.map((externalId) => ({ organizationId: admin.orgId, externalId })) });
    const campaign = await createCampaign(admin, { name: 'Rollout', marginPct: 40 });
    const v1 = await approved(admin, other, campaign.id, 5);
    await applyPolicyAction(admin, v1.id, { action: 'activate', rolloutPct: 100, holdoutPct: 0 });
    const v2 = await approved(admin, other, campaign.id, 15, v1.policyId);
    await applyPolicyAction(admin, v2.id, { action: 'activate', rolloutPct: 50 });
    const stored = await db.policyVersion.findUniqueOrThrow({ where: { id: v2.id } });
    expect([stored.rolloutPct, stored.baseline, stored.replacesVersionId]).toEqual([50, 'previous', v1.id]);

    // 400 offers in a burst: a limit above the default 50/s, as a storefront sending a campaign would set
    const key = (
      await createApiKey(admin, { name: 'shop', role: 'MANAGER', rateLimitPerSecond: 10_000, rateLimitBurst: 10_000 })
    ).key;
    const salt = rolloutSalt({ campaign: 'Rollout', policy: 'Flat', version: 2 });
    const answers = [];
    for (const c of ids) answers.push(await offer(key, c, campaign.id));
    // deterministic: the same customer lands on the same side again, and it is the hash split of lib/policies
    for (const [i, c] of ids.entries()) {
      const expected = rolloutArm(salt, c, 0.5).arm;
      expect(answers[i].arm).toBe(expected);
      expect(answers[i].discountPct).toBe(expected === 'new' ? 15 : 5);
      expect(answers[i].policyVersionId).toBe(v2.id);
    }
    for (const c of ids.slice(0, 20)) {
      const again = await offer(key, c, campaign.id);
      expect(again.arm).toBe(rolloutArm(salt, c, 0.5).arm);
    }
    const logged = await db.offerExposure.findMany({
      where: { decision: { policyVersionId: v2.id } },
      select: { propensity: true, decision: { select: { arm: true } } },
    });
    expect(logged.length).toBe(N + 20);
    expect(
      logged.every((e) => e.propensity === 0.5 && (e.decision?.arm === 'new' || e.decision?.arm === 'baseline')),
    ).toBe(true);
    const baselineReason = answers.find((a) => a.arm === 'baseline').reason;
    expect(baselineReason).toBe('baseline of policy version 2 (50% of customers): policy version 1: fixed discount');

    // simulated purchases from the known truth, attributed through the decision ids
    const rng = new Rng(20261130);
    const events = [];
    const sims = { new: { n: 0, profit: 0, conv: 0 }, baseline: { n: 0, profit: 0, conv: 0 } } as Record<
      string,
      { n: number; profit: number; conv: number }
    >;
    for (const a of answers) {
      const s = sims[a.arm];
      s.n++;
      if (rng.next() < P[a.discountPct]) {
        const price = LIST * (1 - a.discountPct / 100);
        events.push({
          customerId: a.customerId,
          type: 'purchase' as const,
          price,
          quantity: 1,
          decisionId: a.decisionId,
        });
        s.conv++;
        s.profit += price - LIST * 0.6;
      }
    }
    await ingestEvents(admin, { events });

    const m = await measureRollout(admin, v2.id);
    if (!m.metrics || !m.verdict) throw new Error('expected a measurement');
    expect(m.arms.map((a) => a.customers)).toEqual([sims.baseline.n, sims.new.n]);
    expect(m.arms.map((a) => a.name)).toEqual(['v1 (baseline)', 'v2']);
    expect(m.metrics.conversion.new.mean).toBeCloseTo(sims.new.conv / sims.new.n, 12);
    expect(m.metrics.conversion.baseline.mean).toBeCloseTo(sims.baseline.conv / sims.baseline.n, 12);
    expect(m.metrics.profit.new.mean).toBeCloseTo(sims.new.profit / sims.new.n, 9);
    expect(m.verdict.profit.diff).toBeCloseTo(sims.new.profit / sims.new.n - sims.baseline.profit / sims.baseline.n, 9);
    // the verdict's interval covers the simulated truth (+0.25 per customer)
    expect(m.verdict.profit.ci[0]).toBeLessThan(0.25);
    expect(m.verdict.profit.ci[1]).toBeGreaterThan(0.25);
    console.log(
      `[rollout] v2 vs v1: profit/customer ${m.verdict.profit.diff.toFixed(3)} [${m.verdict.profit.ci.map((x) => x.toFixed(3)).join(', ')}], truth 0.250`,
    );
  }, 300_000);

  it('IPS with the logged arm probabilities is unbiased: 95% intervals cover the truth in ~95% of 300 runs', () => {
    // heterogeneous known truth per customer; a 30 % rollout (probabilities 0.3 / 0.7); each run is a new version
    // id (a new hash split) and new Bernoulli outcomes — the randomness the estimator must average over
    const N = 1000;
    const ids = Array.from({ length: N }, (_, i) => `SIM${i}`);
    const pNew = ids.map((_, i) => 0.05 + (0.2 * ((i * 7919) % N)) / N);
    const profitNew = 12.5;
    const truth = pNew.reduce((s, p) => s + p * profitNew, 0) / N;
    const rng = new Rng(7);
    const runs = 300;
    let covered = 0;
    let sum = 0;
    for (let r = 0; r < runs; r++) {
      const rows = ids.map((c, i) => {
        const { arm, probability } = rolloutArm(`sim-version-${r}`, c, 0.3);
        const p = arm === 'new' ? pNew[i] : 0.1;
        const y = rng.next() < p ? (arm === 'new' ? profitNew : 17.5) : 0;
        return { arm, probability, y };
      });
      const est = armIpsValue(rows, 'new');
      sum += est.value;
      if (est.ci[0] <= truth && truth <= est.ci[1]) covered++;
    }
    const coverage = covered / runs;
    console.log(
      `[rollout IPS] truth ${truth.toFixed(4)}, mean estimate ${(sum / runs).toFixed(4)}, 95% CI coverage ${coverage} over ${runs} runs`,
    );
    // binomial sd of the coverage at 300 runs: √(0.95·0.05/300) = 0.0126
    expect(coverage).toBeGreaterThan(0.91);
    expect(coverage).toBeLessThan(0.99);
    expect(Math.abs(sum / runs - truth)).toBeLessThan(0.03);
  });
});
