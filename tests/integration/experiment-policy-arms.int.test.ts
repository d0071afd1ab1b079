import { describe, expect, it } from 'vitest';
import * as eventsRoute from '@/app/api/v1/events/route';
import * as resultsRoute from '@/app/api/v1/experiments/[id]/results/route';
import * as startRoute from '@/app/api/v1/experiments/[id]/start/route';
import * as submitRoute from '@/app/api/v1/experiments/[id]/submit/route';
import * as experimentsRoute from '@/app/api/v1/experiments/route';
import * as offersRoute from '@/app/api/v1/offers/route';
import { db } from '@/lib/db';
import { assignVariant } from '@/lib/experiments/assignment';
import { managerHome } from '@/lib/overview/manager-home';
import { applyPolicyAction, draftPolicyVersion } from '@/lib/policies/policy-store';
import { evaluateRules, ZPolicyRules } from '@/lib/policies/rules';
import { createApiKey } from '@/lib/settings/api-keys';
import { call, orgContext } from './helpers';
import { activeCampaign } from './security-helpers';

/**
 * An experiment whose arms are policies of one campaign: "v2 vs current policy vs no discount". Offers for
 * customers of the v2 arm are what v2's rules alone decide; the current-policy arm gets the campaign's active
 * version; results compare each arm with the control by profit.
 */
