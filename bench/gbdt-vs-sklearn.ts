/**
 * Benchmark: our GradientBoostingClassifier (histogram GBDT, TypeScript) vs sklearn's
 * HistGradientBoostingClassifier on the same seeded synthetic NON-LINEAR 200,000 × 20 binary problem and the same
 * stratified 80/20 split.
 *
 *   npx tsx bench/gbdt-vs-sklearn.ts
 *
 * Needs /usr/bin/python3 with scikit-learn (Debian: apt-get install -y python3-sklearn). Data, split and our
 * holdout probabilities go to a temp folder in /tmp as raw little-endian files; python fits sklearn there (timing
 * only `fit`, with its default threads and limited to 1 thread via threadpoolctl — our fit is single-threaded)
 * and scores both models' holdout AUC with roc_auc_score as a cross-check of ours. Every fit time is the best of
 * REPEATS fits (the machine may be shared; the load average is printed).
 * Same parameters on both sides: 200 rounds, learning rate 0.1, ≤ 31 leaves, depth ≤ 6, ≥ 20 rows per leaf,
 * L2 λ = 1, 255 bins, early stopping off. The quality bar: our holdout AUC within 0.005 of sklearn's.
 * Per-row probabilities are not expected to agree closely: bin edges differ slightly, and over 200 rounds that
 * changes many splits — sklearn against itself with max_bins 254 instead of 255 on a numpy version of this
 * problem differs by mean |Δp| 0.032 (max 0.32), more than ours against sklearn.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { GradientBoostingClassifier } from '../lib/ml/gbdt';
import { type Matrix, matrix, takeRows, takeValues } from '../lib/ml/matrix';
import { rocAuc } from '../lib/ml/metrics';
import { trainTestSplit } from '../lib/ml/model-selection';
import { Rng } from '../lib/ml/rng';

const N = 200_000,
  D = 20,
  SEED = 20240607,
  REPEATS = 2;
const PARAMS = {
  nEstimators: 200,
  learningRate: 0.1,
  maxLeaves: 31,
  maxDepth: 6,
  minSamplesLeaf: 20,
  lambda: 1,
  maxBins: 255,
};

/**
 * x0..x5 ~ N(0, 1), x6..x9 ~ U(0, 1), x10..x11 integer counts 0..9, x12..x19 correlated noise (ρ 0.5 with x0..x7).
 * logit = 1.5 sin(2 x0) + x1·x2 + 1.2·[x3 > 0.5] − 0.8 |x4| + 0.6 x5² − 0.6
 *         + 2 (x6 − 0.5)(x7 − 0.5)·4 + 1.5·[x8 > 0.7 and x9 < 0.4] + 0.15 (x10 − x11) − 0.3
 * y ~ Bernoulli(sigmoid(logit)): interactions, thresholds and curvature no linear model captures.
 */
function makeProblem(): { X: Matrix; y: Float64Array } {
  const rng = new Rng(SEED);
  const X = new Float64Array(N * D),
    y = new Float64Array(N);
  const x = new Float64Array(D);
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < 6; j++) x[j] = rng.normal();
    for (let j = 6; j < 10; j++) x[j] = rng.next();
    x[10] = rng.int(10);
    x[11] = rng.int(10);
    for (let j = 12; j < D; j++) x[j] = 0.5 * x[j - 12] + rng.normal();
    const z =
      1.5 * Math.sin(2 * x[0]) +
      x[1] * x[2] +
      1.2 * (x[3] > 0.5 ? 1 : 0) -
      0.8 * Math.abs(x[4]) +
      0.6 * x[5] * x[5] -
      0.6 +
      8 * (x[6] - 0.5) * (x[7] - 0.5) +
      1.5 * (x[8] > 0.7 && x[9] < 0.4 ? 1 : 0) +
      0.15 * (x[10] - x[11]) -
      0.3;
    y[i] = rng.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
    X.set(x, i * D);
  }
  return { X: matrix(X, N, D), y };
}

const PY = String.raw`
import json, sys, time, os
import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import roc_auc_score, log_loss
from threadpoolctl import threadpool_limits
import sklearn
d, n, D, repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
X = np.fromfile(os.path.join(d, 'X.f64'), dtype='<f8').reshape(n, D)
y = np.fromfile(os.path.join(d, 'y.f64'), dtype='<f8')
tr = np.fromfile(os.path.join(d, 'train.i32'), dtype='<i4'); te = np.fromfile(os.path.join(d, 'test.i32'), dtype='<i4')
Xtr, ytr, Xte, yte = X[tr], y[tr], X[te], y[te]
def make():
    return HistGradientBoostingClassifier(learning_rate=0.1, max_iter=200, max_leaf_nodes=31, max_depth=6,
        min_samples_leaf=20, l2_regularization=1.0, max_bins=255, early_stopping=False, random_state=0)
out = {'sklearn': sklearn.__version__, 'threads': os.cpu_count()}
def best_fit():
    best = None
    for _ in range(repeats):
        m = make(); t = time.perf_counter(); m.fit(Xtr, ytr); s = time.perf_counter() - t
        best = s if best is None else min(best, s)
    return m, best
with threadpool_limits(limits=1):
    m1, out['fitSeconds1Thread'] = best_fit()
m, out['fitSeconds'] = best_fit()
p = m.predict_proba(Xte)[:, 1]
out['nIter'] = int(m.n_iter_)
out['auc'] = roc_auc_score(yte, p)
out['aucOurs'] = roc_auc_score(yte, np.fromfile(os.path.join(d, 'p_ours.f64'), dtype='<f8'))
po = np.fromfile(os.path.join(d, 'p_ours.f64'), dtype='<f8')
out['maxProbaDiff'] = float(np.max(np.abs(p - po)))
out['meanProbaDiff'] = float(np.mean(np.abs(p - po)))
out['logLoss'] = float(log_loss(yte, p))
out['logLossOurs'] = float(log_loss(yte, po))
print(json.dumps(out))
`;

