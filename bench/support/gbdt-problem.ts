import { type Matrix, matrix } from '../../lib/ml/matrix';
import { Rng } from '../../lib/ml/rng';

/** Seed of the GBDT benchmark problem (also the seed of its stratified 80/20 split). */
export const GBDT_SEED = 20240607;
export const GBDT_FEATURES = 20;

/** The same parameters on every side (ours, sklearn, XGBoost): 200 rounds, no early stopping. */
export const GBDT_PARAMS = {
  nEstimators: 200,
  learningRate: 0.1,
  maxLeaves: 31,
  maxDepth: 6,
  minSamplesLeaf: 20,
  lambda: 1,
  maxBins: 255,
  validationFraction: 0,
};

/**
 * n × 20 seeded NON-LINEAR binary problem: x0..x5 ~ N(0, 1), x6..x9 ~ U(0, 1), x10..x11 integer counts 0..9,
 * x12..x19 correlated noise (ρ 0.5 with x0..x7).
 * logit = 1.5 sin(2 x0) + x1·x2 + 1.2·[x3 > 0.5] − 0.8 |x4| + 0.6 x5² − 0.6
 *         + 2 (x6 − 0.5)(x7 − 0.5)·4 + 1.5·[x8 > 0.7 and x9 < 0.4] + 0.15 (x10 − x11) − 0.3
 * y ~ Bernoulli(sigmoid(logit)): interactions, thresholds and curvature no linear model captures. The first n rows
 * of a larger problem are the rows of the smaller one (one random stream).
 */
export function makeGbdtProblem(n: number): { X: Matrix; y: Float64Array } {
  const D = GBDT_FEATURES;
  const rng = new Rng(GBDT_SEED);
  const X = new Float64Array(n * D),
    y = new Float64Array(n);
  const x = new Float64Array(D);
  for (let i = 0; i < n; i++) {
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
  return { X: matrix(X, n, D), y };
}
