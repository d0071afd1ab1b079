import * as ort from 'onnxruntime-node';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as offersRoute from '@/app/api/v1/offers/route';
import type { OrgContext } from '@/lib/auth/context';
import { db } from '@/lib/db';
import { pgPool } from '@/lib/pg-pool';
import { invalidateServingCaches } from '@/lib/serving/ttl-cache';
import { createApiKey } from '@/lib/settings/api-keys';
import { call } from './helpers';
import { offerScenario } from './offer-scenario';

/**
 * Batch offers (`{ customers: [...] }`) against the same state as single calls: a 50 % rollout of a model-optimal
 * v2 (budget λ, frequency cap 1 per 30 days) over a fixed-5 % v1 (same cap), a running experiment on one segment,
 * a customer named three times and an unknown one. The batch must answer item by item exactly what the single
 * calls answer one after another, with one onnxruntime run and one decision + exposure insert.
 */
let admin: OrgContext;
let key = '';
let campaignId = '';
let v2Id = '';
let experimentKey = '';
const ids = Array.from({ length: 60 }, (_, i) => `C${String(i + 1).padStart(6, '0')}`); // as in offerScenario
let items: { customerId: string }[] = [];
let twice = ''; // a baseline-arm customer outside the experiment, named three times

async function offers(json: unknown, headers: Record<string, string> = {}) {
  return call(offersRoute.POST, { url: '/api/v1/offers', method: 'POST', key, json, headers });
}

async function liveCounts() {
  const org = { organizationId: admin.orgId };
  return {
    decisions: await db.policyDecision.count({ where: org }),
    exposures: await db.offerExposure.count({ where: { ...org, decisionId: { not: null } } }),
    assignments: await db.assignment.count({ where: org }),
  };
}

/** Back to the state before any offer: no decisions, exposures, assignments or feature-store rows. */
async function resetServingState() {
  const org = { organizationId: admin.orgId };
  await db.offerExposure.deleteMany({ where: { ...org, decisionId: { not: null } } });
  await db.policyDecision.deleteMany({ where: org });
  await db.assignment.deleteMany({ where: org });
  await db.customerFeature.deleteMany({ where: org });
  invalidateServingCaches(admin.orgId);
}

beforeAll(async () => {
  const s = await offerScenario('batch');
  admin = s.admin;
  campaignId = s.campaignId;
  v2Id = s.v2Id;
  experimentKey = s.experimentKey;
  twice = s.baselineCustomer;
  expect(s.lambda).toBeGreaterThan(0); // the budget binds
  key = (await createApiKey(admin, { name: 'mailer', role: 'MANAGER', rateLimitPerSecond: 1000, rateLimitBurst: 1000 }))
    .key;
  items = [
    ...ids.slice(0, 30).map((customerId) => ({ customerId })),
    { customerId: twice },
    { customerId: 'NO-SUCH-CUSTOMER' },
    ...ids.slice(30).map((customerId) => ({ customerId })),
    { customerId: twice },
  ];
}, 240_000);

afterEach(() => vi.restoreAllMocks());

