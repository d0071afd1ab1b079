/**
 * Contextual Thompson sampling over discount levels (issue 16 item 3): per customer, how likely each level is to
 * be shown when the discount is chosen by sampling the response model's uncertainty.
 *
 * The response model is logistic, P(convert | x, d) = σ(θ · [x_d, 1]) with x_d the customer's design row at level
 * d (features and the discount encoding), and its uncertainty the Laplace posterior N(θ̂, H⁻¹)
 * (lib/ml/laplace-posterior.ts). Thompson's rule: draw θ̃, show the level with the highest expected profit
 *   π_d(θ̃) = σ(θ̃ · [x_d, 1]) · (V·(1 − d) − V·(1 − m) − fixedCost)        (profit.ts)
 * so P_TS(d) = P(d maximises π(θ̃)), estimated from `draws` joint draws (seeded per customer, so a customer's
 * probabilities are a fixed function of their id and the model). With a floor ε per level:
 *   p(d) = ε + (1 − L·ε) · P_TS(d)        (every level keeps ≥ ε: estimable, and IPS weights ≤ 1/ε)
 * The level shown is drawn from p with an independent uniform, and p(level) is logged as its propensity — the
 * exact probability of that choice — so the mode can be evaluated offline (IPS/SNIPS/DR, off-policy.ts) before
 * launch like any policy, and its own log evaluates the next one.
 */
import type { LaplacePosterior } from '../../ml/laplace-posterior';
import type { Rng } from '../../ml/rng';

export interface ContextualThompsonInput {
  /** discount levels in percent */
  levels: readonly number[];
  /** the customer's design row at each level (same order as levels; no intercept column) */
  rows: readonly (readonly number[])[];
  /** posterior of [coef…, intercept] */
  posterior: LaplacePosterior;
  /** list value of the order before discount */
  orderValue: number;
  marginPct: number;
  fixedCost?: number;
  /** smallest probability of any level, in [0, 1/L] (default 0.05) */
  floor?: number;
  /** joint posterior draws (default 1,000) */
  draws?: number;
}

export interface ContextualThompsonResult {
  /** probability of showing each level (sums to 1, each ≥ floor) */
  probabilities: number[];
  /** P(level is the most profitable) under the posterior */
  probabilityBest: number[];
  /** expected profit of each level at the posterior mean θ̂ */
  profitAtMean: number[];
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

export function contextualThompson(input: ContextualThompsonInput, rng: Rng): ContextualThompsonResult {
  const { levels, rows, posterior, orderValue, marginPct, fixedCost = 0 } = input;
  const floor = input.floor ?? 0.05;
  const draws = input.draws ?? 1000;
  const L = levels.length;
  if (L < 1 || rows.length !== L) throw new RangeError('contextualThompson: one design row per level');
  if (!(floor >= 0 && floor * L <= 1 + 1e-12))
    throw new RangeError(`contextualThompson: floor must be in [0, 1/${L}] (got ${floor})`);
  if (!(Number.isInteger(draws) && draws >= 1)) throw new RangeError('contextualThompson: draws must be ≥ 1');
  const k = posterior.dim;
  for (const r of rows)
    if (r.length + 1 !== k) throw new RangeError(`contextualThompson: rows need ${k - 1} columns (got ${r.length})`);
  const margin = levels.map((d) => orderValue * (1 - d / 100) - orderValue * (1 - marginPct / 100) - fixedCost);
  const profit = (theta: ArrayLike<number>, i: number) => {
    let z = theta[k - 1];
    for (let j = 0; j < k - 1; j++) z += theta[j] * rows[i][j];
    return sigmoid(z) * margin[i];
  };
  const wins = new Float64Array(L);
  for (let t = 0; t < draws; t++) {
    const theta = posterior.sample(rng);
    let best = 0;
    let bestValue = -Infinity;
    for (let i = 0; i < L; i++) {
      const v = profit(theta, i);
      if (v > bestValue) {
        bestValue = v;
        best = i;
      }
    }
    wins[best]++;
  }
  const probabilityBest = Array.from(wins, (w) => w / draws);
  return {
    probabilities: probabilityBest.map((p) => floor + (1 - L * floor) * p),
    probabilityBest,
    profitAtMean: levels.map((_, i) => profit(posterior.mean, i)),
  };
}
