/**
 * Off-policy evaluation: what a TARGET discount policy would have earned, estimated from a log of randomised
 * offer exposures (each row: the discount d_i shown, the probability μ_i = P(d_i | x_i) with which the logging
 * policy chose it, and the outcome). Pure functions — no I/O.
 *
 * PER-ROW OUTCOMES (realised; the same definitions as profit.ts and lib/experiments):
 *   V_i  = orderValue if given, else revenue / (1 − d_i/100)            (list value before discount)
 *   conversion   y = converted (0/1)
 *   revenue      y = revenue (0 when not converted; what the customer paid = V·(1 − d))
 *   discountCost y = converted · V·d                                     (list value given away)
 *   profit       y = converted · (revenue − V·(1 − m) − fixedCost)       (revenue − cost of goods − fixed cost)
 *   with m = marginPct/100. The value of a policy for a metric is E_x[ Σ_d π(d|x) E(y | x, d) ] per customer.
 *
 * ESTIMATORS (π(d|x_i) = the target's probability of d for row i; a deterministic policy puts mass 1 on its choice):
 *   weight       w_i = π(d_i | x_i) / μ_i
 *   IPS          V̂ = (1/n) Σ w_i y_i                                     influence φ_i = w_i y_i
 *   SNIPS        V̂ = Σ w_i y_i / Σ w_i                                   φ_i = V̂ + w_i (y_i − V̂) / w̄  (delta method)
 *   DR           V̂ = (1/n) Σ [ Σ_d π(d|x_i) q(x_i, d) + w_i (y_i − q(x_i, d_i)) ]   φ_i = the bracket
 *   where q(x, d) is a supplied outcome model (expected y of the metric). IPS and DR are unbiased when the
 *   propensities are right and μ > 0 wherever π > 0 (DR also with a wrong q); SNIPS is consistent, slightly biased.
 *   Standard error  se = sd(φ) / √n  (sample sd, n − 1);  CI = V̂ ± z_{1−α/2}·se  (normal approximation).
 *   Optional bootstrap: B resamples of the rows with replacement (seeded), percentile CI (linear interpolation
 *   between order statistics, numpy's default) and bootstrap se = sd of the B estimates.
 * DIAGNOSTICS: mean weight w̄ (≈ 1 if the log and the propensities are consistent), effective sample size
 *   (Σw)²/Σw², max weight, and `unsupportedMass` = mean target mass on levels that never occur in the log (> 0
 *   means positivity fails and IPS/DR are biased downward for that part of the policy).
 */
import { normalQuantile } from '../../experiments/special-functions';
import { Rng } from '../../ml/rng';
import { expectedProfit } from './profit';

export interface LoggedExposure {
  features?: unknown;
  /** Discount shown, in percent. */
  discountPct: number;
  /** Probability with which the logging policy chose this discount, in (0, 1]. */
  propensity: number;
  converted: 0 | 1;
  /** Revenue paid (after discount); 0 when not converted. */
  revenue: number;
  /** List value of the order before discount; derived from revenue when omitted. */
  orderValue?: number;
}

export const OFF_POLICY_METRICS = ['conversion', 'revenue', 'discountCost', 'profit'] as const;
export type OffPolicyMetric = (typeof OFF_POLICY_METRICS)[number];
export type OffPolicyEstimator = 'ips' | 'snips' | 'dr';

/** The target's choice for a row: a discount (deterministic) or a distribution {discountPct: probability}. */
export type TargetPolicy<R> = (row: R, index: number) => number | Record<number, number>;
/** Expected value of one metric for a row if shown discount d. */
export type OutcomeModel<R> = (row: R, discountPct: number) => number;

export interface MetricConfig {
  /** Gross margin on list price in percent (used by profit). */
  marginPct: number;
  /** Fixed cost per converted order, default 0. */
  fixedCost?: number;
}

function check(cond: boolean, message: string): void {
  if (!cond) throw new RangeError(message);
}

