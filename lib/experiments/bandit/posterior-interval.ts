/**
 * Central credible intervals of an arm's posterior (thompson.ts): Beta(1 + s, 1 + n − s) for conversion — exact
 * quantiles by bisection on the regularized incomplete beta (60 halvings: error < 2⁻⁶⁰) — and Normal(mean, sd²)
 * for profit per customer.
 */
import { normalQuantile, regularizedBeta } from '../special-functions';
import type { ArmStats, BanditMetric } from './thompson';

export function betaQuantile(p: number, a: number, b: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`betaQuantile: p must be in [0, 1] (got ${p})`);
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (regularizedBeta(mid, a, b) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** (1 − alpha) central interval of the arm's mean reward under its posterior. */
export function posteriorInterval(
  arm: ArmStats,
  posterior: { mean: number; sd: number },
  metric: BanditMetric,
  alpha = 0.05,
): [number, number] {
  if (metric === 'conversion') {
    const a = 1 + arm.sum;
    const b = 1 + arm.n - arm.sum;
    return [betaQuantile(alpha / 2, a, b), betaQuantile(1 - alpha / 2, a, b)];
  }
  const q = normalQuantile(1 - alpha / 2);
  return [posterior.mean - q * posterior.sd, posterior.mean + q * posterior.sd];
}
