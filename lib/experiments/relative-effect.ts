/**
 * The one frequentist statistic of analyze(): the RELATIVE lift of a treatment B over the control A, its
 * delta-method variance and Welch–Satterthwaite degrees of freedom — the quantities GrowthBook's gbstats
 * `TwoSidedTTest` uses — and the test + interval built from that same statistic:
 *
 *   lift  = (μ_B − μ_A) / |μ̃_A|             μ̃ = unadjusted means (≠ μ only after CUPED; then the numerator is
 *                                            the difference of ADJUSTED means, the denominator the unadjusted
 *                                            control mean, as in gbstats)
 *   V     = σ²_B/(n_B μ̃_A²) + σ²_A μ̃_B²/(n_A μ̃_A⁴)         (delta method for a ratio of independent means)
 *   ν     = (σ²_A/n_A + σ²_B/n_B)² / ((σ²_A/n_A)²/(n_A − 1) + (σ²_B/n_B)²/(n_B − 1))   (Welch–Satterthwaite)
 *   t     = lift/√V,   p = P(|T_ν| ≥ |t|),   ci = lift ± t_{1−α/2, ν} √V
 *
 * Because p and ci come from the same t and ν, "ci excludes 0 ⇔ p < α" holds by construction. As n grows ν
 * grows and t_{1−α/2, ν} → z_{1−α/2}. |μ̃_A| (not μ̃_A) keeps the sign of the lift equal to the direction of
 * the change when the control mean is negative (a loss-making control on profit); gbstats divides by μ̃_A.
 * When μ̃_A = 0 the relative lift is undefined: `relativeEffect` returns null.
 */
import { studentTTwoSidedP, studentTUpperQuantile } from './special-functions';

export interface ArmMoments {
  n: number;
  mean: number;
  /** Sample variance of the (possibly CUPED-adjusted) metric. */
  variance: number;
  /** Mean before CUPED adjustment; defaults to `mean`. */
  unadjustedMean?: number;
}

export interface RelativeEffect {
  lift: number;
  /** Delta-method sampling variance V of the lift. */
  variance: number;
  /** Welch–Satterthwaite df (Infinity when both variances are 0). */
  df: number;
}

export interface RelativeTTest {
  statistic: number;
  df: number;
  pValue: number;
  ci: [number, number];
}

/** Welch–Satterthwaite df of the difference of two means (Infinity when both sampling variances are 0). */
export function welchDf(a: ArmMoments, b: ArmMoments): number {
  const qA = a.variance / a.n;
  const qB = b.variance / b.n;
  const den = (qA * qA) / (a.n - 1) + (qB * qB) / (b.n - 1);
  return den > 0 ? (qA + qB) ** 2 / den : Infinity;
}

/** Relative lift of b over a with its delta-method variance and Welch df; null when a's unadjusted mean is 0. */
export function relativeEffect(a: ArmMoments, b: ArmMoments): RelativeEffect | null {
  for (const [label, arm] of [
    ['a', a],
    ['b', b],
  ] as const) {
    if (!(arm.n >= 2) || !(arm.variance >= 0) || ![arm.mean, arm.variance].every(Number.isFinite)) {
      throw new RangeError(`relativeEffect: arm ${label} needs n >= 2, finite mean and variance >= 0`);
    }
  }
  const baseA = a.unadjustedMean ?? a.mean;
  const baseB = b.unadjustedMean ?? b.mean;
  if (baseA === 0) return null;
  const lift = (b.mean - a.mean) / Math.abs(baseA);
  const variance = b.variance / (b.n * baseA * baseA) + (a.variance * baseB * baseB) / (a.n * baseA ** 4);
  return { lift, variance, df: welchDf(a, b) };
}

/** Two-sided t-test of lift = 0 and the (1 − alpha) interval from the same statistic and df. */
export function relativeTTest(effect: RelativeEffect, alpha = 0.05): RelativeTTest {
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`relativeTTest: alpha must be in (0, 1) (got ${alpha})`);
  const { lift, variance, df } = effect;
  if (variance === 0) {
    // No sampling noise: any non-zero lift is certain, a zero lift is no evidence.
    return { statistic: lift === 0 ? 0 : Math.sign(lift) * Infinity, df, pValue: lift === 0 ? 1 : 0, ci: [lift, lift] };
  }
  const se = Math.sqrt(variance);
  const statistic = lift / se;
  const half = studentTUpperQuantile(alpha, df) * se;
  return { statistic, df, pValue: studentTTwoSidedP(statistic, df), ci: [lift - half, lift + half] };
}
