import { NextRequest } from 'next/server';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import * as customersRoute from '@/app/api/v1/customers/route';
import * as datasetsRoute from '@/app/api/v1/datasets/route';
import * as jobsRoute from '@/app/api/v1/jobs/route';
import * as scoreRoute from '@/app/api/v1/score/route';
import * as segmentJobsRoute from '@/app/api/v1/segments/jobs/route';
import type { OrgContext } from '@/lib/auth/context';
import { waitForImport } from '@/lib/datasets/run-import';
import { db } from '@/lib/db';
import { rawFeatureNames, ZFeatureSchema } from '@/lib/features/feature-schema';
import { runOneJob } from '@/lib/jobs/worker';
import { matrix } from '@/lib/ml/matrix';
import { Rng } from '@/lib/ml/rng';
import { createApiKey } from '@/lib/settings/api-keys';
import { ModelPipeline } from '@/lib/training/pipeline';
import type { UpliftAtLevel } from '@/lib/training/uplift-report';
import { call } from './helpers';

/**
 * A merchant whose customers file carries its own columns (tier, spend) and whose campaign log names arms
 * instead of discounts: arm "A" lifts gold-tier customers only (0.10 → 0.45), arm "B" lifts everyone a little
 * (0.10 → 0.15), "control" gets nothing. Uploaded through the real API; trained, served and segmented.
 */
const N = 1500;
const TIERS = ['bronze', 'gold', 'silver'];
let manager = '';
let analyst = '';
let otherAnalyst = '';
let orgId = '';
const truth = (tier: string, arm: string) =>
  0.1 + (arm === 'A' && tier === 'gold' ? 0.35 : 0) + (arm === 'B' ? 0.05 : 0);

