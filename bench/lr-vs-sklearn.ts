/**
 * Benchmark: our LogisticRegression (L-BFGS, TypeScript) vs sklearn's LogisticRegression (lbfgs) on the same
 * seeded synthetic 200,000 × 20 binary problem and the same stratified 80/20 split.
 *
 *   npx tsx bench/lr-vs-sklearn.ts
 *
 * Needs a python3 with scikit-learn (Debian: apt-get install -y python3-sklearn). The data, split and our
 * holdout predictions go to a temp folder in /tmp as raw little-endian float64/int32 files; python fits sklearn
 * there, times only `fit`, and scores both models' holdout AUC with sklearn's roc_auc_score as a cross-check.
 * Both fit with C = 1/l2 = 1: sklearn with its defaults, ours with its default tol (1e-8) and with tol 1e-5.
 * Fit times are the median of 5 fits in the same process (the first fit includes JIT warm-up on our side).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LogisticRegression, type LogisticRegressionParams } from '../lib/ml/logistic-regression';
import { type Matrix, matrix, takeRows, takeValues } from '../lib/ml/matrix';
import { rocAuc } from '../lib/ml/metrics';
import { trainTestSplit } from '../lib/ml/model-selection';
import { Rng } from '../lib/ml/rng';
import { findSklearnPython as findPython, median } from './support/reference';

const N = 200_000,
  D = 20,
  SEED = 20240601,
  REPEATS = 5;

function makeProblem(): { X: Matrix; y: Float64Array } {
  const rng = new Rng(SEED);
  const w = Array.from({ length: D }, (_, j) => (j < 15 ? 0.3 * rng.normal() : 0)); // last 5 features are noise
  const X = new Float64Array(N * D),
    y = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    const common = rng.normal(); // correlates the features (pairwise ρ = 0.25 before scaling)
    let z = -1;
    for (let j = 0; j < D; j++) {
      const scale = 1 + (j % 4),
        offset = (j % 3) - 1;
      const v = offset + scale * (0.5 * common + Math.sqrt(0.75) * rng.normal());
      X[i * D + j] = v;
      z += (w[j] / scale) * v;
    }
    y[i] = rng.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return { X: matrix(X, N, D), y };
}

/** max_j |∂F/∂θ_j| / n of our objective F at (coef, intercept): how far from the optimum a solution is. */
function meanGradNorm(X: Matrix, y: Float64Array, coef: ArrayLike<number>, b: number, l2: number): number {
  const g = new Float64Array(D + 1);
  for (let i = 0; i < X.rows; i++) {
    let z = b;
    for (let j = 0; j < D; j++) z += X.data[i * D + j] * coef[j];
    const r = 1 / (1 + Math.exp(-z)) - y[i];
    for (let j = 0; j < D; j++) g[j] += r * X.data[i * D + j];
    g[D] += r;
  }
  for (let j = 0; j < D; j++) g[j] += l2 * coef[j];
  return Math.max(...Array.from(g, Math.abs)) / X.rows;
}

const PY = String.raw`
import json, sys, time, os
import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
import sklearn
d, n, D, repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
X = np.fromfile(os.path.join(d, 'X.f64'), dtype='<f8').reshape(n, D)
y = np.fromfile(os.path.join(d, 'y.f64'), dtype='<f8')
tr = np.fromfile(os.path.join(d, 'train.i32'), dtype='<i4'); te = np.fromfile(os.path.join(d, 'test.i32'), dtype='<i4')
Xtr, ytr, Xte, yte = X[tr], y[tr], X[te], y[te]
out = {'sklearn': sklearn.__version__}
times = []
for _ in range(repeats):
    m = LogisticRegression(C=1.0)  # defaults: lbfgs, tol 1e-4, max_iter 100
    t = time.perf_counter(); m.fit(Xtr, ytr); times.append(time.perf_counter() - t)
p = m.predict_proba(Xte)[:, 1]
p.astype('<f8').tofile(os.path.join(d, 'p_sklearn.f64'))
out.update({'fitSeconds': sorted(times)[len(times) // 2], 'nIter': int(m.n_iter_[0]),
    'coef': m.coef_.ravel().tolist(), 'intercept': float(m.intercept_[0]), 'auc': roc_auc_score(yte, p),
    'aucOurs': {name: roc_auc_score(yte, np.fromfile(os.path.join(d, 'p_ours_' + name + '.f64'), dtype='<f8'))
                for name in sys.argv[5].split(',')}})
print(json.dumps(out))
`;

