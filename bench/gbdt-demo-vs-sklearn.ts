/**
 * Our GBDT against scikit-learn's HistGradientBoostingClassifier on the DEMO data: the response-model training set
 * (features as of the first exposure, discount, country one-hot + standardised exactly as the product does) built
 * from a simulated merchant imported through the upload pipeline into a throw-away database; one stratified 80/20
 * split, the same parameters on both sides (lr 0.1, 200 rounds, 31 leaves, depth 6, min 20 per leaf, λ 1, no
 * early stopping). Prints holdout AUC of both, the difference, fit times and their ratio.
 *   npx tsx --conditions=react-server bench/gbdt-demo-vs-sklearn.ts [customers=5000]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GradientBoostingClassifier } from '../lib/ml/gbdt';
import { takeRows, takeValues } from '../lib/ml/matrix';
import { rocAuc } from '../lib/ml/metrics';
import { trainTestSplit } from '../lib/ml/model-selection';
import { OneHotEncoder, StandardScaler } from '../lib/ml/preprocessing';
import { openBenchDatabase } from './support/bench-db';
import { findSklearnPython } from './support/reference';

const PY = String.raw`
import json, sys, time, os
import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import roc_auc_score
d, n, D = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
X = np.fromfile(os.path.join(d, 'X.f64'), dtype='<f8').reshape(n, D)
y = np.fromfile(os.path.join(d, 'y.f64'), dtype='<f8')
tr = np.fromfile(os.path.join(d, 'train.i32'), dtype='<i4'); te = np.fromfile(os.path.join(d, 'test.i32'), dtype='<i4')
m = HistGradientBoostingClassifier(learning_rate=0.1, max_iter=200, max_leaf_nodes=31, max_depth=6, min_samples_leaf=20,
    l2_regularization=1.0, max_bins=255, early_stopping=False, random_state=0)
t = time.perf_counter(); m.fit(X[tr], y[tr]); s = time.perf_counter() - t
print(json.dumps({'auc': roc_auc_score(y[te], m.predict_proba(X[te])[:, 1]), 'fitSeconds': s}))
`;

async function main() {
  const customers = Number(process.argv[2] ?? 5000);
  const { ctx: ctxOf, close } = await openBenchDatabase('op_bench_gbdt');
  const { writeDemoCsvFiles } = await import('../lib/seed/seed-demo-data');
  const { importLocalFile } = await import('../lib/datasets/import-local-file');
  const { loadTrainingSet } = await import('../lib/training/load-training-set');
  const ctx = ctxOf('ADMIN');
  const files = await writeDemoCsvFiles(path.join(os.tmpdir(), 'op-bench-gbdt-demo'), { customers });
  for (const kind of ['customers', 'events', 'exposures'] as const) await importLocalFile(ctx, kind, files[kind]);
  const set = await loadTrainingSet(ctx.orgId);
  // the product's preprocessing, fitted on the training rows only
  const split = trainTestSplit(set.y, 0.2, 42, true);
  const enc = new OneHotEncoder({ columns: set.categoricalColumns }).fit(takeRows(set.X, split.train));
  const scaler = new StandardScaler().fit(enc.transform(takeRows(set.X, split.train)));
  const Z = scaler.transform(enc.transform(set.X));
  const ours = new GradientBoostingClassifier({
    learningRate: 0.1,
    nEstimators: 200,
    maxLeaves: 31,
    maxDepth: 6,
    minSamplesLeaf: 20,
    lambda: 1,
    validationFraction: 0,
    seed: 0,
  });
  const t0 = performance.now();
  ours.fit(takeRows(Z, split.train), takeValues(set.y, split.train));
  const oursSeconds = (performance.now() - t0) / 1000;
  const oursAuc = rocAuc(takeValues(set.y, split.test), ours.predictProba(takeRows(Z, split.test)));

  const dir = mkdtempSync(path.join(os.tmpdir(), 'op-gbdt-demo-'));
  writeFileSync(path.join(dir, 'X.f64'), Buffer.from(Z.data.buffer));
  writeFileSync(path.join(dir, 'y.f64'), Buffer.from(set.y.buffer));
  writeFileSync(path.join(dir, 'train.i32'), Buffer.from(split.train.buffer));
  writeFileSync(path.join(dir, 'test.i32'), Buffer.from(split.test.buffer));
  const r = spawnSync(findSklearnPython(), ['-c', PY, dir, String(Z.rows), String(Z.cols)], {
    encoding: 'utf8',
    env: { ...process.env, OMP_NUM_THREADS: '1' },
  });
  rmSync(dir, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(r.stderr);
  const sk = JSON.parse(r.stdout) as { auc: number; fitSeconds: number };
  console.log(
    `demo data: ${set.exposures} exposures × ${Z.cols} model inputs (${customers} customers), train ${split.train.length}, holdout ${split.test.length}`,
  );
  console.log(
    `holdout AUC   ours ${oursAuc.toFixed(5)}   sklearn ${sk.auc.toFixed(5)}   difference ${(oursAuc - sk.auc).toFixed(5)} (bar ±0.005)`,
  );
  console.log(
    `fit time      ours ${oursSeconds.toFixed(2)} s   sklearn (1 thread) ${sk.fitSeconds.toFixed(2)} s   ratio ${(oursSeconds / sk.fitSeconds).toFixed(2)}×`,
  );
  await close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
