import { assertBinaryTarget, type Matrix } from './matrix';
import { logLoss, rocAuc } from './metrics';
import { Rng } from './rng';

/**
 * Permutation importance (Breiman 2001; sklearn.inspection.permutation_importance): the drop of a score when one
 * column's values are shuffled across rows, which breaks that feature's link with the target while keeping its
 * distribution.
 *   importance_j = score(X, y) − score(X with column j permuted, y)   (for a loss: permuted − baseline),
 * repeated nRepeats times per feature; mean and (population, ddof = 0, as sklearn) standard deviation reported.
 * Draw order (for reproducibility): for j = 0..d−1, for r = 0..nRepeats−1, one `rng.shuffle` of the row indices
 * 0..n−1 (a fresh identity array each time) from a single Rng(seed).
 */

export type ImportanceMetric = 'auc' | 'logloss';

export interface PermutationImportanceOptions {
  /** Shuffles per feature. Default 5. */
  nRepeats?: number;
  /** Seed of the shuffles. Default 42. */
  seed?: number;
  /** 'auc' (rocAuc, higher is better) or 'logloss' (lower is better; predict must return probabilities). Default 'auc'. */
  metric?: ImportanceMetric;
}

export interface PermutationImportanceResult {
  /** Score on the unpermuted data. */
  baseline: number;
  /** Mean drop per feature (positive = the feature helps). */
  mean: Float64Array;
  /** Population standard deviation of the drop per feature. */
  std: Float64Array;
  /** drops[j][r]: drop for feature j, repeat r. */
  drops: Float64Array[];
}

export function permutationImportance(
  predict: (X: Matrix) => Float64Array,
  X: Matrix,
  y: Float64Array,
  opts: PermutationImportanceOptions = {},
): PermutationImportanceResult {
  const { nRepeats = 5, seed = 42, metric = 'auc' } = opts;
  if (!Number.isInteger(nRepeats) || nRepeats < 1)
    throw new RangeError(`permutationImportance: nRepeats must be a positive integer (got ${nRepeats})`);
  if (metric !== 'auc' && metric !== 'logloss')
    throw new TypeError(`permutationImportance: unknown metric ${String(metric)}`);
  assertBinaryTarget(X, y);
  const { rows: n, cols: d } = X;
  const score = (Xs: Matrix): number => {
    const p = predict(Xs);
    if (p.length !== n)
      throw new RangeError(`permutationImportance: predict returned ${p.length} values for ${n} rows`);
    return metric === 'auc' ? rocAuc(y, p) : -logLoss(y, p); // higher is better in both cases
  };
  const baseline = score(X);
  const work = X.data.slice();
  const Xw: Matrix = { data: work, rows: n, cols: d };
  const rng = new Rng(seed);
  const mean = new Float64Array(d),
    std = new Float64Array(d);
  const drops: Float64Array[] = [];
  for (let j = 0; j < d; j++) {
    const dj = new Float64Array(nRepeats);
    for (let r = 0; r < nRepeats; r++) {
      const perm = rng.shuffle(Int32Array.from({ length: n }, (_, i) => i));
      for (let i = 0; i < n; i++) work[i * d + j] = X.data[perm[i] * d + j];
      dj[r] = baseline - score(Xw);
    }
    for (let i = 0; i < n; i++) work[i * d + j] = X.data[i * d + j]; // restore column j
    let s = 0;
    for (const v of dj) s += v;
    mean[j] = s / nRepeats;
    let ss = 0;
    for (const v of dj) ss += (v - mean[j]) ** 2;
    std[j] = Math.sqrt(ss / nRepeats);
    drops.push(dj);
  }
  return { baseline: metric === 'auc' ? baseline : -baseline, mean, std, drops };
}