function main(): void {
  const python = findPython();
  const t0 = performance.now();
  const { X, y } = makeProblem();
  const split = trainTestSplit(y, 0.2, SEED);
  const Xtr = takeRows(X, split.train),
    ytr = takeValues(y, split.train);
  const Xte = takeRows(X, split.test),
    yte = takeValues(y, split.test);
  const positiveRate = y.reduce((a, b) => a + b, 0) / N;
  console.log(
    `data: ${N} × ${D}, positive rate ${(100 * positiveRate).toFixed(1)}%, train ${split.train.length}, test ${split.test.length} (generated in ${((performance.now() - t0) / 1000).toFixed(2)} s)`,
  );

  const dir = mkdtempSync(path.join(tmpdir(), 'lr-bench-'));
  try {
    writeFileSync(path.join(dir, 'X.f64'), new Uint8Array(X.data.buffer));
    writeFileSync(path.join(dir, 'y.f64'), new Uint8Array(y.buffer));
    writeFileSync(path.join(dir, 'train.i32'), new Uint8Array(split.train.buffer));
    writeFileSync(path.join(dir, 'test.i32'), new Uint8Array(split.test.buffer));

    // Ours: default (tol 1e-8 on the mean-loss gradient), and tol 1e-5 — about the optimality sklearn's defaults
    // reach on this problem (its L-BFGS-B also stops on a 2.2e-9 relative change of the objective).
    const configs: [string, LogisticRegressionParams][] = [
      ['default', {}],
      ['tol1e-5', { tol: 1e-5 }],
    ];
    const ours: Record<string, { seconds: number; model: LogisticRegression; auc: number }> = {};
    for (const [name, params] of configs) {
      const times: number[] = [];
      let model = new LogisticRegression(params);
      for (let r = 0; r < REPEATS; r++) {
        model = new LogisticRegression(params);
        const t = performance.now();
        model.fit(Xtr, ytr);
        times.push((performance.now() - t) / 1000);
      }
      const p = model.predictProba(Xte);
      writeFileSync(path.join(dir, `p_ours_${name}.f64`), new Uint8Array(p.buffer));
      ours[name] = { seconds: median(times), model, auc: rocAuc(yte, p) };
    }

    const res = spawnSync(
      python,
      ['-c', PY, dir, String(N), String(D), String(REPEATS), configs.map((c) => c[0]).join(',')],
      { encoding: 'utf8', maxBuffer: 1 << 24 },
    );
    if (res.status !== 0) throw new Error(`python failed: ${res.stderr}`);
    const sk = JSON.parse(res.stdout.trim().split('\n').pop()!) as {
      sklearn: string;
      fitSeconds: number;
      nIter: number;
      coef: number[];
      intercept: number;
      auc: number;
      aucOurs: Record<string, number>;
    };
    const pSk = new Float64Array(readFileSync(path.join(dir, 'p_sklearn.f64')).buffer.slice(0));
    const aucSk = rocAuc(yte, pSk);
    console.log(
      `python: ${python}, scikit-learn ${sk.sklearn}; C = 1/l2 = 1; fit time = median of ${REPEATS} fits in one process`,
    );
    console.log(
      `sklearn (defaults: lbfgs, tol 1e-4, max_iter 100): ${sk.nIter} iterations, fit ${sk.fitSeconds.toFixed(3)} s, holdout AUC ${aucSk.toFixed(6)} (sklearn roc_auc_score: ${sk.auc.toFixed(6)}), max|∇F|/n ${meanGradNorm(Xtr, ytr, sk.coef, sk.intercept, 1).toExponential(2)}\n`,
    );

    for (const [name] of configs) {
      const o = ours[name],
        info = o.model.fitInfo!;
      const coefOurs = o.model.coefficients;
      const maxCoefDiff = Math.max(
        ...sk.coef.map((c, j) => Math.abs(c - coefOurs[j])),
        Math.abs(sk.intercept - o.model.intercept),
      );
      console.log(
        `ours (tol ${o.model.params.tol}): ${info.iterations} iterations / ${info.evaluations} evaluations (${info.reason}), max|∇F|/n ${meanGradNorm(Xtr, ytr, coefOurs, o.model.intercept, 1).toExponential(2)}`,
      );
      console.log(
        `  holdout AUC  ours ${o.auc.toFixed(6)} (sklearn roc_auc_score: ${sk.aucOurs[name].toFixed(6)})   sklearn ${aucSk.toFixed(6)}   difference ours − sklearn ${(o.auc - aucSk).toExponential(2)}`,
      );
      console.log(
        `  fit time     ours ${o.seconds.toFixed(3)} s   sklearn ${sk.fitSeconds.toFixed(3)} s   ratio ours/sklearn ${(o.seconds / sk.fitSeconds).toFixed(2)}×`,
      );
      console.log(`  max |coefficient or intercept difference| vs sklearn ${maxCoefDiff.toExponential(2)}\n`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