function checkRow(r: LoggedExposure, i: number): void {
  if (!(r.converted === 0 || r.converted === 1))
    throw new RangeError(`row ${i}: converted must be 0 or 1 (got ${r.converted})`);
  if (!(r.discountPct >= 0 && r.discountPct <= 100))
    throw new RangeError(`row ${i}: discountPct must be in [0, 100] (got ${r.discountPct})`);
  if (!(r.propensity > 0 && r.propensity <= 1))
    throw new RangeError(`row ${i}: propensity must be in (0, 1] (got ${r.propensity})`);
  if (!(Number.isFinite(r.revenue) && r.revenue >= 0))
    throw new RangeError(`row ${i}: revenue must be finite and ≥ 0 (got ${r.revenue})`);
  if (!(r.converted === 1 || r.revenue === 0)) throw new RangeError(`row ${i}: revenue must be 0 when not converted`);
  if (r.orderValue !== undefined && !(Number.isFinite(r.orderValue) && r.orderValue >= 0))
    throw new RangeError(`row ${i}: orderValue must be finite and ≥ 0`);
  if (r.orderValue === undefined && r.converted === 1 && r.discountPct === 100)
    throw new RangeError(`row ${i}: orderValue is needed when discountPct is 100`);
}

/** Realised value of `metric` for one logged row (see header). */
export function rowOutcome(
  row: LoggedExposure,
  metric: OffPolicyMetric,
  { marginPct, fixedCost = 0 }: MetricConfig,
): number {
  if (row.converted === 0) return 0;
  const v = row.orderValue ?? row.revenue / (1 - row.discountPct / 100);
  switch (metric) {
    case 'conversion':
      return 1;
    case 'revenue':
      return row.revenue;
    case 'discountCost':
      return (v * row.discountPct) / 100;
    case 'profit':
      return row.revenue - v * (1 - marginPct / 100) - fixedCost;
  }
}

/**
 * Outcome models for all four metrics from a conversion model and an order-value model, consistent with profit.ts:
 * conversion p, revenue p·V·(1 − d), discountCost p·V·d, profit expectedProfit(p, V, d, m, fixedCost).
 */
export function outcomeModelsFromConversion<R>({
  pConvert,
  orderValue,
  marginPct,
  fixedCost = 0,
}: {
  pConvert: (row: R, discountPct: number) => number;
  orderValue: (row: R) => number;
} & MetricConfig): Record<OffPolicyMetric, OutcomeModel<R>> {
  return {
    conversion: (r, d) => pConvert(r, d),
    revenue: (r, d) => pConvert(r, d) * orderValue(r) * (1 - d / 100),
    discountCost: (r, d) => (pConvert(r, d) * orderValue(r) * d) / 100,
    profit: (r, d) =>
      expectedProfit({ pConvert: pConvert(r, d), orderValue: orderValue(r), discountPct: d, marginPct, fixedCost }),
  };
}

/** Target distribution for a row as parallel arrays; validates a stochastic policy's probabilities. */
function targetDistribution(choice: number | Record<number, number>, i: number): { levels: number[]; probs: number[] } {
  if (typeof choice === 'number') {
    if (!(choice >= 0 && choice <= 100))
      throw new RangeError(`policy row ${i}: discount must be in [0, 100] (got ${choice})`);
    return { levels: [choice], probs: [1] };
  }
  if (typeof choice !== 'object' || choice === null)
    throw new TypeError(`policy row ${i}: must return a number or a distribution`);
  const levels: number[] = [],
    probs: number[] = [];
  let total = 0;
  for (const [k, p] of Object.entries(choice)) {
    const d = Number(k);
    if (!(d >= 0 && d <= 100)) throw new RangeError(`policy row ${i}: discount must be in [0, 100] (got ${k})`);
    if (!(p >= 0 && p <= 1)) throw new RangeError(`policy row ${i}: probability of ${k} must be in [0, 1] (got ${p})`);
    levels.push(d);
    probs.push(p);
    total += p;
  }
  if (!(Math.abs(total - 1) <= 1e-9)) throw new RangeError(`policy row ${i}: probabilities sum to ${total}, not 1`);
  return { levels, probs };
}

