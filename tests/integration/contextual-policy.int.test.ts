import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as offersRoute from '@/app/api/v1/offers/route';
import * as policiesRoute from '@/app/api/v1/policies/route';
import type { OrgContext } from '@/lib/auth/context';
import { importLocalFile } from '@/lib/datasets/import-local-file';
import { db } from '@/lib/db';
import { murmur3x86_32 } from '@/lib/experiments/murmur3';
import { behaviourFeatures } from '@/lib/features/customer-features';
import { rawInputRow } from '@/lib/features/feature-schema';
import { loadCustomerAggregates } from '@/lib/features/load-aggregates';
import { runOneJob } from '@/lib/jobs/worker';
import { LaplacePosterior } from '@/lib/ml/laplace-posterior';
import { LogisticRegression } from '@/lib/ml/logistic-regression';
import { matrix } from '@/lib/ml/matrix';
import { Rng } from '@/lib/ml/rng';
import { evaluatePolicyVersion } from '@/lib/policies/evaluate-version';
import { contextualThompson } from '@/lib/policies/math/contextual-thompson';
import { evaluatePolicy, outcomeModelsFromConversion } from '@/lib/policies/math/off-policy';
import { applyPolicyAction, createCampaign, draftPolicyVersion } from '@/lib/policies/policy-store';
import { writeDemoCsvFiles } from '@/lib/seed/seed-demo-data';
import { scoreCustomersAtLevels } from '@/lib/serving/batch-scores';
import { customerInput, servedModel } from '@/lib/serving/score';
import { createApiKey } from '@/lib/settings/api-keys';
import { ModelPipeline } from '@/lib/training/pipeline';
import { call } from './helpers';

/**
 * The contextual policy mode end to end (issue 16 item 3): a logistic model trained by the worker, a contextual
 * version (levels 0/10/20 %, floor 10 %) active for everyone, offers through the real route. Every decision's
 * logged propensity must be the customer's probability of the answered level, recomputed here from the stored
 * posterior (mean = the coefficients, precision = the Hessian stored at training) with the library's Thompson
 * sampler and the documented seeds; the offline evaluation must equal the library estimator on the same log.
 */
const LEVELS = [0, 10, 20];
const rules = {
  mode: 'contextual' as const,
  levels: LEVELS,
  floorPct: 10,
  orderValue: 60,
  marginPct: 40,
  maxDiscountPct: 30,
};
let admin: OrgContext;
let key = '';
let modelId = '';
let versionId = '';
let campaignId = '';

beforeAll(async () => {
  const tag = 'ctx';
  const org = await db.organization.create({
    data: { name: 'Contextual', slug: `${tag}-${process.pid}`, piiSecret: 'c'.repeat(32) },
  });
  const mk = async (email: string): Promise<OrgContext> => {
    const u = await db.user.create({ data: { email, name: email, passwordHash: 'x' } });
    await db.membership.create({ data: { organizationId: org.id, userId: u.id, role: 'ADMIN' } });
    return { orgId: org.id, orgName: org.name, role: 'ADMIN', userId: u.id, apiKeyId: null, actorLabel: email };
  };
  admin = await mk(`${tag}-a-${process.pid}@t.test`);
  const second = await mk(`${tag}-b-${process.pid}@t.test`);
  const files = await writeDemoCsvFiles(path.join(os.tmpdir(), `op-it-${tag}-${process.pid}`), {
    customers: 300,
    seed: 13,
  });
  for (const kind of ['customers', 'events', 'exposures'] as const) await importLocalFile(admin, kind, files[kind]);
  await db.trainingJob.create({
    data: {
      organizationId: org.id,
      params: { name: tag, folds: 2, algorithms: [{ name: 'logistic-regression', grid: { l2: [1] } }] },
    },
  });
  await runOneJob(`${tag}-worker`);
  modelId = (await db.modelVersion.findFirstOrThrow({ where: { organizationId: org.id } })).id;
  campaignId = (await createCampaign(admin, { name: 'Mailing', marginPct: 40 })).id;
  key = (await createApiKey(admin, { name: 'k', role: 'ADMIN', rateLimitPerSecond: 1000, rateLimitBurst: 1000 })).key;
  const v = await draftPolicyVersion(admin, {
    campaignId,
    name: 'Bandit',
    rules: { ...rules, modelVersionId: modelId },
  });
  await applyPolicyAction(admin, v.id, { action: 'submit' });
  await applyPolicyAction(second, v.id, { action: 'approve' });
  await applyPolicyAction(admin, v.id, { action: 'activate', rolloutPct: 100, holdoutPct: 0 });
  versionId = v.id;
}, 240_000);