describe('batch offers', () => {
  it('answers a batch exactly as the same single calls one after another, with one ORT run and one insert', async () => {
    await resetServingState();
    const runs = vi.spyOn((ort.InferenceSession as unknown as { prototype: ort.InferenceSession }).prototype, 'run');
    const queries = vi.spyOn(pgPool(), 'query');
    const batch = await offers({ campaignId, customers: items }, { 'Idempotency-Key': 'mailing-1' });
    expect(batch.status).toBe(200);
    const answers = batch.body.decisions;
    expect(answers.length).toBe(items.length);
    const modelOptimal = answers.filter((a: { score?: unknown }) => a.score).length;
    expect(modelOptimal).toBeGreaterThan(10);
    expect(runs).toHaveBeenCalledTimes(1); // every model-optimal customer × 5 levels in one run
    const sqls = queries.mock.calls.map((c) => String(c[0]));
    expect(sqls.filter((s) => s.includes('INSERT INTO "PolicyDecision"')).length).toBe(1);
    expect(sqls.filter((s) => s.includes('INSERT INTO "OfferExposure"')).length).toBe(1);
    expect(sqls.filter((s) => s.includes('INSERT INTO "Assignment"')).length).toBe(1);

    // the unknown customer is answered in its own item; every other one is decided and stored once
    expect(answers[31]).toEqual({
      customerId: 'NO-SUCH-CUSTOMER',
      error: { code: 'not_found', message: 'Customer NO-SUCH-CUSTOMER not found' },
    });
    expect(answers.map((a: { customerId: string }) => a.customerId)).toEqual(items.map((i) => i.customerId));
    expect(await liveCounts()).toEqual({ decisions: items.length - 1, exposures: items.length - 1, assignments: 8 });
    // the customer named three times: 5 % first, then the frequency cap (1 per 30 days) answers 0 % twice
    const thrice = answers.filter((a: { customerId: string }) => a.customerId === twice);
    expect(thrice.map((a: { discountPct: number }) => a.discountPct)).toEqual([5, 0, 0]);
    expect(thrice[1].reason).toBe(
      'baseline of policy version 2 (50% of customers): policy version 1: frequency cap: 1 discounted offer(s) per 30 day(s) reached',
    );
    const inExperiment = answers.slice(10, 18);
    expect(inExperiment.every((a: { experiment: { key: string } | null }) => a.experiment?.key === experimentKey)).toBe(
      true,
    );

    // a retry with the same Idempotency-Key gets the same batch back and stores nothing more
    const retry = await offers({ campaignId, customers: items }, { 'Idempotency-Key': 'mailing-1' });
    expect(retry).toEqual(batch);
    expect((await liveCounts()).decisions).toBe(items.length - 1);
    runs.mockClear();

    // the same state again, then the same customers one call at a time
    await resetServingState();
    const singles = [];
    for (const item of items) singles.push(await offers({ campaignId, ...item }));
    expect(runs).toHaveBeenCalledTimes(modelOptimal);
    expect(singles[31]).toEqual({
      status: 404,
      body: { error: { code: 'not_found', message: 'Customer NO-SUCH-CUSTOMER not found' } },
    });
    for (const [i, s] of singles.entries()) {
      if (i === 31) continue;
      expect(s.status).toBe(200);
      const { decisionId: _a, ...single } = s.body;
      const { decisionId: _b, ...batched } = answers[i];
      // discount, arm, experiment, reason, P(convert) and the expected profit of every level: identical
      expect(batched).toEqual(single);
    }
    expect(await liveCounts()).toEqual({ decisions: items.length - 1, exposures: items.length - 1, assignments: 8 });
    const stored = await db.policyDecision.count({ where: { organizationId: admin.orgId, policyVersionId: v2Id } });
    expect(stored).toBe(items.length - 1 - 8);
  });

  it('refuses more than 1,000 customers with 413 and an empty list with 400, storing nothing', async () => {
    await resetServingState();
    const tooMany = await offers({ customers: Array.from({ length: 1001 }, (_, i) => ({ customerId: `X${i}` })) });
    expect(tooMany).toEqual({
      status: 413,
      body: { error: { code: 'payload_too_large', message: 'At most 1,000 customers per call; this one has 1,001' } },
    });
    const empty = await offers({ customers: [] });
    expect([empty.status, empty.body.error.code, empty.body.error.issues[0].path]).toEqual([
      400,
      'validation_failed',
      ['customers'],
    ]);
    const bad = await offers({ customers: [{ customerId: 'C000001' }, { customerId: 7 }] });
    expect([bad.status, bad.body.error.message]).toEqual([
      400,
      'Invalid body at customers.1.customerId: Invalid input: expected string, received number',
    ]);
    expect((await liveCounts()).decisions).toBe(0);
  });

  it('counts a batch as one request against the key’s rate limit', async () => {
    const small = (
      await createApiKey(admin, { name: 'tiny', role: 'MANAGER', rateLimitPerSecond: 0.001, rateLimitBurst: 2 })
    ).key;
    const body = { campaignId, customers: ids.slice(0, 50).map((customerId) => ({ customerId })) };
    const send = () => call(offersRoute.POST, { url: '/api/v1/offers', method: 'POST', key: small, json: body });
    expect((await send()).status).toBe(200);
    expect((await send()).status).toBe(200);
    const third = await send();
    expect([third.status, third.body.error.code]).toEqual([429, 'rate_limited']);
  });
});