export interface PolicyEstimate {
  estimator: OffPolicyEstimator;
  metric: OffPolicyMetric;
  value: number;
  se: number;
  /** Normal-approximation (1 − α) interval from the influence values. */
  ci: [number, number];
  bootstrap?: { se: number; ci: [number, number]; samples: number };
}

export interface EvaluationDiagnostics {
  n: number;
  meanWeight: number;
  effectiveSampleSize: number;
  maxWeight: number;
  unsupportedMass: number;
}

export interface EvaluationResult {
  diagnostics: EvaluationDiagnostics;
  /** Per metric: IPS and SNIPS always, DR when an outcome model for that metric was supplied. */
  estimates: Record<OffPolicyMetric, { ips: PolicyEstimate; snips: PolicyEstimate; dr?: PolicyEstimate }>;
}

export interface EvaluatePolicyOptions<R extends LoggedExposure> extends MetricConfig {
  log: readonly R[];
  policy: TargetPolicy<R>;
  /** Outcome models per metric for DR (e.g. from outcomeModelsFromConversion). */
  outcomeModels?: Partial<Record<OffPolicyMetric, OutcomeModel<R>>>;
  /** 1 − confidence level, default 0.05. */
  alpha?: number;
  /** Seeded nonparametric bootstrap; omitted = none. samples default 500, seed default 42. */
  bootstrap?: { samples?: number; seed?: number };
}

function meanSd(x: Float64Array): { mean: number; sd: number } {
  const n = x.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i];
  const mean = s / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (x[i] - mean) ** 2;
  return { mean, sd: n > 1 ? Math.sqrt(ss / (n - 1)) : NaN };
}

/** numpy.quantile (linear) of a sorted array. */
function quantileSorted(a: Float64Array, q: number): number {
  const h = (a.length - 1) * q,
    lo = Math.floor(h),
    hi = Math.ceil(h);
  return a[lo] + (h - lo) * (a[hi] - a[lo]);
}

