/**
 * Fixed-horizon two-sample tests and the delta-method interval for a relative lift.
 *
 * Two-proportion z-test (pooled):  p̂ = (s_A + s_B)/(n_A + n_B),
 *   z = (p̂_B − p̂_A) / √(p̂(1 − p̂)(1/n_A + 1/n_B)),  p = 2(1 − Φ(|z|)).
 *   (= statsmodels.stats.proportion.proportions_ztest, = chi-square test of the 2×2 table without continuity
 *   correction.)
 * Welch t-test:  t = (x̄_B − x̄_A)/√(v_A/n_A + v_B/n_B),
 *   df = (v_A/n_A + v_B/n_B)² / ((v_A/n_A)²/(n_A − 1) + (v_B/n_B)²/(n_B − 1)),  p = 2(1 − F_t(|t|; df)).
 *   (= scipy.stats.ttest_ind(..., equal_var=False).)
 * Relative lift by the delta method on the ratio of two independent means R = μ_B/μ_A:
 *   lift = R̂ − 1,  Var(R̂) ≈ se_B²/μ_A² + μ_B² se_A²/μ_A⁴,  CI = lift ± z_{1−α/2} √Var(R̂).
 */
import { normalQuantile, normalSf, studentTTwoSidedP } from './special-functions';

export interface TestResult {
  /** z or t statistic (±Infinity when the spread is 0 but the means differ). */
  statistic: number;
  /** Welch–Satterthwaite degrees of freedom, or null for the z-test. */
  df: number | null;
  /** Two-sided p-value. */
  pValue: number;
}

/** Pooled two-proportion z-test of control (nA, sA) against treatment (nB, sB). */
export function twoProportionZTest(nA: number, sA: number, nB: number, sB: number): TestResult {
  if (!(nA > 0 && nB > 0) || sA < 0 || sB < 0 || sA > nA || sB > nB) {
    throw new RangeError(`twoProportionZTest: need 0 <= s <= n and n > 0 (got ${sA}/${nA}, ${sB}/${nB})`);
  }
  const pooled = (sA + sB) / (nA + nB);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / nA + 1 / nB));
  const diff = sB / nB - sA / nA;
  if (se === 0) return { statistic: 0, df: null, pValue: 1 }; // pooled rate 0 or 1: both arms identical
  const z = diff / se;
  return { statistic: z, df: null, pValue: Math.min(1, 2 * normalSf(Math.abs(z))) };
}

/** Welch's unequal-variance t-test from means, sample variances (n − 1 denominator) and sizes. */
export function welchTTest(
  meanA: number,
  varA: number,
  nA: number,
  meanB: number,
  varB: number,
  nB: number,
): TestResult {
  if (!(nA >= 2 && nB >= 2) || !(varA >= 0 && varB >= 0)) {
    throw new RangeError(`welchTTest: need n >= 2 and variances >= 0 (got n=${nA},${nB}, var=${varA},${varB})`);
  }
  const qA = varA / nA;
  const qB = varB / nB;
  const se2 = qA + qB;
  const diff = meanB - meanA;
  if (se2 === 0) {
    return { statistic: diff === 0 ? 0 : diff * Infinity, df: nA + nB - 2, pValue: diff === 0 ? 1 : 0 };
  }
  const df = (se2 * se2) / ((qA * qA) / (nA - 1) + (qB * qB) / (nB - 1));
  const t = diff / Math.sqrt(se2);
  return { statistic: t, df, pValue: studentTTwoSidedP(t, df) };
}

export interface RelativeLift {
  /** μ_B/μ_A − 1 */
  lift: number;
  /** Delta-method variance of the ratio (and so of the lift). */
  variance: number;
  ci: [number, number];
}

/**
 * Relative lift of B over A with a delta-method (1 − alpha) interval; null when meanA is 0 (undefined ratio).
 * `seA`, `seB` are the standard errors of the two means.
 */
export function deltaMethodRelativeLift(
  meanA: number,
  seA: number,
  meanB: number,
  seB: number,
  alpha = 0.05,
): RelativeLift | null {
  if (![meanA, seA, meanB, seB].every(Number.isFinite) || seA < 0 || seB < 0) {
    throw new RangeError('deltaMethodRelativeLift: need finite means and standard errors >= 0');
  }
  if (!(alpha > 0 && alpha < 1))
    throw new RangeError(`deltaMethodRelativeLift: alpha must be in (0, 1) (got ${alpha})`);
  if (meanA === 0) return null;
  const ratio = meanB / meanA;
  const variance = (seB * seB) / (meanA * meanA) + (meanB * meanB * seA * seA) / meanA ** 4;
  const half = normalQuantile(1 - alpha / 2) * Math.sqrt(variance);
  const lift = ratio - 1;
  return { lift, variance, ci: [lift - half, lift + half] };
}
