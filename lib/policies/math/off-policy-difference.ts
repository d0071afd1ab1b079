/**
 * Paired off-policy difference (pure): the IPS estimate of  V(target) − V(baseline)  for one metric, on the same
 * logged rows, with its interval. Because both policies are weighed on the same rows, the difference has a much
 * smaller variance than two separate intervals suggest; its influence per row is
 *   φ_i = (π_target(d_i | x_i) − π_baseline(d_i | x_i)) / μ_i · y_i ,   V̂ = mean(φ),  se = sd(φ)/√n,
 * CI = V̂ ± z_{1−α/2}·se. A policy answers a discount (probability 1 on it) or a distribution {discount: probability}
 * (a stochastic policy such as the contextual mode); y from rowOutcome (the definitions of off-policy.ts).
 * Equals IPS(target) − IPS(baseline) exactly.
 */
import { normalQuantile } from '../../experiments/special-functions';
import { type LoggedExposure, type MetricConfig, type OffPolicyMetric, rowOutcome } from './off-policy';

export function ipsDifference<R extends LoggedExposure>(
  opts: {
    log: readonly R[];
    target: (row: R) => number | Record<number, number>;
    baseline: (row: R) => number | Record<number, number>;
    metric: OffPolicyMetric;
    alpha?: number;
  } & MetricConfig,
): { value: number; se: number; ci: [number, number] } {
  const { log, target, baseline, metric, alpha = 0.05 } = opts;
  const n = log.length;
  if (n < 2) throw new RangeError('ipsDifference needs at least two logged rows');
  const phi = log.map((r) => {
    const w = (mass(target(r), r.discountPct) - mass(baseline(r), r.discountPct)) / r.propensity;
    return w === 0 ? 0 : w * rowOutcome(r, metric, opts);
  });
  const value = phi.reduce((s, x) => s + x, 0) / n;
  const variance = phi.reduce((s, x) => s + (x - value) ** 2, 0) / (n - 1);
  const se = Math.sqrt(variance / n);
  const z = normalQuantile(1 - alpha / 2);
  return { value, se, ci: [value - z * se, value + z * se] };
}

/** A policy's probability of discount d: 1/0 for a deterministic answer, the listed probability otherwise. */
function mass(answer: number | Record<number, number>, d: number): number {
  return typeof answer === 'number' ? Number(answer === d) : (answer[d] ?? 0);
}
