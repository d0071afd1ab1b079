import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as offersRoute from '@/app/api/v1/offers/route';
import type { OrgContext } from '@/lib/auth/context';
import { importLocalFile } from '@/lib/datasets/import-local-file';
import { db } from '@/lib/db';
import { runOneJob } from '@/lib/jobs/worker';
import { pgPool } from '@/lib/pg-pool';
import { budgetLambda } from '@/lib/policies/budget-lambda';
import { applyPolicyAction, createCampaign, draftPolicyVersion } from '@/lib/policies/policy-store';
import { rolloutArm, rolloutSalt } from '@/lib/policies/rollout-split';
import { ZPolicyRules } from '@/lib/policies/rules';
import { writeDemoCsvFiles } from '@/lib/seed/seed-demo-data';
import { invalidateServingCaches } from '@/lib/serving/ttl-cache';
import { createApiKey } from '@/lib/settings/api-keys';
import { call } from './helpers';

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
const ids = Array.from({ length: 60 }, (_, i) => `C${String(i + 1).padStart(6, '0')}`);
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
  const org = await db.organization.create({
    data: { name: 'Batch Offers', slug: `batch-${process.pid}`, piiSecret: 'b'.repeat(32) },
  });
  const mk = async (email: string) => {
    const u = await db.user.create({ data: { email, name: email, passwordHash: 'x' } });
    await db.membership.create({ data: { organizationId: org.id, userId: u.id, role: 'ADMIN' } });
    return {
      orgId: org.id,
      orgName: org.name,
      role: 'ADMIN' as const,
      userId: u.id,
      apiKeyId: null,
      actorLabel: email,
    };
  };
  admin = await mk(`batch-a-${process.pid}@t.test`);
  const second = await mk(`batch-b-${process.pid}@t.test`);
  const files = await writeDemoCsvFiles(path.join(os.tmpdir(), `op-it-batch-${process.pid}`), {
    customers: 300,
    seed: 13,
  });
  for (const kind of ['customers', 'events', 'exposures'] as const) await importLocalFile(admin, kind, files[kind]);
  await db.trainingJob.create({
    data: {
      organizationId: org.id,
      params: { name: 'batch', folds: 2, algorithms: [{ name: 'logistic-regression', grid: { l2: [1] } }] },
    },
  });
  await runOneJob('batch-worker');
  const model = await db.modelVersion.findFirstOrThrow({ where: { organizationId: org.id } });
  key = (await createApiKey(admin, { name: 'mailer', role: 'MANAGER', rateLimitPerSecond: 1000, rateLimitBurst: 1000 }))
    .key;

  const campaign = await createCampaign(admin, { name: 'Mailing', marginPct: 40 });
  campaignId = campaign.id;
  const cap = { maxOffers: 1, perDays: 30 };
  const v1 = await draftPolicyVersion(admin, {
    campaignId,
    name: 'Mail',
    rules: { mode: 'fixed', discountPct: 5, maxDiscountPct: 30, frequencyCap: cap },
  });
  await applyPolicyAction(admin, v1.id, { action: 'submit' });
  await applyPolicyAction(second, v1.id, { action: 'approve' });
  await applyPolicyAction(admin, v1.id, { action: 'activate', rolloutPct: 100, holdoutPct: 0 });
  const v2 = await draftPolicyVersion(admin, {
    campaignId,
    policyId: v1.policyId,
    name: 'Mail',
    rules: {
      mode: 'model-optimal',
      modelVersionId: model.id,
      levels: [0, 5, 10, 15, 20],
      orderValue: 60,
      marginPct: 90,
      maxDiscountPct: 30,
      budgetPerOffer: 0.1,
      frequencyCap: cap,
    },
  });
  await applyPolicyAction(admin, v2.id, { action: 'submit' });
  await applyPolicyAction(second, v2.id, { action: 'approve' });
  await applyPolicyAction(admin, v2.id, { action: 'activate', rolloutPct: 50 });
  v2Id = v2.id;

  // a running experiment on a segment of 8 of the batch's customers (0 % vs 10 %)
  const members = await db.customer.findMany({
    where: { organizationId: org.id, externalId: { in: ids.slice(10, 18) } },
  });
  const segment = await db.segment.create({
    data: { organizationId: org.id, name: 'Mailed', algorithm: 'manual', clusterIndex: 0, size: members.length },
  });
  await db.segmentMember.createMany({
    data: members.map((m) => ({ segmentId: segment.id, customerId: m.id, organizationId: org.id })),
  });
  experimentKey = `mail-${process.pid}`;
  await db.experiment.create({
    data: {
      organizationId: org.id,
      key: experimentKey,
      name: 'Mail test',
      status: 'RUNNING',
      startedAt: new Date('2026-01-01T00:00:00Z'),
      segmentId: segment.id,
      variants: {
        create: [
          { organizationId: org.id, name: 'control', weight: 1, isControl: true, discountPct: 0 },
          { organizationId: org.id, name: 'ten', weight: 1, discountPct: 10 },
        ],
      },
    },
  });

  const salt = rolloutSalt({ campaign: 'Mailing', policy: 'Mail', version: 2 });
  twice = ids.find((c, i) => i < 10 && rolloutArm(salt, c, 0.5).arm === 'baseline')!;
  items = [
    ...ids.slice(0, 30).map((customerId) => ({ customerId })),
    { customerId: twice },
    { customerId: 'NO-SUCH-CUSTOMER' },
    ...ids.slice(30).map((customerId) => ({ customerId })),
    { customerId: twice },
  ];
  // λ of v2 is calibrated once per version (cached 10 minutes): computed here so that the runs counted below
  // are the offers' own
  const rules = ZPolicyRules.parse(v2.rules);
  if (rules.mode !== 'model-optimal') throw new Error('expected model-optimal rules');
  expect(await budgetLambda(admin, v2.id, rules)).toBeGreaterThan(0); // the budget binds
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