/** The stored model's posterior and pipeline, rebuilt here from the row (not through lib/policies). */
async function storedPosterior() {
  const m = await db.modelVersion.findFirstOrThrow({ where: { id: modelId } });
  const json = m.modelJson as { model: { coef: number[]; intercept: number }; laplaceHessian: number[] };
  const pipeline = ModelPipeline.fromJSON(json);
  expect(pipeline.model).toBeInstanceOf(LogisticRegression);
  const posterior = new LaplacePosterior([...json.model.coef, json.model.intercept], json.laplaceHessian);
  const probabilities = (raw: Float32Array, width: number, customerId: string) => {
    const design = pipeline.design(matrix(Array.from(raw), LEVELS.length, width));
    return contextualThompson(
      {
        levels: LEVELS,
        rows: LEVELS.map((_, i) => Array.from(design.data.slice(i * design.cols, (i + 1) * design.cols))),
        posterior,
        orderValue: 60,
        marginPct: 40,
        floor: 0.1,
        draws: 400,
      },
      new Rng(murmur3x86_32(`${modelId}:${customerId}`)),
    ).probabilities;
  };
  return { probabilities };
}

describe('contextual policy mode', () => {
  it('a non-logistic, pre-posterior or foreign model is a 422 saying why', async () => {
    const stored = await db.modelVersion.findFirstOrThrow({ where: { id: modelId } });
    const { laplaceHessian: _, ...oldJson } = stored.modelJson as Record<string, unknown>;
    const copy = (name: string, algorithm: string, modelJson: object, organizationId = admin.orgId) =>
      db.modelVersion.create({
        data: { organizationId, name, version: 1, algorithm, params: {}, metrics: {}, featureSchema: {}, modelJson },
      });
    const gbdt = await copy('boosted', 'gbdt', oldJson);
    const old = await copy('old-lr', 'logistic-regression', oldJson);
    const other = await db.organization.create({ data: { name: 'Other', slug: `ctx-other-${process.pid}` } });
    const foreign = await copy('theirs', 'logistic-regression', stored.modelJson as object, other.id);
    const draft = (modelVersionId: string) =>
      call(policiesRoute.POST, {
        url: '/api/v1/policies',
        method: 'POST',
        key,
        json: { campaignId, name: 'P', rules: { ...rules, modelVersionId } },
      });
    const g = await draft(gbdt.id);
    expect(g.status).toBe(422);
    expect(g.body.error.message).toBe(
      "A contextual policy samples a logistic model's posterior: boosted v1 is gbdt; pick a logistic-regression version",
    );
    const o = await draft(old.id);
    expect(o.status).toBe(422);
    expect(o.body.error.message).toMatch(
      /^old-lr v1 was trained before model posteriors were stored; retrain this model/,
    );
    const f = await draft(foreign.id);
    expect(f.status).toBe(422);
    expect(f.body.error.issues[0]).toMatchObject({ path: ['rules', 'modelVersionId'], code: 'unknown_reference' });
    const floors = await call(policiesRoute.POST, {
      url: '/api/v1/policies',
      method: 'POST',
      key,
      json: { campaignId, name: 'P', rules: { ...rules, modelVersionId: modelId, floorPct: 40 } },
    });
    expect(floors.status).toBe(400); // a schema error, like any invalid rule set
    expect(floors.body.error.issues[0].path).toEqual(['rules', 'floorPct']);
  });

  it('each decision logs the customer’s probability of its level, recomputed from the posterior and the seeds', async () => {
    const ids = Array.from({ length: 40 }, (_, i) => `C${String(i + 1).padStart(6, '0')}`);
    const r = await call(offersRoute.POST, {
      url: '/api/v1/offers',
      method: 'POST',
      key,
      json: { campaignId, customers: ids.map((customerId) => ({ customerId })) },
    });
    expect(r.status).toBe(200);
    const { probabilities } = await storedPosterior();
    const model = await servedModel(admin, modelId);
    const width = model.schema.features.length;
    const chosen = new Map<number, number>();
    for (const a of r.body.decisions) {
      expect(a.policyVersionId).toBe(versionId);
      const raw = new Float32Array(LEVELS.length * width);
      let customerId = '';
      for (const [k, d] of LEVELS.entries()) {
        const input = await customerInput(admin, model.schema, a.customerId, d);
        raw.set(input.raw, k * width);
        customerId = input.customerId;
      }
      const p = probabilities(raw, width, customerId);
      // every level keeps at least the floor
      for (const v of p) expect(v).toBeGreaterThanOrEqual(0.1 - 1e-12);
      // the level drawn by the decision's own uniform (murmur3 of the decision id seeds an Rng)
      const u = new Rng(murmur3x86_32(a.decisionId)).next();
      let c = 0;
      const k = p.findIndex((v) => {
        c += v;
        return u < c;
      });
      expect(a.discountPct).toBe(LEVELS[k]);
      const row = await db.policyDecision.findUniqueOrThrow({ where: { id: a.decisionId } });
      expect(row.discountPct).toBe(LEVELS[k]);
      const details = row.details as { propensity: number; levelProbability: number; probabilities: object };
      expect(details.levelProbability).toBe(p[k]);
      expect(details.propensity).toBe(1); // the rollout arm's probability (100 % rollout)
      expect(details.probabilities).toEqual(Object.fromEntries(LEVELS.map((d, i) => [d, p[i]])));
      const exposure = await db.offerExposure.findFirstOrThrow({ where: { decisionId: a.decisionId } });
      expect(exposure.propensity).toBe(p[k]);
      chosen.set(LEVELS[k], (chosen.get(LEVELS[k]) ?? 0) + 1);
    }
    expect(chosen.size).toBeGreaterThan(1); // a stochastic policy: not everyone gets the same level
  }, 60_000);

  it('offline evaluation equals the library estimator on the same log with the mode’s probabilities', async () => {
    const result = await evaluatePolicyVersion(admin, versionId);
    // the log the evaluation reads: uploaded randomised exposures, in its order
    const log = (
      await db.offerExposure.findMany({
        where: { organizationId: admin.orgId, propensity: { gt: 0 }, decisionId: null },
        orderBy: [{ shownAt: 'asc' }, { id: 'asc' }],
      })
    ).map((e) => ({
      customerId: e.customerId,
      discountPct: e.discountPct,
      propensity: e.propensity!,
      converted: (e.converted ? 1 : 0) as 0 | 1,
      revenue: e.revenue,
    }));
    expect(result.rows).toBe(log.length);
    const model = await servedModel(admin, modelId);
    const cutoff = new Date(model.schema.cutoff);
    const customers = [...new Set(log.map((r) => r.customerId))];
    const aggs = await loadCustomerAggregates(admin.orgId, cutoff);
    const { probabilities } = await storedPosterior();
    const width = model.schema.features.length;
    const dist = new Map<string, Record<number, number>>();
    for (const id of customers) {
      const a = aggs.get(id)!;
      const b = behaviourFeatures(a.agg, cutoff);
      const raw = new Float32Array(LEVELS.length * width);
      LEVELS.forEach((d, k) => {
        raw.set(
          rawInputRow(model.schema, b, d, a.country, { attributes: a.attributes, arm: model.schema.arms?.control }),
          k * width,
        );
      });
      const p = probabilities(raw, width, id);
      dist.set(id, Object.fromEntries(LEVELS.map((d, i) => [d, p[i]])));
    }
    const P = await scoreCustomersAtLevels(admin, model, cutoff, LEVELS, customers);
    const expected = evaluatePolicy({
      log,
      policy: (r) => dist.get(r.customerId)!,
      marginPct: 40,
      outcomeModels: outcomeModelsFromConversion<(typeof log)[number]>({
        // logged levels outside the policy's (5 %, 15 %) fall back to 0 %'s probability, as the evaluation does
        pConvert: (r, d) => P.get(r.customerId)!.get(d) ?? P.get(r.customerId)!.get(0)!,
        orderValue: () => 60,
        marginPct: 40,
      }),
    });
    for (const metric of ['profit', 'conversion'] as const)
      for (const est of ['ips', 'snips', 'dr'] as const) {
        expect(result.proposed.estimates[metric][est]!.value).toBeCloseTo(expected.estimates[metric][est]!.value, 12);
        expect(result.proposed.estimates[metric][est]!.se).toBeCloseTo(expected.estimates[metric][est]!.se, 12);
      }
    // the expected discount mix is the mean of the customers' probabilities over the logged rows
    const share10 = log.reduce((s, r) => s + dist.get(r.customerId)![10], 0) / log.length;
    expect(result.discountMix.find((m) => m.discountPct === 10)!.share).toBeCloseTo(share10, 12);
    console.log(
      `contextual offline evaluation: ${log.length} rows; profit/exposure IPS ${expected.estimates.profit.ips.value.toFixed(4)} ± ${expected.estimates.profit.ips.se.toFixed(4)}, SNIPS ${expected.estimates.profit.snips.value.toFixed(4)}, DR ${expected.estimates.profit.dr!.value.toFixed(4)}`,
    );
  }, 60_000);
});
