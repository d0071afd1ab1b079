/**
 * Sample ratio mismatch (SRM) check: Pearson chi-square goodness of fit of the observed unit counts per
 * variant against the intended traffic split.
 *
 *   E_i = N · w_i / Σw,   χ² = Σ (O_i − E_i)² / E_i,   df = k − 1,   p = P(χ²_df ≥ χ²) = Q(df/2, χ²/2)
 *
 * Matches scipy.stats.chisquare(f_obs, f_exp). An SRM (`mismatch`) is flagged at p < 0.001 by default:
 * the usual threshold, strict because the check runs on every look at every experiment.
 */
import { chiSquareSf } from './special-functions';

export interface ChiSquareResult {
  statistic: number;
  df: number;
  pValue: number;
}

export interface SrmResult extends ChiSquareResult {
  /** Expected counts E_i under the intended split. */
  expected: number[];
  /** True when pValue < threshold. */
  mismatch: boolean;
  threshold: number;
}

/** Pearson chi-square goodness of fit of `observed` counts against (unnormalised) `expectedWeights`. */
export function chiSquareGoodnessOfFit(
  observed: ArrayLike<number>,
  expectedWeights: ArrayLike<number>,
): ChiSquareResult & { expected: number[] } {
  const k = observed.length;
  if (k < 2) throw new RangeError(`chiSquareGoodnessOfFit: need at least 2 categories (got ${k})`);
  if (expectedWeights.length !== k) {
    throw new RangeError(`chiSquareGoodnessOfFit: ${k} observed counts but ${expectedWeights.length} weights`);
  }
  let total = 0;
  let weightSum = 0;
  for (let i = 0; i < k; i++) {
    if (!(observed[i] >= 0) || !Number.isFinite(observed[i])) {
      throw new RangeError(`chiSquareGoodnessOfFit: observed[${i}] must be a finite count >= 0 (got ${observed[i]})`);
    }
    if (!(expectedWeights[i] > 0) || !Number.isFinite(expectedWeights[i])) {
      throw new RangeError(`chiSquareGoodnessOfFit: weight ${i} must be finite and > 0 (got ${expectedWeights[i]})`);
    }
    total += observed[i];
    weightSum += expectedWeights[i];
  }
  if (total === 0) throw new RangeError('chiSquareGoodnessOfFit: all observed counts are 0');
  const expected = Array.from(expectedWeights, (w) => (total * w) / weightSum);
  let statistic = 0;
  for (let i = 0; i < k; i++) statistic += (observed[i] - expected[i]) ** 2 / expected[i];
  const df = k - 1;
  return { statistic, df, pValue: chiSquareSf(statistic, df), expected };
}

/**
 * SRM check on per-variant unit counts `counts` against the intended `expectedWeights`.
 * @param threshold p-value below which a mismatch is flagged (default 0.001).
 */
export function sampleRatioMismatch(
  counts: ArrayLike<number>,
  expectedWeights: ArrayLike<number>,
  threshold = 0.001,
): SrmResult {
  if (!(threshold > 0 && threshold < 1))
    throw new RangeError(`sampleRatioMismatch: threshold must be in (0, 1) (got ${threshold})`);
  const fit = chiSquareGoodnessOfFit(counts, expectedWeights);
  return { ...fit, mismatch: fit.pValue < threshold, threshold };
}
