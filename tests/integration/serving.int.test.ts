import os from 'node:os';
import path from 'node:path';
import { NextRequest } from 'next/server';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import * as activateRoute from '@/app/api/v1/models/[id]/activate/route';
import * as customerExplainRoute from '@/app/api/v1/models/[id]/explain/customer/route';
import * as dependenceRoute from '@/app/api/v1/models/[id]/explain/dependence/route';
import * as explainRoute from '@/app/api/v1/models/[id]/explain/route';
import * as offersRoute from '@/app/api/v1/offers/route';
import * as scoreRoute from '@/app/api/v1/score/route';
import type { OrgContext } from '@/lib/auth/context';
import { createDemoGenerator } from '@/lib/data/demo-generator';
import { trueConversionProbability } from '@/lib/data/demo-model';
import { importLocalFile } from '@/lib/datasets/import-local-file';
import { db } from '@/lib/db';
import { RAW_FEATURE_NAMES } from '@/lib/features/feature-schema';
import { runOneJob } from '@/lib/jobs/worker';
import { matrix } from '@/lib/ml/matrix';
import { activateModelVersion } from '@/lib/models/model-versions';
import { evaluateCategoryRecommender, topCategory } from '@/lib/policies/category-recommender';
import { evaluatePolicyVersion } from '@/lib/policies/evaluate-version';
import { applyPolicyAction, createCampaign, draftPolicyVersion } from '@/lib/policies/policy-store';
import { writeDemoCsvFiles } from '@/lib/seed/seed-demo-data';
import { invalidateServingCaches } from '@/lib/serving/ttl-cache';
import { createApiKey } from '@/lib/settings/api-keys';
import { ModelPipeline } from '@/lib/training/pipeline';

let admin: OrgContext;
let second: OrgContext;
let adminKey = '';
let storeKey = '';
const models: Record<string, string> = {};

