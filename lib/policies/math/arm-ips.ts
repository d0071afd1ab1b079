/**
 * IPS value of "everyone gets arm A" from logged decisions of a randomised split (pure):
 *   V̂ = (1/n) Σ 1[arm_i = A] · y_i / p_i ,   se = sd(φ)/√n ,   CI = V̂ ± z_{1−α/2}·se
 * where p_i is the logged probability of the arm the decision fell in. Unbiased whenever the logged probabilities
 * are the true assignment probabilities (tested by simulation in the rollout integration test).
 */
import { normalQuantile } from '../../experiments/special-functions';

export function armIpsValue(
  rows: readonly { arm: string; probability: number; y: number }[],
  arm: string,
  alpha = 0.05,
): { value: number; se: number; ci: [number, number] } {
  const n = rows.length;
  if (n < 2) throw new RangeError('armIpsValue needs at least two logged decisions');
  const phi = rows.map((r) => {
    if (!(r.probability > 0 && r.probability <= 1))
      throw new RangeError(`probability must be in (0, 1] (got ${r.probability})`);
    return r.arm === arm ? r.y / r.probability : 0;
  });
  const value = phi.reduce((s, x) => s + x, 0) / n;
  const se = Math.sqrt(phi.reduce((s, x) => s + (x - value) ** 2, 0) / (n - 1) / n);
  const z = normalQuantile(1 - alpha / 2);
  return { value, se, ci: [value - z * se, value + z * se] };
}
