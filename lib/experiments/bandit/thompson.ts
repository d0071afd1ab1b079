/**
 * Thompson-sampling traffic allocation among discount arms (pure; randomness from a seeded Rng).
 *
 * Posterior of each arm's mean reward:
 *   conversion — Beta(1 + s, 1 + n − s) (uniform prior);
 *   profit per customer — Normal(ȳ, s²/n) (flat prior on the mean, sample variance s²; an arm with fewer than
 *   2 customers borrows the pooled variance of all arms, and one with none gets an effectively flat N(pooled
 *   mean, pooled variance × 1e4)).
 * P(arm is best) and the expected loss E[max_j θ_j − θ_i] are Monte-Carlo integrals over `draws` joint draws.
 * Allocation = probability matching (Thompson's rule in expectation) with a floor:
 *   w_i = minShare + (1 − k·minShare) · P(best_i)
 * so every arm keeps at least minShare of traffic and stays estimable. Until every arm has `burnIn`
 * customers the split is even ("burn-in").
 */
import type { Rng } from '../../ml/rng';

export type BanditMetric = 'profit' | 'conversion';

export interface ArmStats {
  name: string;
  /** customers assigned to the arm so far */
  n: number;
  /** Σ reward (conversions, or profit) */
  sum: number;
  /** Σ reward² (profit; for conversion = sum) */
  sumSquares: number;
}

export interface BanditSettings {
  metric: BanditMetric;
  /** smallest share of traffic any arm gets (default 0.05) */
  minShare?: number;
  /** customers per arm before the allocation leaves the even split (default 100) */
  burnIn?: number;
  /** Monte-Carlo draws for P(best) and expected loss (default 10,000) */
  draws?: number;
}

export interface ArmPosterior {
  mean: number;
  sd: number;
}

export interface Allocation {
  phase: 'burn-in' | 'thompson';
  weights: number[];
  probabilityBest: number[];
  expectedLoss: number[];
  posteriors: ArmPosterior[];
}

/** Marsaglia–Tsang gamma(shape, 1) draw (shape ≥ 1 here: Beta posteriors have α, β ≥ 1). */
function gammaDraw(rng: Rng, shape: number): number {
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = rng.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.next();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

function betaDraw(rng: Rng, a: number, b: number): number {
  const x = gammaDraw(rng, a);
  return x / (x + gammaDraw(rng, b));
}

function validate(arms: ArmStats[], minShare: number): void {
  if (arms.length < 2) throw new RangeError('bandit: need at least 2 arms');
  if (!(minShare >= 0 && minShare * arms.length <= 1)) {
    throw new RangeError(`bandit: minShare must be in [0, 1/${arms.length}] (got ${minShare})`);
  }
  for (const a of arms) {
    if (!(Number.isInteger(a.n) && a.n >= 0) || ![a.sum, a.sumSquares].every(Number.isFinite)) {
      throw new RangeError(`bandit: arm "${a.name}" needs an integer n >= 0 and finite sums`);
    }
  }
}

/** Posterior mean and sd of each arm's mean reward. */
export function armPosteriors(arms: ArmStats[], metric: BanditMetric): ArmPosterior[] {
  if (metric === 'conversion') {
    return arms.map((a) => {
      const al = 1 + a.sum;
      const be = 1 + a.n - a.sum;
      const s = al + be;
      return { mean: al / s, sd: Math.sqrt((al * be) / (s * s * (s + 1))) };
    });
  }
  const N = arms.reduce((t, a) => t + a.n, 0);
  const S = arms.reduce((t, a) => t + a.sum, 0);
  const SS = arms.reduce((t, a) => t + a.sumSquares, 0);
  const pooledMean = N > 0 ? S / N : 0;
  const pooledVar = N > 1 ? Math.max((SS - (S * S) / N) / (N - 1), 1e-12) : 1;
  return arms.map((a) => {
    if (a.n === 0) return { mean: pooledMean, sd: Math.sqrt(pooledVar * 1e4) };
    const mean = a.sum / a.n;
    const v = a.n >= 2 ? Math.max((a.sumSquares - (a.sum * a.sum) / a.n) / (a.n - 1), 1e-12) : pooledVar;
    return { mean, sd: Math.sqrt(v / a.n) };
  });
}

/** Next allocation of traffic: burn-in even split, then Thompson probability matching with a floor. */
export function thompsonAllocation(arms: ArmStats[], settings: BanditSettings, rng: Rng): Allocation {
  const minShare = settings.minShare ?? 0.05;
  const burnIn = settings.burnIn ?? 100;
  const draws = settings.draws ?? 10_000;
  validate(arms, minShare);
  const k = arms.length;
  const posteriors = armPosteriors(arms, settings.metric);
  const wins = new Float64Array(k);
  const loss = new Float64Array(k);
  const theta = new Float64Array(k);
  for (let d = 0; d < draws; d++) {
    let best = 0;
    for (let i = 0; i < k; i++) {
      theta[i] =
        settings.metric === 'conversion'
          ? betaDraw(rng, 1 + arms[i].sum, 1 + arms[i].n - arms[i].sum)
          : posteriors[i].mean + posteriors[i].sd * rng.normal();
      if (theta[i] > theta[best]) best = i;
    }
    wins[best]++;
    for (let i = 0; i < k; i++) loss[i] += theta[best] - theta[i];
  }
  const probabilityBest = Array.from(wins, (w) => w / draws);
  const expectedLoss = Array.from(loss, (l) => l / draws);
  const inBurnIn = arms.some((a) => a.n < burnIn);
  const weights = inBurnIn ? arms.map(() => 1 / k) : probabilityBest.map((p) => minShare + (1 - k * minShare) * p);
  return { phase: inBurnIn ? 'burn-in' : 'thompson', weights, probabilityBest, expectedLoss, posteriors };
}

/** Picks an arm index with probabilities `weights` (sum 1). */
export function drawArm(weights: readonly number[], rng: Rng): number {
  const u = rng.next();
  let acc = 0;
  for (let i = 0; i < weights.length; i++) {
    acc += weights[i];
    if (u < acc) return i;
  }
  return weights.length - 1;
}