type Handler = (req: NextRequest, c: { params: Promise<Record<string, string>> }) => Promise<Response>;
async function post(handler: Handler, url: string, key: string, json?: unknown, params: Record<string, string> = {}) {
  const req = new NextRequest(`http://localhost${url}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, ...(json !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: json !== undefined ? JSON.stringify(json) : undefined,
  });
  const res = await handler(req, { params: Promise.resolve(params) });
  return { status: res.status, body: await res.json() };
}

beforeAll(async () => {
  const org = await db.organization.create({
    data: { name: 'Serving Test', slug: `srv-${process.pid}`, piiSecret: 'y'.repeat(32) },
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
  admin = await mk(`srv-a-${process.pid}@t.test`);
  second = await mk(`srv-b-${process.pid}@t.test`);
  const files = await writeDemoCsvFiles(path.join(os.tmpdir(), `op-it-srv-${process.pid}`), {
    customers: 500,
    seed: 9,
  });
  for (const kind of ['customers', 'events', 'exposures'] as const) await importLocalFile(admin, kind, files[kind]);
  await db.trainingJob.create({
    data: {
      organizationId: org.id,
      params: {
        name: 'srv',
        folds: 2,
        algorithms: [
          { name: 'logistic-regression', grid: { l2: [1] } },
          { name: 'gbdt', grid: { learningRate: [0.1], maxLeaves: [7], nEstimators: [30] } },
        ],
      },
    },
  });
  await runOneJob('srv-worker');
  for (const m of await db.modelVersion.findMany({ where: { organizationId: org.id } })) models[m.algorithm] = m.id;
  adminKey = (await createApiKey(admin, { name: 'admin', role: 'ADMIN' })).key;
  storeKey = (await createApiKey(admin, { name: 'store', role: 'MANAGER' })).key;
  // the file's starting point, whatever order its tests run in: the GBDT serves (offline evaluation's doubly-robust
  // estimate and explanations use the served model); the one test about "nothing served" clears it itself
  await activateModelVersion(admin, models.gbdt);
}, 180_000);

describe('ONNX serving', () => {
  it('stores a valid ONNX file with every version, whose onnxruntime output matches the TypeScript pipeline', async () => {
    expect(Object.keys(models).sort()).toEqual(['gbdt', 'logistic-regression']);
    const gb = await db.modelVersion.findUniqueOrThrow({ where: { id: models.gbdt } });
    const uplift = (
      gb.metrics as { uplift: { discountPct: number; auuc: number; tLearnerAuuc: number; rows: number }[] }
    ).uplift;
    expect(uplift.map((u) => u.discountPct)).toEqual([5, 10, 15, 20]);
    for (const u of uplift) expect(Number.isFinite(u.auuc) && Number.isFinite(u.tLearnerAuuc) && u.rows > 0).toBe(true);
    for (const id of Object.values(models)) {
      const m = await db.modelVersion.findUniqueOrThrow({ where: { id } });
      const session = await ort.InferenceSession.create(new Uint8Array(m.onnx!));
      const rows = 200;
      const width = RAW_FEATURE_NAMES.length;
      const data = new Float32Array(rows * width);
      for (let i = 0; i < rows; i++)
        for (let j = 0; j < width; j++)
          data[i * width + j] = j === 15 ? i % 4 : j === 14 ? (i % 5) * 5 : Math.fround(((i * 7 + j * 13) % 50) / 3);
      const out = (await session.run({ features: new ort.Tensor('float32', data, [rows, width]) })).probability
        .data as Float32Array;
      const ts = ModelPipeline.fromJSON(m.modelJson).predictProba(matrix(Float64Array.from(data), rows, width));
      let maxDiff = 0;
      for (let i = 0; i < rows; i++) maxDiff = Math.max(maxDiff, Math.abs(out[i] - ts[i]));
      expect(maxDiff).toBeLessThan(1e-5);
    }
  });

  it('refuses to score before a model is active, then scores customers and raw rows through the active version', async () => {
    // this test's own starting point, whichever tests ran before it: nothing served
    await db.modelVersion.updateMany({ where: { organizationId: admin.orgId }, data: { isActive: false } });
    invalidateServingCaches(admin.orgId);
    const none = await post(scoreRoute.POST, '/api/v1/score', storeKey, { rows: [{ customerId: 'C000001' }] });
    expect([none.status, none.body.error.code]).toEqual([422, 'unprocessable']);
    expect(
      (
        await post(activateRoute.POST, `/api/v1/models/${models.gbdt}/activate`, storeKey, undefined, {
          id: models.gbdt,
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await post(activateRoute.POST, `/api/v1/models/${models.gbdt}/activate`, adminKey, undefined, {
          id: models.gbdt,
        })
      ).body,
    ).toEqual({ id: models.gbdt, isActive: true });
    const r = await post(scoreRoute.POST, '/api/v1/score', storeKey, {
      rows: [
        { customerId: 'C000001', discountPct: 0 },
        { customerId: 'C000001', discountPct: 20 },
      ],
    });
    expect(r.status).toBe(200);
    expect(r.body.model.id).toBe(models.gbdt);
    const raw = r.body.scores[0].features as number[];
    const again = await post(scoreRoute.POST, '/api/v1/score', storeKey, { rows: [{ features: raw }] });
    expect(again.body.scores[0].probability).toBeCloseTo(r.body.scores[0].probability, 6);
    // activating another version swaps what is served without a restart
    await post(activateRoute.POST, `/api/v1/models/${models['logistic-regression']}/activate`, adminKey, undefined, {
      id: models['logistic-regression'],
    });
    expect((await post(scoreRoute.POST, '/api/v1/score', storeKey, { rows: [{ features: raw }] })).body.model.id).toBe(
      models['logistic-regression'],
    );
  });

  it('answers 4xx for bad rows: wrong width, unknown customer, too many rows', async () => {
    await post(activateRoute.POST, `/api/v1/models/${models.gbdt}/activate`, adminKey, undefined, { id: models.gbdt });
    const narrow = await post(scoreRoute.POST, '/api/v1/score', storeKey, { rows: [{ features: [1, 2, 3] }] });
    expect([narrow.status, narrow.body.error.code]).toEqual([400, 'validation_failed']);
    const unknown = await post(scoreRoute.POST, '/api/v1/score', storeKey, { rows: [{ customerId: 'NOPE' }] });
    expect(unknown.status).toBe(404);
    const many = await post(scoreRoute.POST, '/api/v1/score', storeKey, {
      rows: Array.from({ length: 1001 }, () => ({ customerId: 'C000001' })),
    });
    expect(many.status).toBe(400);
    const other = await post(scoreRoute.POST, '/api/v1/score', storeKey, {
      modelVersionId: 'not-ours',
      rows: [{ customerId: 'C000001' }],
    });
    expect(other.status).toBe(404);
  });

  it('a model-optimal policy picks the discount with the highest expected profit from the served model', async () => {
    const campaign = await createCampaign(admin, { name: 'Optimal', marginPct: 40 });
    const v = await draftPolicyVersion(admin, {
      campaignId: campaign.id,
      name: 'Opt',
      rules: {
        mode: 'model-optimal',
        modelVersionId: models.gbdt,
        levels: [0, 5, 10, 15, 20],
        orderValue: 60,
        marginPct: 40,
        maxDiscountPct: 30,
        excludedSegmentIds: [],
      },
    });
    await applyPolicyAction(admin, v.id, { action: 'submit' });
    await applyPolicyAction(second, v.id, { action: 'approve' });
    await applyPolicyAction(admin, v.id, { action: 'activate', holdoutPct: 0 });
    const o = await post(offersRoute.POST, '/api/v1/offers', storeKey, {
      customerId: 'C000002',
      campaignId: campaign.id,
    });
    expect(o.status).toBe(200);
    const options = o.body.options as { discountPct: number; pConvert: number; expectedProfit: number }[];
    expect(options.map((x) => x.discountPct)).toEqual([0, 5, 10, 15, 20]);
    for (const x of options)
      expect(x.expectedProfit).toBeCloseTo(x.pConvert * (60 * (1 - x.discountPct / 100) - 60 * 0.6), 9);
    const best = options.reduce((a, b) => (b.expectedProfit > a.expectedProfit ? b : a));
    expect(o.body.discountPct).toBe(best.discountPct);
    expect(o.body.score).toEqual({ modelVersionId: models.gbdt, pConvert: best.pConvert });
  });

  it('explains models: global importance, a customer whose contributions add up to the served score, dependence', async () => {
    const get = async (handler: Handler, url: string, params: Record<string, string>) => {
      const res = await handler(
        new NextRequest(`http://localhost${url}`, { headers: { authorization: `Bearer ${storeKey}` } }),
        { params: Promise.resolve(params) },
      );
      return { status: res.status, body: await res.json() };
    };
    const g = await get(explainRoute.GET as Handler, `/api/v1/models/${models.gbdt}/explain`, { id: models.gbdt });
    expect(g.status).toBe(200);
    expect(g.body.permutation.length).toBe(RAW_FEATURE_NAMES.length);
    expect(g.body.meanAbsContribution.length).toBe(RAW_FEATURE_NAMES.length);
    const c = await get(
      customerExplainRoute.GET as Handler,
      `/api/v1/models/${models.gbdt}/explain/customer?customerId=C000003&discountPct=10`,
      { id: models.gbdt },
    );
    expect(c.status).toBe(200);
    const sum =
      c.body.explanation.expectedValue +
      c.body.features.reduce((s: number, f: { contribution: number }) => s + f.contribution, 0);
    // GBDT contributions are in log-odds: they add up to logit of the served (ONNX) probability
    expect(Math.abs(sum - Math.log(c.body.probability / (1 - c.body.probability)))).toBeLessThan(1e-4);
    expect(c.body.features.find((f: { name: string }) => f.name === 'discount_pct').value).toBe(10);
    const lr = await get(explainRoute.GET as Handler, `/api/v1/models/${models['logistic-regression']}/explain`, {
      id: models['logistic-regression'],
    });
    expect(lr.body.coefficients.length).toBeGreaterThan(RAW_FEATURE_NAMES.length - 1);
    const d = await get(
      dependenceRoute.GET as Handler,
      `/api/v1/models/${models.gbdt}/explain/dependence?feature=discount_pct`,
      { id: models.gbdt },
    );
    expect(d.body.grid).toEqual([0, 5, 10, 15, 20]);
    expect(d.body.pdp.length).toBe(5);
    const bad = await get(
      dependenceRoute.GET as Handler,
      `/api/v1/models/${models.gbdt}/explain/dependence?feature=shoe_size`,
      { id: models.gbdt },
    );
    expect(bad.status).toBe(400);
  });

  it("evaluates a policy offline from the randomised log; the interval covers the generator's known truth", async () => {
    const campaign = await createCampaign(admin, { name: 'Offline', marginPct: 40 });
    const v = await draftPolicyVersion(admin, {
      campaignId: campaign.id,
      name: 'Ten',
      rules: { mode: 'fixed', discountPct: 10, maxDiscountPct: 30, excludedSegmentIds: [] },
    });
    const e = await evaluatePolicyVersion(admin, v.id);
    // truth: mean over the logged exposures of each customer's true P(convert | 10%)
    const truth = new Map(
      createDemoGenerator({ customers: 500, seed: 9 })
        .groundTruth()
        .map((t) => [t.customerExternalId, t]),
    );
    const rows = await db.offerExposure.findMany({
      where: { organizationId: admin.orgId, decisionId: null, propensity: { gt: 0 } },
      select: { customer: { select: { externalId: true } } },
    });
    const trueRate =
      rows.reduce((s, r) => s + trueConversionProbability(truth.get(r.customer.externalId)!, 10), 0) / rows.length;
    expect(e.rows).toBe(rows.length);
    expect(e.discountMix).toEqual([{ discountPct: 10, share: 1 }]);
    for (const est of [e.proposed.estimates.conversion.ips, e.proposed.estimates.conversion.dr!]) {
      expect(est.ci[0]).toBeLessThan(trueRate);
      expect(est.ci[1]).toBeGreaterThan(trueRate);
    }
    const trueNone =
      rows.reduce((s, r) => s + trueConversionProbability(truth.get(r.customer.externalId)!, 0), 0) / rows.length;
    expect(e.noDiscount.estimates.conversion.ips.ci[0]).toBeLessThan(trueNone);
    expect(e.noDiscount.estimates.conversion.ips.ci[1]).toBeGreaterThan(trueNone);

    const opt = await draftPolicyVersion(admin, {
      campaignId: campaign.id,
      name: 'Opt',
      rules: {
        mode: 'model-optimal',
        modelVersionId: models.gbdt,
        levels: [0, 5, 10, 15, 20],
        orderValue: 60,
        marginPct: 40,
        maxDiscountPct: 30,
        excludedSegmentIds: [],
      },
    });
    const eo = await evaluatePolicyVersion(admin, opt.id);
    expect(eo.curve!.length).toBe(11);
    expect(eo.curve![0].expectedSpend).toBe(0);
    // per customer: no customer can bring more than order value × margin (60 × 40 % = 24) without a discount
    expect(eo.curve![0].expectedProfit).toBeGreaterThan(0);
    expect(eo.curve![0].expectedProfit).toBeLessThan(24);
    expect(eo.curve![10].expectedSpend).toBeLessThan(60 * 0.3);
    for (let i = 1; i < eo.curve!.length; i++)
      expect(eo.curve![i].expectedProfit).toBeGreaterThanOrEqual(eo.curve![i - 1].expectedProfit - 1e-9);
  });

  it('recommends categories by item-item CF, evaluated on a time holdout against popularity, and attaches discounts to them', async () => {
    const r = await evaluateCategoryRecommender(admin.orgId, 3);
    expect(r.users).toBeGreaterThan(100);
    for (const m of [r.itemItem!, r.popularity!]) {
      expect(m.hitRate).toBeGreaterThan(0);
      expect(m.hitRate).toBeLessThanOrEqual(1);
      expect(m.ndcg).toBeLessThanOrEqual(m.hitRate + 1e-12); // with one held-out item NDCG ≤ hit rate
    }
    const campaign = await createCampaign(admin, { name: 'Category', marginPct: 40 });
    const v = await draftPolicyVersion(admin, {
      campaignId: campaign.id,
      name: 'Cat',
      rules: { mode: 'fixed', discountPct: 10, attachToTopCategory: true },
    });
    await applyPolicyAction(admin, v.id, { action: 'submit' });
    await applyPolicyAction(second, v.id, { action: 'approve' });
    await applyPolicyAction(admin, v.id, { action: 'activate', holdoutPct: 0 });
    const o = await post(offersRoute.POST, '/api/v1/offers', storeKey, {
      customerId: 'C000004',
      campaignId: campaign.id,
    });
    const c = await db.customer.findFirstOrThrow({ where: { organizationId: admin.orgId, externalId: 'C000004' } });
    expect(o.body.discountPct).toBe(10);
    expect(o.body.category).toBe(await topCategory(admin.orgId, c.id));
    expect(typeof o.body.category).toBe('string');
  });

  it('keeps a model-optimal policy within its budget: average expected spend per offer meets budgetPerOffer', async () => {
    const campaign = await createCampaign(admin, { name: 'Budgeted', marginPct: 40 });
    const rules = {
      mode: 'model-optimal' as const,
      modelVersionId: models['logistic-regression'],
      levels: [0, 5, 10, 15, 20],
      orderValue: 60,
      marginPct: 90,
      maxDiscountPct: 30,
      budgetPerOffer: 0.1,
    };
    const v = await draftPolicyVersion(admin, { campaignId: campaign.id, name: 'Budget', rules });
    await applyPolicyAction(admin, v.id, { action: 'submit' });
    await applyPolicyAction(second, v.id, { action: 'approve' });
    await applyPolicyAction(admin, v.id, { action: 'activate', holdoutPct: 0 });
    let spendBudgeted = 0,
      spendFree = 0;
    const n = 120;
    for (let i = 100; i < 100 + n; i++) {
      const o = await post(offersRoute.POST, '/api/v1/offers', storeKey, {
        customerId: `C${String(i).padStart(6, '0')}`,
        campaignId: campaign.id,
      });
      const options = o.body.options as { discountPct: number; expectedProfit: number; expectedSpend: number }[];
      spendBudgeted += options.find((x) => x.discountPct === o.body.discountPct)!.expectedSpend;
      spendFree += options.reduce((a, b) => (b.expectedProfit > a.expectedProfit ? b : a)).expectedSpend;
    }
    expect(spendFree / n).toBeGreaterThan(0.1); // the budget binds
    expect(spendBudgeted / n).toBeLessThan(0.1 * 1.25); // λ calibrated on all customers; 120 of them land near it
    expect(spendBudgeted).toBeLessThan(spendFree);
  });
});