/** IPS, SNIPS and (with outcome models) DR estimates of the target policy's value for each metric. */
export function evaluatePolicy<R extends LoggedExposure>(options: EvaluatePolicyOptions<R>): EvaluationResult {
  const { log, policy, outcomeModels = {}, alpha = 0.05, marginPct, fixedCost = 0 } = options;
  const n = log.length;
  check(n >= 2, `evaluatePolicy: need at least 2 log rows (got ${n})`);
  check(alpha > 0 && alpha < 1, `alpha must be in (0, 1) (got ${alpha})`);
  check(marginPct >= 0 && marginPct <= 100, `marginPct must be in [0, 100] (got ${marginPct})`);
  const z = normalQuantile(1 - alpha / 2);
  log.forEach(checkRow);
  const loggedLevels = new Set(log.map((r) => r.discountPct));

  const w = new Float64Array(n);
  const dists = log.map((r, i) => targetDistribution(policy(r, i), i));
  let sumW = 0,
    sumW2 = 0,
    maxWeight = 0,
    unsupported = 0;
  dists.forEach(({ levels, probs }, i) => {
    let pi = 0;
    levels.forEach((d, k) => {
      if (d === log[i].discountPct) pi += probs[k];
      if (!loggedLevels.has(d)) unsupported += probs[k];
    });
    w[i] = pi / log[i].propensity;
    sumW += w[i];
    sumW2 += w[i] * w[i];
    maxWeight = Math.max(maxWeight, w[i]);
  });
  check(sumW > 0, 'evaluatePolicy: the target policy never chooses a logged discount (all weights are 0)');
  const meanW = sumW / n;

  const cfg = { marginPct, fixedCost };
  // Per metric: outcome y, IPS/DR influence arrays.
  const parts = OFF_POLICY_METRICS.map((metric) => {
    const y = Float64Array.from(log, (r) => rowOutcome(r, metric, cfg));
    const ips = Float64Array.from(y, (yi, i) => w[i] * yi);
    const q = outcomeModels[metric];
    let dr: Float64Array | null = null;
    if (q) {
      dr = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const { levels, probs } = dists[i];
        let direct = 0;
        levels.forEach((d, k) => {
          if (probs[k] > 0) direct += probs[k] * q(log[i], d);
        });
        const qLogged = q(log[i], log[i].discountPct);
        if (!(Number.isFinite(direct) && Number.isFinite(qLogged)))
          throw new RangeError(`outcome model for ${metric} returned a non-finite value at row ${i}`);
        dr[i] = direct + w[i] * (y[i] - qLogged);
      }
    }
    let sumWY = 0;
    for (let i = 0; i < n; i++) sumWY += ips[i];
    const snipsValue = sumWY / sumW;
    const snips = Float64Array.from(y, (yi, i) => snipsValue + (w[i] * (yi - snipsValue)) / meanW);
    return { metric, ips, snips, snipsValue, dr };
  });

  const estimate = (
    estimator: OffPolicyEstimator,
    metric: OffPolicyMetric,
    phi: Float64Array,
    value?: number,
  ): PolicyEstimate => {
    const { mean, sd } = meanSd(phi);
    const v = value ?? mean,
      se = sd / Math.sqrt(n);
    return { estimator, metric, value: v, se, ci: [v - z * se, v + z * se] };
  };
  const estimates = {} as EvaluationResult['estimates'];
  for (const p of parts) {
    estimates[p.metric] = {
      ips: estimate('ips', p.metric, p.ips),
      snips: estimate('snips', p.metric, p.snips, p.snipsValue),
      ...(p.dr ? { dr: estimate('dr', p.metric, p.dr) } : {}),
    };
  }

  if (options.bootstrap) {
    const { samples = 500, seed = 42 } = options.bootstrap;
    check(Number.isInteger(samples) && samples >= 2, `bootstrap.samples must be an integer ≥ 2 (got ${samples})`);
    const rng = new Rng(seed);
    const counts = new Int32Array(n);
    const reps = parts.map((p) => ({
      ips: new Float64Array(samples),
      snips: new Float64Array(samples),
      dr: p.dr ? new Float64Array(samples) : null,
    }));
    for (let b = 0; b < samples; b++) {
      counts.fill(0);
      for (let j = 0; j < n; j++) counts[rng.int(n)]++;
      let sw = 0;
      for (let i = 0; i < n; i++) sw += counts[i] * w[i];
      parts.forEach((p, m) => {
        let sIps = 0,
          sDr = 0;
        for (let i = 0; i < n; i++) {
          if (counts[i] === 0) continue;
          sIps += counts[i] * p.ips[i];
          if (p.dr) sDr += counts[i] * p.dr[i];
        }
        reps[m].ips[b] = sIps / n;
        reps[m].snips[b] = sw > 0 ? sIps / sw : NaN;
        if (reps[m].dr) reps[m].dr![b] = sDr / n;
      });
    }
    const attach = (e: PolicyEstimate | undefined, r: Float64Array | null): void => {
      if (!e || !r) return;
      const finite = Float64Array.from(r.filter((x) => Number.isFinite(x))).sort();
      e.bootstrap = {
        se: meanSd(finite).sd,
        ci: [quantileSorted(finite, alpha / 2), quantileSorted(finite, 1 - alpha / 2)],
        samples: finite.length,
      };
    };
    parts.forEach((p, m) => {
      attach(estimates[p.metric].ips, reps[m].ips);
      attach(estimates[p.metric].snips, reps[m].snips);
      attach(estimates[p.metric].dr, reps[m].dr);
    });
  }

  return {
    diagnostics: {
      n,
      meanWeight: meanW,
      effectiveSampleSize: (sumW * sumW) / sumW2,
      maxWeight,
      unsupportedMass: unsupported / n,
    },
    estimates,
  };
}
