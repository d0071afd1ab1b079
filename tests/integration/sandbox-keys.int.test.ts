import { beforeAll, describe, expect, it } from 'vitest';
import * as keysRoute from '@/app/api/v1/api-keys/route';
import * as campaignsRoute from '@/app/api/v1/campaigns/route';
import * as eventsRoute from '@/app/api/v1/events/route';
import * as offersRoute from '@/app/api/v1/offers/route';
import * as sandboxLogRoute from '@/app/api/v1/sandbox/decisions/route';
import * as scoreRoute from '@/app/api/v1/score/route';
import type { OrgContext } from '@/lib/auth/context';
import { db } from '@/lib/db';
import { experimentResults } from '@/lib/experiments/experiment-results';
import { pgPool } from '@/lib/pg-pool';
import { measureRollout } from '@/lib/policies/rollout-measurement';
import { createApiKey } from '@/lib/settings/api-keys';
import { call } from './helpers';
import { offerScenario } from './offer-scenario';

/**
 * Sandbox (test-mode) keys: the same traffic through a test key and through a live key gets the same decisions,
 * but only the live key's changes any live number — decisions, exposures, experiment assignments and results,
 * policy measurement, events, conversions, the feature store and frequency caps — while the sandbox log shows the
 * test key's offers.
 */
let s: Awaited<ReturnType<typeof offerScenario>>;
let live = '';
let test = '';
let liveKeyId = '';
let testKeyId = '';
const AS_OF = new Date('2026-12-31T00:00:00Z');

/** Every live number the traffic below could move, read through the same code the dashboard uses. */
async function liveState(admin: OrgContext) {
  const org = { organizationId: admin.orgId };
  const features = await pgPool().query<{ n: string; digest: string | null }>(
    `SELECT count(*) AS n, md5(string_agg("customerId" || ':' || "values"::text, ',' ORDER BY "customerId")) AS digest
     FROM "CustomerFeature" WHERE "organizationId" = $1`,
    [admin.orgId],
  );
  const results = await experimentResults(admin, s.experimentId, { asOf: AS_OF });
  const rollout = await measureRollout(admin, s.v2Id);
  return {
    decisions: await db.policyDecision.count({ where: org }),
    exposures: await db.offerExposure.count({ where: org }),
    assignments: await db.assignment.count({ where: org }),
    conversions: await db.conversionEvent.count({ where: org }),
    events: await db.event.count({ where: org }),
    features: features.rows[0],
    experiment: JSON.parse(JSON.stringify(results)),
    rollout: JSON.parse(JSON.stringify(rollout)),
  };
}

const post = (handler: typeof offersRoute.POST, url: string, key: string, json: unknown) =>
  call(handler, { url, method: 'POST', key, json });

beforeAll(async () => {
  s = await offerScenario('sandbox');
  const l = await createApiKey(s.admin, { name: 'shop live', role: 'MANAGER', rateLimitBurst: 1000 });
  const t = await createApiKey(s.admin, { name: 'shop test', role: 'MANAGER', rateLimitBurst: 1000, mode: 'TEST' });
  [live, test, liveKeyId, testKeyId] = [l.key, t.key, l.id, t.id];
  expect([l.mode, t.mode]).toEqual(['LIVE', 'TEST']);
  // some live history first, so the measurements below are of something: 20 live offers and their purchases
  const first = await post(offersRoute.POST, '/api/v1/offers', live, {
    campaignId: s.campaignId,
    customers: s.ids.slice(40, 60).map((customerId) => ({ customerId })),
  });
  expect(first.status).toBe(200);
  const bought = first.body.decisions.filter((_: unknown, i: number) => i % 3 === 0);
  const ingest = await post(eventsRoute.POST, '/api/v1/events', live, {
    events: bought.map((d: { customerId: string; decisionId: string }) => ({
      customerId: d.customerId,
      type: 'purchase',
      price: 50,
      decisionId: d.decisionId,
    })),
  });
  expect(ingest.status).toBe(202);
}, 240_000);

