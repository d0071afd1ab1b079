/**
 * Planning before launch: how many customers (and days) an experiment needs to detect a relative minimum
 * detectable effect (MDE) δ with the test analyze() runs — the relative t-test of relative-effect.ts, whose
 * sampling variance with n customers per arm, control mean μ, control variance σ²_A and treatment variance σ²_B
 * (treatment mean μ(1 + δ)) is
 *
 *   V(n) = (σ²_B + σ²_A (1 + δ)²) / (n μ²)
 *
 * Two-sided level α, power 1 − β (normal approximation, the t quantile → z at these sizes):
 *
 *   n per arm = (z_{1−α'/2} + z_{1−β})² · (σ²_B + σ²_A (1 + δ)²) / (μ² δ²),   α' = α/(arms − 1) (Bonferroni)
 *
 * Conversion: σ²_A = p(1 − p), σ²_B = p(1 + δ)(1 − p(1 + δ)). Profit (mean metric): σ²_B = σ²_A (same spread).
 * Days = ⌈arms · n / daily new customers⌉, with an equal split across arms.
 */
import { normalCdf, normalQuantile } from './special-functions';

export interface SampleSizeInput {
  metric: 'binomial' | 'mean';
  /** Control mean: a conversion rate in (0, 1) or a mean (e.g. profit per customer, ≠ 0). */
  baselineMean: number;
  /** Per-customer variance of the metric in the control (ignored for binomial: p(1 − p)). */
  variance?: number;
  /** Relative minimum detectable effect, e.g. 0.05 for +5 %. */
  mde: number;
  alpha?: number;
  power?: number;
  /** Number of arms including the control (equal split). */
  arms?: number;
  /** New customers entering the experiment per day (all arms together). */
  dailyTraffic?: number | null;
}

export interface SampleSizePlan {
  perArm: number;
  total: number;
  /** Days to collect `total` at `dailyTraffic`; null without traffic. */
  days: number | null;
  alpha: number;
  power: number;
  arms: number;
}

function armVariances(input: SampleSizeInput): [number, number] {
  const { metric, baselineMean: mu, mde } = input;
  if (metric === 'binomial') {
    const pB = mu * (1 + mde);
    if (!(mu > 0 && mu < 1) || !(pB > 0 && pB < 1)) {
      throw new RangeError(`sampleSize: conversion ${mu} with MDE ${mde} leaves (0, 1)`);
    }
    return [mu * (1 - mu), pB * (1 - pB)];
  }
  const v = input.variance;
  if (v === undefined || !(v >= 0) || !Number.isFinite(v)) throw new RangeError('sampleSize: need a variance >= 0');
  return [v, v];
}

/** Customers per arm, in total, and days needed to detect a relative effect `mde`. */
export function sampleSize(input: SampleSizeInput): SampleSizePlan {
  const alpha = input.alpha ?? 0.05;
  const power = input.power ?? 0.8;
  const arms = input.arms ?? 2;
  if (!(alpha > 0 && alpha < 1) || !(power > 0 && power < 1)) {
    throw new RangeError('sampleSize: alpha and power must be in (0, 1)');
  }
  if (!Number.isInteger(arms) || arms < 2) throw new RangeError('sampleSize: arms must be an integer >= 2');
  if (!(input.mde !== 0 && Number.isFinite(input.mde))) throw new RangeError('sampleSize: mde must be non-zero');
  if (!(input.baselineMean !== 0 && Number.isFinite(input.baselineMean))) {
    throw new RangeError('sampleSize: the baseline mean must be non-zero (a relative effect needs a base)');
  }
  const [varA, varB] = armVariances(input);
  const z = normalQuantile(1 - alpha / (arms - 1) / 2) + normalQuantile(power);
  const { baselineMean: mu, mde } = input;
  const perArm = Math.max(2, Math.ceil((z * z * (varB + varA * (1 + mde) ** 2)) / (mu * mu * mde * mde)));
  const total = perArm * arms;
  const traffic = input.dailyTraffic;
  const days = traffic && traffic > 0 ? Math.ceil(total / traffic) : null;
  return { perArm, total, days, alpha, power, arms };
}

/** Power of the relative test with `perArm` customers per arm for a true relative effect `mde` (normal approx.). */
export function powerAt(input: Omit<SampleSizeInput, 'power'>, perArm: number): number {
  const alpha = input.alpha ?? 0.05;
  const arms = input.arms ?? 2;
  const [varA, varB] = armVariances(input);
  const { baselineMean: mu, mde } = input;
  const se = Math.sqrt((varB + varA * (1 + mde) ** 2) / (perArm * mu * mu));
  return normalCdf(Math.abs(mde) / se - normalQuantile(1 - alpha / (arms - 1) / 2));
}

export interface DaysToDecisionInput extends Omit<SampleSizeInput, 'dailyTraffic'> {
  /** Customers enrolled so far, all arms together. */
  enrolled: number;
  /** Days the experiment has been running (> 0). */
  daysRunning: number;
}

/**
 * "Days to a decision" for a running experiment: the customers still needed for the planned sample size at
 * the observed enrolment rate (enrolled / daysRunning). 0 once enough are enrolled; null before any enrolment.
 */
export function daysToDecision(input: DaysToDecisionInput): {
  remaining: number;
  days: number | null;
  plan: SampleSizePlan;
} {
  const plan = sampleSize({ ...input, dailyTraffic: null });
  const remaining = Math.max(0, plan.total - input.enrolled);
  if (remaining === 0) return { remaining, days: 0, plan };
  if (!(input.daysRunning > 0) || input.enrolled <= 0) return { remaining, days: null, plan };
  return { remaining, days: Math.ceil(remaining / (input.enrolled / input.daysRunning)), plan };
}
