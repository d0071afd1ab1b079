/**
 * Inverse-propensity estimates of each arm's mean reward from a log whose allocation changed over time.
 * Every logged decision carries the probability p with which its arm was chosen at that moment, so with
 * z_t = 1[a_t = a] · y_t / p_t and w_t = 1[a_t = a] / p_t:
 *   IPS (Horvitz–Thompson):  μ̂_a = (1/N) Σ_t z_t                 (unbiased)
 *   SNIPS (Hájek):           μ̂_a = Σ_t z_t / Σ_t w_t             (self-normalised, lower variance)
 * whereas the plain per-arm mean is biased when the allocation drifts together with the reward (e.g. by day).
 * Standard errors: IPS — the sample sd of z over √N; SNIPS — the delta method for a ratio,
 *   se² = Σ_t (z_t − μ̂ w_t)² / (N (N − 1)) / w̄²,  w̄ = (1/N) Σ_t w_t.
 * Intervals are μ̂ ± z_{1−α/2} · se (normal approximation; needs a few dozen customers per arm).
 */
import { normalQuantile } from '../special-functions';

export interface LoggedDecision {
  arm: number;
  /** probability with which `arm` was chosen for this customer */
  probability: number;
  reward: number;
}

export interface IpsEstimates {
  ips: number[];
  snips: number[];
  ipsSe: number[];
  snipsSe: number[];
}

export function ipsEstimates(log: readonly LoggedDecision[], armCount: number): IpsEstimates {
  const num = new Float64Array(armCount);
  const den = new Float64Array(armCount);
  for (const d of log) {
    if (!(d.probability > 0 && d.probability <= 1)) {
      throw new RangeError(`ipsEstimates: probability must be in (0, 1] (got ${d.probability})`);
    }
    if (!(Number.isInteger(d.arm) && d.arm >= 0 && d.arm < armCount)) {
      throw new RangeError(`ipsEstimates: arm ${d.arm} out of range`);
    }
    num[d.arm] += d.reward / d.probability;
    den[d.arm] += 1 / d.probability;
  }
  const N = log.length;
  const ips = Array.from(num, (s) => (N > 0 ? s / N : 0));
  const snips = Array.from(num, (s, i) => (den[i] > 0 ? s / den[i] : 0));
  // second pass: Σ (z − ips)² and Σ (z − snips·w)² per arm (rows of other arms contribute z = w = 0)
  const ssIps = new Float64Array(armCount);
  const ssSnips = new Float64Array(armCount);
  const inArm = new Float64Array(armCount);
  for (const d of log) {
    const z = d.reward / d.probability;
    const w = 1 / d.probability;
    ssIps[d.arm] += (z - ips[d.arm]) ** 2;
    ssSnips[d.arm] += (z - snips[d.arm] * w) ** 2;
    inArm[d.arm]++;
  }
  const ipsSe = ips.map((m, a) =>
    N > 1 ? Math.sqrt((ssIps[a] + (N - inArm[a]) * m * m) / (N * (N - 1))) : Number.NaN,
  );
  const snipsSe = snips.map((_, a) => {
    const wBar = den[a] / N;
    return N > 1 && wBar > 0 ? Math.sqrt(ssSnips[a] / (N * (N - 1))) / wBar : Number.NaN;
  });
  return { ips, snips, ipsSe, snipsSe };
}

/** Two-sided (1 − alpha) normal interval around each estimate. */
export function normalIntervals(est: number[], se: number[], alpha = 0.05): [number, number][] {
  const q = normalQuantile(1 - alpha / 2);
  return est.map((m, i) => [m - q * se[i], m + q * se[i]]);
}