// declared order: the first test counts the organisation's whole sandbox log, to which the second adds an offer
describe('sandbox (test-mode) API keys', { shuffle: false }, () => {
  it('get the decisions a live key gets, logged apart, and change no live count', async () => {
    // two customers without a feature-store row (the import built everyone's): a live offer or score would create it
    const bare = await db.customer.findMany({
      where: { organizationId: s.admin.orgId, externalId: { in: ['C000200', 'C000201'] } },
    });
    await db.customerFeature.deleteMany({ where: { customerId: { in: bare.map((c) => c.id) } } });
    const before = await liveState(s.admin);
    expect(before.decisions).toBe(20);
    expect(before.rollout.arms.reduce((n: number, a: { customers: number }) => n + a.customers, 0)).toBe(20);
    const traffic = s.ids.slice(0, 40); // 8 of them in the running experiment, the rest split by the rollout

    // the sandbox traffic: a batch (the v1-side customer twice), a single offer, a score, views and purchases
    const batch = await post(offersRoute.POST, '/api/v1/offers', test, {
      campaignId: s.campaignId,
      customers: [...traffic, s.baselineCustomer].map((customerId) => ({ customerId })),
    });
    expect(batch.status).toBe(200);
    const single = await post(offersRoute.POST, '/api/v1/offers', test, {
      campaignId: s.campaignId,
      customerId: 'C000200',
    });
    expect(single.status).toBe(200);
    const scored = await post(scoreRoute.POST, '/api/v1/score', test, {
      modelVersionId: s.modelId,
      rows: [{ customerId: 'C000201' }],
    });
    expect(scored.status).toBe(200);
    const sandboxDecisions = batch.body.decisions;
    const events = await post(eventsRoute.POST, '/api/v1/events', test, {
      events: [
        { customerId: 'C000001', type: 'view', category: 'shoes', productId: 'sku-1', price: 50 },
        ...sandboxDecisions.slice(0, 5).map((d: { customerId: string; decisionId: string }) => ({
          customerId: d.customerId,
          type: 'purchase',
          price: 50,
          decisionId: d.decisionId,
        })),
      ],
    });
    expect(events).toEqual({
      status: 202,
      body: { accepted: 6, customers: 5, conversionsAttributed: 5, sandbox: true },
    });

    // not one live number moved
    expect(await liveState(s.admin)).toEqual(before);
    expect(await db.customerFeature.count({ where: { customerId: { in: bare.map((c) => c.id) } } })).toBe(0);
    // no frequency cap consumed: the v1-side customer (cap 1 per 30 days) got 5 % both times
    const twice = sandboxDecisions.filter((d: { customerId: string }) => d.customerId === s.baselineCustomer);
    expect(twice.map((d: { discountPct: number }) => d.discountPct)).toEqual([5, 5]);
    expect(sandboxDecisions.slice(10, 18).every((d: { experiment: unknown }) => d.experiment !== null)).toBe(true);

    // … while the sandbox log holds every sandbox offer, with its key
    const stored = await db.sandboxDecision.findMany({ where: { organizationId: s.admin.orgId } });
    expect(stored.length).toBe(traffic.length + 2);
    expect(stored.every((r) => r.apiKeyId === testKeyId)).toBe(true);
    const log = await call(sandboxLogRoute.GET, { url: '/api/v1/sandbox/decisions?limit=100', key: test });
    expect(log.status).toBe(200);
    expect(log.body.total).toBe(traffic.length + 2);
    expect(new Set(log.body.items.map((i: { decisionId: string }) => i.decisionId))).toEqual(
      new Set([...sandboxDecisions, single.body].map((d: { decisionId: string }) => d.decisionId)),
    );
    expect(log.body.items[0].apiKey).toEqual({ name: 'shop test', prefix: expect.any(String) });

    // the same traffic through the live key: the same decisions, and now the live numbers move
    const liveBatch = await post(offersRoute.POST, '/api/v1/offers', live, {
      campaignId: s.campaignId,
      customers: traffic.map((customerId) => ({ customerId })),
    });
    expect(liveBatch.status).toBe(200);
    for (const [i, d] of liveBatch.body.decisions.entries()) {
      const { decisionId: _a, ...l } = d;
      const { decisionId: _b, ...t } = sandboxDecisions[i];
      expect(t).toEqual(l);
    }
    const after = await liveState(s.admin);
    expect([after.decisions, after.exposures, after.assignments]).toEqual([
      before.decisions + traffic.length,
      before.exposures + traffic.length,
      before.assignments + 8,
    ]);
    expect(after.experiment).not.toEqual(before.experiment);
    expect(after.rollout).not.toEqual(before.rollout);
    // a live purchase cannot cite a sandbox decision, nor a sandbox purchase a live one
    const cross = await post(eventsRoute.POST, '/api/v1/events', live, {
      events: [
        {
          customerId: sandboxDecisions[0].customerId,
          type: 'purchase',
          price: 1,
          decisionId: sandboxDecisions[0].decisionId,
        },
      ],
    });
    expect(cross.status).toBe(422);
    const cross2 = await post(eventsRoute.POST, '/api/v1/events', test, {
      events: [
        {
          customerId: liveBatch.body.decisions[0].customerId,
          type: 'purchase',
          price: 1,
          decisionId: liveBatch.body.decisions[0].decisionId,
        },
      ],
    });
    expect(cross2.status).toBe(422);
    expect(liveKeyId).not.toBe(testKeyId);
  });

  it('refuse every other write with 403, and keep their idempotency keys apart from live ones', async () => {
    const admin = await createApiKey(s.admin, { name: 'admin test', role: 'ADMIN', mode: 'TEST' });
    const campaign = await post(campaignsRoute.POST, '/api/v1/campaigns', admin.key, { name: 'Sneaky', marginPct: 40 });
    expect([campaign.status, campaign.body.error.code]).toEqual([403, 'forbidden']);
    expect(await db.campaign.count({ where: { organizationId: s.admin.orgId, name: 'Sneaky' } })).toBe(0);
    const read = await call(campaignsRoute.GET, { url: '/api/v1/campaigns', key: admin.key });
    expect(read.status).toBe(200);

    const body = { campaignId: s.campaignId, customerId: 'C000100' };
    const headers = { 'Idempotency-Key': 'same-key' };
    const t = await call(offersRoute.POST, { url: '/api/v1/offers', method: 'POST', key: test, json: body, headers });
    expect(t.status).toBe(200);
    const l = await call(offersRoute.POST, { url: '/api/v1/offers', method: 'POST', key: live, json: body, headers });
    expect([l.status, l.body.error.code]).toEqual([422, 'unprocessable']); // never the sandbox answer replayed
  });

  it('are listed with their mode; only a signed-in admin creates keys of either mode', async () => {
    const adminKey = await createApiKey(s.admin, { name: 'lister', role: 'ADMIN' });
    const listed = await call(keysRoute.GET, { url: '/api/v1/api-keys', key: adminKey.key });
    const modes = Object.fromEntries(listed.body.items.map((k: { name: string; mode: string }) => [k.name, k.mode]));
    expect(modes).toMatchObject({ 'shop live': 'LIVE', 'shop test': 'TEST', 'admin test': 'TEST', lister: 'LIVE' });
    const minted = await call(keysRoute.POST, {
      url: '/api/v1/api-keys',
      method: 'POST',
      key: adminKey.key,
      json: { name: 'nope', role: 'MANAGER', mode: 'TEST' },
    });
    expect(minted.status).toBe(403);
    const bad = await call(keysRoute.POST, {
      url: '/api/v1/api-keys',
      method: 'POST',
      key: adminKey.key,
      json: { name: 'nope', role: 'MANAGER', mode: 'SANDBOXED' },
    });
    expect([bad.status, bad.body.error.issues[0].path]).toEqual([400, ['mode']]);
  });
});