async function upload(key: string, kind: string, csv: string, extra: Record<string, string> = {}) {
  const qs = new URLSearchParams({ kind, fileName: `${kind}.csv`, ...extra });
  const req = new NextRequest(`http://localhost/api/v1/datasets?${qs}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' },
    body: csv,
  });
  const res = await datasetsRoute.POST(req, { params: Promise.resolve({}) });
  const body = await res.json();
  if (body?.dataset?.id) await waitForImport(body.dataset.id);
  return { status: res.status, body };
}

/**
 * The organisation's data, uploaded once before any test (the tests run in a shuffled order): customers with
 * attribute columns, one purchase each, exposures naming arms.
 */
async function uploadScenario() {
  const rng = new Rng(3);
  const customers = ['customer_id,country,tier,spend,loyalty_code'];
  const events = ['customer_id,timestamp,type,price'];
  const exposures = ['customer_id,arm,shown_at,converted'];
  for (let i = 1; i <= N; i++) {
    const id = `K${String(i).padStart(5, '0')}`;
    const tier = TIERS[rng.int(3)];
    // loyalty_code is digits but declared categorical; spend is inferred numeric
    customers.push(`${id},GB,${tier},${(rng.next() * 500).toFixed(2)},${100 + rng.int(3)}`);
    // one purchase 1..30 days before 2011-12-09 12:00 (the data's last event is the as-of date)
    events.push(
      `${id},${new Date(Date.UTC(2011, 11, 9, 12) - (1 + rng.int(30)) * 86_400_000).toISOString()},purchase,10`,
    );
    const arm = ['A', 'B', 'control'][rng.int(3)];
    exposures.push(`${id},${arm},2011-12-10T00:00:00Z,${rng.next() < truth(tier, arm) ? 1 : 0}`);
  }
  events.push('K00001,2011-12-09T12:00:00Z,view,');
  const up = await upload(manager, 'customers', customers.join('\n'), {
    attributeTypes: '{"loyalty_code":"categorical"}',
  });
  expect(up.status).toBe(202);
  expect((await upload(manager, 'events', events.join('\n'))).status).toBe(202);
  const ex = await upload(manager, 'exposures', exposures.join('\n'));
  expect(ex.status).toBe(202);
  return { customers: customers.join('\n'), exposuresDatasetId: ex.body.dataset.id as string };
}

let scenario: Awaited<ReturnType<typeof uploadScenario>>;

beforeAll(async () => {
  const mkOrg = async (slug: string) => {
    const org = await db.organization.create({ data: { name: slug, slug, piiSecret: 'z'.repeat(32) } });
    const u = await db.user.create({ data: { email: `${slug}@t.test`, name: slug, passwordHash: 'x' } });
    await db.membership.create({ data: { organizationId: org.id, userId: u.id, role: 'ADMIN' } });
    const ctx: OrgContext = {
      orgId: org.id,
      orgName: slug,
      role: 'ADMIN',
      userId: u.id,
      apiKeyId: null,
      actorLabel: slug,
    };
    return ctx;
  };
  const ctx = await mkOrg(`attr-${process.pid}`);
  const other = await mkOrg(`attr-other-${process.pid}`);
  orgId = ctx.orgId;
  manager = (await createApiKey(ctx, { name: 'm', role: 'MANAGER' })).key;
  analyst = (await createApiKey(ctx, { name: 'a', role: 'ANALYST' })).key;
  otherAnalyst = (await createApiKey(other, { name: 'o', role: 'ANALYST' })).key;
  scenario = await uploadScenario();
}, 180_000);

describe('customer attributes and treatment arms', () => {
  it('stores extra customer columns as typed attributes (declared or inferred) and lists them per organisation', async () => {
    const bad = await upload(manager, 'customers', scenario.customers, { attributeTypes: '{"tier":"colour"}' });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'validation_failed']);
    const unknown = await upload(manager, 'customers', scenario.customers, { attributeTypes: '{"shoe":"numeric"}' });
    expect([unknown.status, unknown.body.error.code]).toEqual([422, 'unprocessable']);
    const ds = await db.dataset.findUniqueOrThrow({ where: { id: scenario.exposuresDatasetId } });
    expect([ds.status, ds.rowsAccepted, ds.rowsRejected]).toEqual(['COMPLETED', N, 0]);

    const list = await call(customersRoute.GET, { url: '/api/v1/customers?limit=1', key: analyst });
    expect(list.body.attributes).toEqual([
      { name: 'loyalty_code', type: 'categorical', customers: N },
      { name: 'spend', type: 'numeric', customers: N },
      { name: 'tier', type: 'categorical', customers: N },
    ]);
    const other = await call(customersRoute.GET, { url: '/api/v1/customers?limit=1', key: otherAnalyst });
    expect(other.body.attributes).toEqual([]);
    const first = await db.customer.findFirstOrThrow({ where: { organizationId: orgId, externalId: 'K00001' } });
    const attrs = first.attributes as Record<string, unknown>;
    expect(typeof attrs.spend).toBe('number');
    expect(typeof attrs.loyalty_code).toBe('string');
    expect(TIERS).toContain(attrs.tier);
    const arms = await db.offerExposure.groupBy({ by: ['arm'], where: { organizationId: orgId }, _count: true });
    expect(arms.map((a) => a.arm).sort()).toEqual(['A', 'B', 'control']);
  }, 120_000);

  it('trains with attributes and arms: one-hot in the ONNX graph, per-arm uplift against control', async () => {
    const unknown = await call(jobsRoute.POST, {
      url: '/api/v1/jobs',
      method: 'POST',
      key: analyst,
      json: { algorithms: [{ name: 'logistic-regression' }], attributes: ['shoe_size'] },
    });
    expect([unknown.status, unknown.body.error.code]).toEqual([400, 'validation_failed']);
    const created = await call(jobsRoute.POST, {
      url: '/api/v1/jobs',
      method: 'POST',
      key: analyst,
      json: {
        name: 'arms',
        algorithms: [{ name: 'gbdt', grid: { learningRate: [0.1], maxLeaves: [7], nEstimators: [40] } }],
        attributes: ['tier', 'spend'],
        folds: 2,
        holdoutFraction: 0.4,
      },
    });
    expect(created.status).toBe(201);
    expect(await runOneJob('attr-worker')).toBe(created.body.id);
    const job = await db.trainingJob.findUniqueOrThrow({ where: { id: created.body.id }, include: { models: true } });
    expect([job.status, job.error]).toEqual(['SUCCEEDED', null]);
    const mv = job.models[0];
    const schema = ZFeatureSchema.parse(mv.featureSchema);
    expect(rawFeatureNames(schema).slice(-3)).toEqual(['spend', 'tier', 'arm']);
    expect(schema.arms).toEqual({ names: ['A', 'B', 'control'], control: 'control' });
    expect(schema.attributes.find((a) => a.name === 'tier')?.categories).toEqual(TIERS);

    const uplift = (mv.metrics as unknown as { uplift: UpliftAtLevel[] }).uplift;
    expect(uplift.map((u) => [u.arm, u.control])).toEqual([
      ['A', 'control'],
      ['B', 'control'],
    ]);
    // true average uplift: A 0.35 × 1/3 ≈ 0.117, B 0.05; arm A's uplift is all in gold customers, so a model that
    // learned the tier × arm interaction ranks far better than random, and the T-learner too
    const a = uplift[0];
    expect(a.treatedRate! - a.controlRate!).toBeGreaterThan(0.06);
    expect(a.auuc).toBeGreaterThan(a.randomAuuc! + 0.15);
    expect(a.tLearnerAuuc!).toBeGreaterThan(a.randomAuuc! + 0.15);

    // the ONNX file takes the model's own raw width and agrees with the TypeScript pipeline
    const names = rawFeatureNames(schema);
    const session = await ort.InferenceSession.create(new Uint8Array(mv.onnx!));
    const rows = 6;
    const data = new Float32Array(rows * names.length);
    for (let i = 0; i < rows; i++) {
      data[i * names.length + names.indexOf('tier')] = i % 3;
      data[i * names.length + names.indexOf('arm')] = Math.floor(i / 3) === 0 ? 0 : 2;
      data[i * names.length + names.indexOf('spend')] = 100;
    }
    const out = (await session.run({ features: new ort.Tensor('float32', data, [rows, names.length]) })).probability
      .data as Float32Array;
    const ts = ModelPipeline.fromJSON(mv.modelJson).predictProba(matrix(Float64Array.from(data), rows, names.length));
    for (let i = 0; i < rows; i++) expect(Math.abs(out[i] - ts[i])).toBeLessThan(1e-5);
    // gold (code 1) under arm A (row 1) scores well above gold under control (row 4): the true gap is 0.35, and its
    // sampling error on ~100 training customers per cell is ±0.12 at two standard errors (this data gives 0.38; the
    // training rows come in upload order, so the figure is the same on every run)
    expect(out[1] - out[4]).toBeGreaterThan(0.2);
    expect(out[1] - out[4]).toBeLessThan(0.5);

    // the scoring API builds the same input from the stored customer, per arm; raw rows of the wrong width are refused
    const gold = await db.customer.findFirstOrThrow({
      where: { organizationId: orgId, attributes: { path: ['tier'], equals: 'gold' } },
    });
    const scored = await call(scoreRoute.POST, {
      url: '/api/v1/score',
      method: 'POST',
      key: analyst,
      json: {
        modelVersionId: mv.id,
        rows: [
          { customerId: gold.externalId, arm: 'A' },
          { customerId: gold.externalId, arm: 'control' },
          { customerId: gold.externalId },
        ],
      },
    });
    expect(scored.status).toBe(200);
    expect(scored.body.featureNames).toEqual(names);
    const [pa, pc, pd] = scored.body.scores.map((s: { probability: number }) => s.probability);
    expect(pa - pc).toBeGreaterThan(0.15);
    expect(pd).toBe(pc); // no arm: the control arm
    expect(scored.body.scores[0].features[names.indexOf('tier')]).toBe(1);
    expect(scored.body.scores[0].features[names.indexOf('arm')]).toBe(0);
    // recency as of the data's cut-off (latest event 2011-12-09 12:00), not today: at most 30 days
    expect(scored.body.scores[0].features[0]).toBeGreaterThan(0.5);
    expect(scored.body.scores[0].features[0]).toBeLessThan(30.6);
    const wrong = await call(scoreRoute.POST, {
      url: '/api/v1/score',
      method: 'POST',
      key: analyst,
      json: { modelVersionId: mv.id, rows: [{ features: new Array(16).fill(0) }] },
    });
    expect([wrong.status, wrong.body.error.code]).toEqual([400, 'validation_failed']);
    expect(wrong.body.error.message).toContain(`${names.length} values`);
    const badArm = await call(scoreRoute.POST, {
      url: '/api/v1/score',
      method: 'POST',
      key: analyst,
      json: { modelVersionId: mv.id, rows: [{ customerId: gold.externalId, arm: 'Z' }] },
    });
    expect([badArm.status, badArm.body.error.code]).toEqual([400, 'validation_failed']);
  }, 240_000);

  it('segments on attributes (categoricals one-hot) with time features as of the data cut-off', async () => {
    const bad = await call(segmentJobsRoute.POST, {
      url: '/api/v1/segments/jobs',
      method: 'POST',
      key: analyst,
      json: { algorithm: 'kmeans', features: ['tier', 'shoe_size'] },
    });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'validation_failed']);
    const created = await call(segmentJobsRoute.POST, {
      url: '/api/v1/segments/jobs',
      method: 'POST',
      key: analyst,
      json: { algorithm: 'kmeans', features: ['tier', 'recency_days'], k: 3 },
    });
    expect(created.status).toBe(201);
    expect(await runOneJob('attr-seg')).toBe(created.body.id);
    const job = await db.trainingJob.findUniqueOrThrow({ where: { id: created.body.id } });
    expect([job.status, job.error]).toEqual(['SUCCEEDED', null]);
    const m = job.metrics as { columns: string[]; asOf: string };
    expect(m.columns).toEqual(['tier=bronze', 'tier=gold', 'tier=silver', 'recency_days']);
    // the latest data is the exposures' 2011-12-10T00:00Z: recency is measured just after it
    expect(m.asOf).toBe('2011-12-10T00:00:00.001Z');
    const segs = await db.segment.findMany({ where: { jobId: job.id } });
    const recency = segs.map(
      (s) => (s.profile as { features: { feature: string; overallMean: number }[] }).features[3].overallMean,
    );
    // one purchase 1..30 days before 2011-12-09 12:00, measured at 2011-12-10 00:00: mean ≈ 16 days
    expect(recency[0]).toBeGreaterThan(10);
    expect(recency[0]).toBeLessThan(22);
    // k-means on three one-hot tiers: each segment is one tier
    const sizes = segs.map((s) => s.size).sort((x, y) => x - y);
    expect(sizes.reduce((s, v) => s + v, 0)).toBe(N);
  }, 120_000);
});
