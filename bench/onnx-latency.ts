/**
 * In-process onnxruntime latency of exported OfferPilot models vs the TypeScript reference evaluator
 * (lib/ml/onnx/reference-predict.ts), measured in the same run.
 *
 *   npx tsx bench/onnx-latency.ts
 *
 * Models: GBDT (200 trees, depth 6, 20 features) and LR (20 features), both with a standard scaler in the
 * graph; random weights from a seeded Rng. Session options as in lib/serving/onnx-sessions.ts
 * (graphOptimizationLevel 'all', intraOpNumThreads 1). Prints single-row p50/p99 latency (µs) of
 * `session.run` (async, includes the N-API round trip and tensor creation) and of the TS evaluator, and rows/s
 * at batch 1,024, with ratios TS / ONNX (> 1 means ONNX is faster).
 */
import * as ort from 'onnxruntime-node';
import type { Matrix } from '../lib/ml/matrix';
import { exportToOnnx } from '../lib/ml/onnx/export-onnx';
import { randomLogisticJson, randomRawRows, randomTrees } from '../lib/ml/onnx/random-models';
import { createReferencePredictor } from '../lib/ml/onnx/reference-predict';
import { Rng } from '../lib/ml/rng';

const N_FEATURES = 20,
  BATCH = 1024,
  SINGLE_RUNS = 3000,
  WARMUP = 300,
  BATCH_RUNS = 100;

function percentile(sorted: Float64Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

async function timeSingle(fn: (i: number) => unknown, rows: number): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < WARMUP; i++) await fn(i % rows);
  const us = new Float64Array(SINGLE_RUNS);
  for (let i = 0; i < SINGLE_RUNS; i++) {
    const t0 = process.hrtime.bigint();
    await fn(i % rows);
    us[i] = Number(process.hrtime.bigint() - t0) / 1e3;
  }
  us.sort();
  return { p50: percentile(us, 0.5), p99: percentile(us, 0.99) };
}

async function rowsPerSecond(fn: () => unknown): Promise<number> {
  for (let i = 0; i < 3; i++) await fn();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < BATCH_RUNS; i++) await fn();
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  return (BATCH_RUNS * BATCH) / s;
}

async function benchModel(name: string, model: unknown, X: Matrix): Promise<void> {
  const scaler = {
    kind: 'standard-scaler' as const,
    version: 1 as const,
    mean: Array(N_FEATURES).fill(0.1),
    scale: Array(N_FEATURES).fill(3),
  };
  const featureNames = Array.from({ length: N_FEATURES }, (_, j) => `f${j}`);
  const bytes = exportToOnnx({ model, preprocess: { scaler }, featureNames, metadata: {} });
  const session = await ort.InferenceSession.create(Buffer.from(bytes), {
    graphOptimizationLevel: 'all',
    intraOpNumThreads: 1,
  });
  const ref = createReferencePredictor({ model, preprocess: { scaler } }, N_FEATURES);
  const x32 = Float32Array.from(X.data);

  const onnxBatch = () =>
    session.run({ features: new ort.Tensor('float32', x32.subarray(0, BATCH * N_FEATURES), [BATCH, N_FEATURES]) });
  const batch: Matrix = { data: X.data.subarray(0, BATCH * N_FEATURES), rows: BATCH, cols: N_FEATURES };
  const out = (await onnxBatch()).probability.data as Float32Array;
  const want = ref.predictProba(batch);
  let maxDiff = 0;
  for (let i = 0; i < BATCH; i++) maxDiff = Math.max(maxDiff, Math.abs(out[i] - want[i]));

  const rows = X.rows;
  const onnx1 = await timeSingle(
    (i) =>
      session.run({
        features: new ort.Tensor('float32', x32.subarray(i * N_FEATURES, (i + 1) * N_FEATURES), [1, N_FEATURES]),
      }),
    rows,
  );
  const ts1 = await timeSingle(
    (i) => ref.predictProba({ data: X.data.subarray(i * N_FEATURES, (i + 1) * N_FEATURES), rows: 1, cols: N_FEATURES }),
    rows,
  );
  const onnxRps = await rowsPerSecond(onnxBatch);
  const tsRps = await rowsPerSecond(() => ref.predictProba(batch));
  await session.release();

  const f = (v: number) => v.toFixed(1).padStart(8);
  console.log(
    `\n${name}  (ONNX ${(bytes.length / 1024).toFixed(0)} KiB; max |ONNX − TS| on ${BATCH} rows = ${maxDiff.toExponential(2)})`,
  );
  console.log(
    `  single row, µs        p50 ${f(onnx1.p50)} (ONNX)  ${f(ts1.p50)} (TS)   TS/ONNX ${(ts1.p50 / onnx1.p50).toFixed(2)}`,
  );
  console.log(
    `                        p99 ${f(onnx1.p99)} (ONNX)  ${f(ts1.p99)} (TS)   TS/ONNX ${(ts1.p99 / onnx1.p99).toFixed(2)}`,
  );
  console.log(
    `  batch ${BATCH}, rows/s   ${Math.round(onnxRps).toLocaleString('en-US').padStart(12)} (ONNX)  ${Math.round(tsRps).toLocaleString('en-US').padStart(12)} (TS)   ONNX/TS ${(onnxRps / tsRps).toFixed(2)}`,
  );
}

async function main(): Promise<void> {
  const rng = new Rng(11);
  const X = randomRawRows(rng, { rows: 4096, nRaw: N_FEATURES, categorical: [], nCodes: 0 });
  const gbdt = {
    kind: 'gbdt',
    version: 1,
    nFeatures: N_FEATURES,
    baseScore: -1,
    trees: randomTrees(rng, { nTrees: 200, depth: 6, nFeatures: N_FEATURES, leafValue: () => rng.normal() * 0.05 }),
  };
  console.log(
    `onnxruntime-node ${ort.env.versions.common}, Node ${process.version}, 1 intra-op thread; ${SINGLE_RUNS} single-row runs after ${WARMUP} warm-up, ${BATCH_RUNS} batches`,
  );
  await benchModel('GBDT 200 trees × depth 6, 20 features', gbdt, X);
  await benchModel('LR, 20 features', randomLogisticJson(rng, N_FEATURES), X);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