function main(): void {
  const t0 = performance.now();
  const { X, y } = makeProblem();
  const split = trainTestSplit(y, 0.2, SEED);
  const Xtr = takeRows(X, split.train),
    ytr = takeValues(y, split.train);
  const Xte = takeRows(X, split.test),
    yte = takeValues(y, split.test);
  const rate = y.reduce((a, b) => a + b, 0) / N;
  console.log(
    `data: ${N} × ${D} non-linear, positive rate ${(100 * rate).toFixed(1)}%, train ${split.train.length}, test ${split.test.length} (generated in ${((performance.now() - t0) / 1000).toFixed(2)} s)`,
  );

  console.log(
    `load average at start: ${loadavg()
      .map((v) => v.toFixed(2))
      .join(' ')} (2-core machine)`,
  );
  let ours = new GradientBoostingClassifier();
  let oursSeconds = Infinity;
  for (let r = 0; r < REPEATS; r++) {
    const t1 = performance.now();
    ours = new GradientBoostingClassifier({ ...PARAMS, validationFraction: 0 }).fit(Xtr, ytr);
    oursSeconds = Math.min(oursSeconds, (performance.now() - t1) / 1000);
  }
  const t2 = performance.now();
  const pOurs = ours.predictProba(Xte);
  const predictSeconds = (performance.now() - t2) / 1000;
  const aucOurs = rocAuc(yte, pOurs);
  const nLeaves = ours.trees.reduce((s, t) => s + t.feature.filter((f) => f < 0).length, 0) / ours.trees.length;

  const t3 = performance.now();
  const es = new GradientBoostingClassifier({ ...PARAMS }).fit(Xtr, ytr); // defaults: 10% validation, patience 10
  const esSeconds = (performance.now() - t3) / 1000;
  const aucEs = rocAuc(yte, es.predictProba(Xte));

  const dir = mkdtempSync(path.join(tmpdir(), 'gbdt-bench-'));
  try {
    writeFileSync(path.join(dir, 'X.f64'), new Uint8Array(X.data.buffer));
    writeFileSync(path.join(dir, 'y.f64'), new Uint8Array(y.buffer));
    writeFileSync(path.join(dir, 'train.i32'), new Uint8Array(split.train.buffer));
    writeFileSync(path.join(dir, 'test.i32'), new Uint8Array(split.test.buffer));
    writeFileSync(path.join(dir, 'p_ours.f64'), new Uint8Array(pOurs.buffer));
    writeFileSync(path.join(dir, 'bench.py'), PY);
    const r = spawnSync('/usr/bin/python3', [path.join(dir, 'bench.py'), dir, String(N), String(D), String(REPEATS)], {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    });
    if (r.status !== 0) throw new Error(`python failed (apt-get install -y python3-sklearn?):\n${r.stderr}`);
    const sk = JSON.parse(r.stdout.trim().split('\n').pop()!) as {
      sklearn: string;
      threads: number;
      fitSeconds: number;
      fitSeconds1Thread: number;
      nIter: number;
      auc: number;
      aucOurs: number;
      maxProbaDiff: number;
      meanProbaDiff: number;
      logLoss: number;
      logLossOurs: number;
    };
    const diff = aucOurs - sk.auc;
    console.log(
      `sklearn ${sk.sklearn} HistGradientBoostingClassifier (${sk.nIter} iterations): holdout AUC ${sk.auc.toFixed(5)}, fit ${sk.fitSeconds.toFixed(2)} s on ${sk.threads} threads, ${sk.fitSeconds1Thread.toFixed(2)} s on 1 thread`,
    );
    console.log(
      `ours GradientBoostingClassifier (${ours.trees.length} trees, ${nLeaves.toFixed(1)} leaves/tree): holdout AUC ${aucOurs.toFixed(5)} (sklearn's roc_auc_score on our p: ${sk.aucOurs.toFixed(5)}), fit ${oursSeconds.toFixed(2)} s (1 thread), predict ${Xte.rows} rows ${(predictSeconds * 1000).toFixed(0)} ms`,
    );
    console.log(
      `AUC difference ours − sklearn: ${diff >= 0 ? '+' : ''}${diff.toFixed(5)} (bar: |diff| ≤ 0.005 → ${Math.abs(diff) <= 0.005 ? 'PASS' : 'FAIL'}); |p_ours − p_sklearn| mean ${sk.meanProbaDiff.toFixed(4)}, max ${sk.maxProbaDiff.toFixed(4)}`,
    );
    console.log(`holdout log loss: ours ${sk.logLossOurs.toFixed(5)}, sklearn ${sk.logLoss.toFixed(5)}`);
    console.log(
      `fit time ratio ours / sklearn: ${(oursSeconds / sk.fitSeconds).toFixed(2)}× vs ${sk.threads} threads, ${(oursSeconds / sk.fitSeconds1Thread).toFixed(2)}× vs 1 thread`,
    );
    console.log(
      `ours with default early stopping (10% validation, patience 10): ${es.trees.length} trees of ${es.fitInfo?.roundsRun} rounds, holdout AUC ${aucEs.toFixed(5)}, fit ${esSeconds.toFixed(2)} s`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
