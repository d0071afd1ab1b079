import 'server-only';
import type { OrgContext } from '../auth/context';
import { readOrCompute } from '../computed/read-stored';
import { db } from '../db';
import { rawFeatureNames, ZFeatureSchema } from '../features/feature-schema';
import { AppError } from '../http/errors';
import { matrix, takeRows, takeValues } from '../ml/matrix';
import { Rng } from '../ml/rng';
import { customerInput, servedModel } from '../serving/score';
import { loadTrainingSet } from '../training/load-training-set';
import { ModelPipeline } from '../training/pipeline';
import { contributions, type GlobalExplanation, globalExplanation, partialDependence } from './explain-pipeline';

/**
 * Explanations of a registered model version on a seeded sample (800 rows) of its own training data, rebuilt
 * from the database with the model's cut-off. The sample is a stored result (drawn by the worker when the version
 * is registered: reading the whole training set took 6.7 s at demo scale 10), and the explanation built on it is
 * cached per process (a version never changes). Per-customer
 * explanations use the live feature store, and their probability comes from the served ONNX model.
 */
const SAMPLE_ROWS = 800;
const cache = new Map<
  string,
  Promise<{
    pipeline: ModelPipeline;
    sample: ReturnType<typeof takeRows>;
    y: Float64Array;
    names: string[];
    global: GlobalExplanation;
  }>
>();

async function loadVersion(ctx: OrgContext, id: string) {
  const m = await db.modelVersion.findFirst({
    where: { id, organizationId: ctx.orgId },
    select: { id: true, modelJson: true, featureSchema: true, algorithm: true },
  });
  if (!m) throw AppError.notFound('Model version');
  return m;
}

/**
 * The explanation sample of a version as stored (lib/computed/): missing feature values (NaN) as null, with the
 * global explanation computed on it (as JSON, which is how the API serves it: a NaN in it reads as null).
 */
export interface StoredExplanationSample {
  rows: number;
  cols: number;
  data: (number | null)[];
  y: number[];
  global?: GlobalExplanation;
}

/** Draws a version's seeded sample of its own training data (the expensive part: the whole training set is read). */
export async function drawExplanationSample(ctx: OrgContext, id: string): Promise<StoredExplanationSample> {
  const m = await loadVersion(ctx, id);
  const schema = ZFeatureSchema.parse(m.featureSchema);
  const set = await loadTrainingSet(ctx.orgId, {
    cutoff: schema.cutoff,
    attributes: schema.attributes.map((a) => a.name),
    controlArm: schema.arms?.control,
  });
  const idx = Array.from({ length: set.X.rows }, (_, i) => i);
  new Rng(7).shuffle(idx);
  const pick = idx.slice(0, Math.min(SAMPLE_ROWS, idx.length)).sort((a, b) => a - b);
  const sample = takeRows(set.X, pick);
  const y = takeValues(set.y, pick);
  const global = globalExplanation(ModelPipeline.fromJSON(m.modelJson), sample, y, rawFeatureNames(schema));
  return {
    rows: sample.rows,
    cols: sample.cols,
    data: Array.from(sample.data, (v) => (Number.isNaN(v) ? null : v)),
    y: Array.from(y),
    global: JSON.parse(JSON.stringify(global)),
  };
}

async function prepared(ctx: OrgContext, id: string) {
  const key = `${ctx.orgId}:${id}`;
  let entry = cache.get(key);
  if (!entry) {
    entry = (async () => {
      const m = await loadVersion(ctx, id);
      const pipeline = ModelPipeline.fromJSON(m.modelJson);
      const schema = ZFeatureSchema.parse(m.featureSchema);
      // drawn by the worker when the version was registered; drawn here only if it has not been yet
      const { value: s } = await readOrCompute(ctx.orgId, 'EXPLANATION_SAMPLE', id, () =>
        drawExplanationSample(ctx, id),
      );
      const sample = matrix(
        Float64Array.from(s.data, (v) => (v === null ? Number.NaN : v)),
        s.rows,
        s.cols,
      );
      const y = Float64Array.from(s.y);
      const names = rawFeatureNames(schema);
      return { pipeline, sample, y, names, global: s.global ?? globalExplanation(pipeline, sample, y, names) };
    })();
    entry.catch(() => cache.delete(key));
    cache.set(key, entry);
  }
  return entry;
}

export async function explainModel(ctx: OrgContext, id: string) {
  const { global, sample } = await prepared(ctx, id);
  return { ...global, sampleRows: sample.rows };
}

export async function explainDependence(ctx: OrgContext, id: string, feature: string) {
  const { pipeline, sample, global, names } = await prepared(ctx, id);
  const j = names.indexOf(feature);
  if (j < 0)
    throw new AppError('validation_failed', `Unknown feature ${feature}`, [
      { path: ['feature'], message: `one of ${names.join(', ')}` },
    ]);
  return { feature, ...partialDependence(pipeline, sample, j), dependence: global.summary?.[j]?.points ?? null };
}

export async function explainCustomer(ctx: OrgContext, id: string, customerId: string, discountPct: number) {
  const m = await loadVersion(ctx, id);
  const schema = ZFeatureSchema.parse(m.featureSchema);
  const pipeline = ModelPipeline.fromJSON(m.modelJson);
  const { raw } = await customerInput(ctx, schema, customerId, discountPct);
  const served = await servedModel(ctx, id);
  const [probability] = await served.run(Float32Array.from(raw), 1);
  const c = contributions(pipeline, raw);
  return {
    customerId,
    discountPct,
    probability,
    features: rawFeatureNames(schema).map((name, j) => ({ name, value: raw[j], contribution: c ? c.phi[j] : null })),
    explanation: c
      ? { method: c.method, outputSpace: c.outputSpace, expectedValue: c.expectedValue, output: c.output }
      : null,
  };
}