describe('experiment with policy-version arms', () => {
  it('decides each arm by its policy, logs the deciding version, and compares arms by profit', async () => {
    const admin = await orgContext('acme', 'ADMIN');
    const manager = await orgContext('acme', 'MANAGER');
    const managerKey = (await createApiKey(manager, { name: 'mgr', role: 'MANAGER' })).key;
    const adminKey = (await createApiKey(admin, { name: 'adm', role: 'ADMIN' })).key;
    const campaign = await activeCampaign('acme', 'Policy arms', 30); // v1: fixed 5 %, active
    const v1 = await db.policyVersion.findFirstOrThrow({ where: { policy: { campaignId: campaign.id }, version: 1 } });

    // v2: loyal customers (a segment of the first 16 demo customers) get 15 %, everyone else 0 %
    const customers = Array.from({ length: 40 }, (_, i) => `AC${String(i + 1).padStart(5, '0')}`);
    const rows = await db.customer.findMany({
      where: { organizationId: admin.orgId, externalId: { in: customers } },
      select: { id: true, externalId: true },
    });
    const idOf = new Map(rows.map((r) => [r.externalId, r.id]));
    const loyal = await db.segment.create({
      data: { organizationId: admin.orgId, name: 'Loyal (test)', algorithm: 'manual', clusterIndex: 0, size: 16 },
    });
    await db.segmentMember.createMany({
      data: customers
        .slice(0, 16)
        .map((c) => ({ segmentId: loyal.id, customerId: idOf.get(c)!, organizationId: admin.orgId })),
    });
    const v2 = await draftPolicyVersion(manager, {
      campaignId: campaign.id,
      policyId: v1.policyId,
      name: 'Policy arms',
      rules: {
        mode: 'segments',
        segments: [{ segmentId: loyal.id, discountPct: 15 }],
        defaultDiscountPct: 0,
        maxDiscountPct: 30,
      },
    });
    await applyPolicyAction(manager, v2.id, { action: 'submit' });
    await applyPolicyAction(admin, v2.id, { action: 'approve', comment: 'for the experiment' });

    // a policy arm must name a version of the experiment's campaign, and needs the campaign
    const noCampaign = await call(experimentsRoute.POST, {
      url: '/api/v1/experiments',
      method: 'POST',
      key: managerKey,
      json: {
        key: 'arms-no-campaign',
        name: 'x',
        variants: [
          { name: 'None', weight: 1, kind: 'none' },
          { name: 'v2', weight: 1, kind: 'policy-version', policyVersionId: v2.id },
        ],
      },
    });
    expect(noCampaign.status).toBe(400);
    const other = await activeCampaign('acme', 'Other campaign', 30);
    const foreign = await call(experimentsRoute.POST, {
      url: '/api/v1/experiments',
      method: 'POST',
      key: managerKey,
      json: {
        key: 'arms-wrong-campaign',
        name: 'x',
        campaignId: other.id,
        variants: [
          { name: 'None', weight: 1, kind: 'none' },
          { name: 'v2', weight: 1, kind: 'policy-version', policyVersionId: v2.id },
        ],
      },
    });
    expect(foreign.status).toBe(422);
    expect(foreign.body.error.issues[0].path).toEqual(['variants', 1, 'policyVersionId']);

    const arms = [
      { name: 'No discount', weight: 1, kind: 'none' },
      { name: 'v2', weight: 1, kind: 'policy-version', policyVersionId: v2.id },
      { name: 'Current policy', weight: 1, kind: 'current-policy' },
    ];
    const created = await call(experimentsRoute.POST, {
      url: '/api/v1/experiments',
      method: 'POST',
      key: managerKey,
      json: {
        key: 'v2-vs-current',
        name: 'v2 vs current policy vs no discount',
        campaignId: campaign.id,
        marginPct: 40,
        primaryMetric: 'profit',
        variants: arms,
      },
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(
      created.body.variants.map((v: { name: string; kind: string; discountPct: number | null }) => [
        v.name,
        v.kind,
        v.discountPct,
      ]),
    ).toEqual([
      ['No discount', 'none', 0],
      ['Current policy', 'current-policy', null],
      ['v2', 'policy-version', null],
    ]);
    // four eyes: the manager submits in the campaign it was created in, an admin approves and starts it
    expect(
      (
        await call(submitRoute.POST, {
          url: `/api/v1/experiments/${id}/submit`,
          method: 'POST',
          key: managerKey,
          json: {},
          params: { id },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await call(startRoute.POST, {
          url: `/api/v1/experiments/${id}/start`,
          method: 'POST',
          key: managerKey,
          params: { id },
        })
      ).status,
    ).toBe(403);
    const started = await call(startRoute.POST, {
      url: `/api/v1/experiments/${id}/start`,
      method: 'POST',
      key: adminKey,
      params: { id },
    });
    expect(started.body.status).toBe('RUNNING');

    const v2Rules = ZPolicyRules.parse((await db.policyVersion.findUniqueOrThrow({ where: { id: v2.id } })).rules);
    const offers: {
      customerId: string;
      decisionId: string;
      discountPct: number;
      policyVersionId: string | null;
      experiment: { variant: string };
    }[] = [];
    for (const c of customers) {
      const o = await call(offersRoute.POST, {
        url: '/api/v1/offers',
        method: 'POST',
        key: managerKey,
        json: { customerId: c, campaignId: campaign.id },
      });
      expect(o.status).toBe(200);
      const arm = assignVariant(
        'v2-vs-current',
        c,
        // serving orders the arms control first, then by name
        ['No discount', 'Current policy', 'v2'].map((name) => ({ name, weight: 1 })),
      );
      expect(o.body.experiment.variant).toBe(arm);
      if (arm === 'v2') {
        // exactly what v2 alone decides for this customer
        const alone = evaluateRules(v2Rules, { segmentIds: customers.indexOf(c) < 16 ? [loyal.id] : [] });
        expect([c, o.body.discountPct, o.body.policyVersionId]).toEqual([c, alone.discountPct, v2.id]);
        expect(o.body.reason).toContain('arm v2: policy version 2');
        expect(o.body.discountPct).toBe(customers.indexOf(c) < 16 ? 15 : 0);
      } else if (arm === 'Current policy') {
        expect([o.body.discountPct, o.body.policyVersionId]).toEqual([5, v1.id]);
      } else {
        expect([o.body.discountPct, o.body.policyVersionId]).toEqual([0, null]);
      }
      offers.push(o.body);
    }
    const byArm = (a: string) => offers.filter((o) => o.experiment.variant === a);
    expect(byArm('v2').length).toBeGreaterThan(6);
    expect(byArm('Current policy').length).toBeGreaterThan(6);
    // the decision log names the deciding version and the arm's probability 1/3
    const logged = await db.policyDecision.findMany({ where: { experimentId: id }, include: { exposure: true } });
    expect(logged).toHaveLength(40);
    for (const d of logged) expect(d.exposure?.propensity).toBeCloseTo(1 / 3, 12);
    expect(logged.filter((d) => d.policyVersionId === v2.id)).toHaveLength(byArm('v2').length);

    // every second customer buys at price 100 (the price paid after the discount), citing their decision
    const buyers = offers.filter((_, i) => i % 2 === 0);
    const ev = await call(eventsRoute.POST, {
      url: '/api/v1/events',
      method: 'POST',
      key: managerKey,
      json: {
        events: buyers.map((o) => ({
          customerId: o.customerId,
          type: 'purchase',
          price: 100,
          quantity: 1,
          decisionId: o.decisionId,
        })),
      },
    });
    expect(ev.body.conversionsAttributed).toBe(buyers.length);

    const res = await call(resultsRoute.GET, {
      url: `/api/v1/experiments/${id}/results`,
      key: adminKey,
      params: { id },
    });
    expect(res.status).toBe(200);
    expect(res.body.variants.map((v: { name: string; users: number }) => [v.name, v.users])).toEqual([
      ['No discount', byArm('No discount').length],
      ['Current policy', byArm('Current policy').length],
      ['v2', byArm('v2').length],
    ]);
    // profit per customer of an arm: Σ over buyers of revenue − order value · (1 − margin), order value = 100 / (1 − d)
    const profitPerCustomer = (arm: string) =>
      buyers
        .filter((o) => o.experiment.variant === arm)
        .reduce((s, o) => s + 100 - (100 / (1 - o.discountPct / 100)) * 0.6, 0) / byArm(arm).length;
    expect(res.body.metrics.profit.variants.map((v: { mean: number }) => v.mean)).toEqual(
      ['No discount', 'Current policy', 'v2'].map((a) => expect.closeTo(profitPerCustomer(a), 9)),
    );
    // the verdicts compare each policy arm with no discount by profit per customer
    const verdicts = res.body.profitVerdicts as { headline: string; profit: { diff: number } }[];
    expect(verdicts).toHaveLength(2);
    expect(verdicts[0].profit.diff).toBeCloseTo(
      profitPerCustomer('Current policy') - profitPerCustomer('No discount'),
      9,
    );
    expect(verdicts[1].profit.diff).toBeCloseTo(profitPerCustomer('v2') - profitPerCustomer('No discount'), 9);
    expect(verdicts[1].headline).toMatch(/v2.*No discount|No discount.*v2/);

    // the Overview: the experiment with its days to a decision, two days after it started; the live v1 decides for
    // no one meanwhile (the experiment takes the whole campaign)
    const startedAt = (await db.experiment.findUniqueOrThrow({ where: { id } })).startedAt!;
    const home = await managerHome(admin, { now: new Date(startedAt.getTime() + 2 * 86_400_000) });
    const live = home.live.experiments.find((x) => x.id === id)!;
    expect(live.customers).toBe(40);
    expect(live.verdicts.map((v) => v.profit.diff)).toEqual(verdicts.map((v) => v.profit.diff));
    expect(live.planning.daysRunning).toBeCloseTo(2, 9);
    const { requiredTotal, remaining, daysToDecision } = live.planning;
    expect(requiredTotal).toBeGreaterThan(40);
    expect(remaining).toBe(requiredTotal! - 40);
    // days = ⌈remaining / (40 customers / 2 days)⌉
    expect(daysToDecision).toBe(Math.ceil(remaining! / 20));
    expect(home.live.policies.find((p) => p.id === v1.id)?.overriddenBy).toMatchObject({ id, wholeCampaign: true });
  });
});
