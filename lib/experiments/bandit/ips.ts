/**
 * Inverse-propensity estimates of each arm's mean reward from a log whose allocation changed over time.
 * Every logged decision carries the probability p with which its arm was chosen at that moment, so
 *   IPS (Horvitz–Thompson):  μ̂_a = (1/N) Σ_t 1[a_t = a] · y_t / p_t            (unbiased)
 *   SNIPS (Hájek):           μ̂_a = Σ_t 1[a_t = a] y_t/p_t  /  Σ_t 1[a_t = a]/p_t   (self-normalised, lower variance)
 * whereas the plain per-arm mean is biased when the allocation drifts together with the reward (e.g. by day).
 */
export interface LoggedDecision {
  arm: number;
  /** probability with which `arm` was chosen for this customer */
  probability: number;
  reward: number;
}

export function ipsEstimates(log: readonly LoggedDecision[], armCount: number): { ips: number[]; snips: number[] } {
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
  return {
    ips: Array.from(num, (s) => (N > 0 ? s / N : 0)),
    snips: Array.from(num, (s, i) => (den[i] > 0 ? s / den[i] : 0)),
  };
}
