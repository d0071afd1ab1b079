import { describe, expect, it } from 'vitest';
import { Rng } from '../../ml/rng';
import {
  evaluatePolicy,
  type LoggedExposure,
  outcomeModelsFromConversion,
  type PolicyEstimate,
  rowOutcome,
} from './off-policy';

/*
 * Tiny hand log, margin 30 %:
 *   row  d   μ    conv  revenue  V (= revenue/(1−d))  profit = rev − 0.7 V   discountCost = V·d
 *   1    0   .2   1     100      100                  30                      0
 *   2    10  .2   0     0        –                    0                       0
 *   3    10  .2   1     90       100                  20                      10
 *   4    20  .5   1     40       50                   5                       10
 *   5    0   .2   0     0        –                    0                       0
 * Deterministic target: rows → 0, 10, 20, 20, 5  ⇒  w = [5, 5, 0, 2, 0].
 */
const tiny: LoggedExposure[] = [
  { discountPct: 0, propensity: 0.2, converted: 1, revenue: 100 },
  { discountPct: 10, propensity: 0.2, converted: 0, revenue: 0 },
  { discountPct: 10, propensity: 0.2, converted: 1, revenue: 90 },
  { discountPct: 20, propensity: 0.5, converted: 1, revenue: 40 },
  { discountPct: 0, propensity: 0.2, converted: 0, revenue: 0 },
];
const tinyTarget = [0, 10, 20, 20, 5];

describe('off-policy estimators on a hand log', () => {
  const r = evaluatePolicy({
    log: tiny,
    policy: (_, i) => tinyTarget[i],
    marginPct: 30,
    outcomeModels: { conversion: () => 0.5 },
  });

  it('row outcomes', () => {
    expect(tiny.map((row) => rowOutcome(row, 'profit', { marginPct: 30 }))).toEqual(
      [30, 0, 20, 5, 0].map((x) => expect.closeTo(x, 12)),
    );
    expect(tiny.map((row) => rowOutcome(row, 'discountCost', { marginPct: 30 }))).toEqual(
      [0, 0, 10, 10, 0].map((x) => expect.closeTo(x, 12)),
    );
    // fixed cost 3 per order and an explicit orderValue: 40 − 0.7·60 − 3 = −5
    expect(rowOutcome({ ...tiny[3], orderValue: 60 }, 'profit', { marginPct: 30, fixedCost: 3 })).toBeCloseTo(-5, 12);
  });

  it('IPS = (1/n) Σ w y, with se from the influence values', () => {
    // conversion: (5·1 + 5·0 + 0 + 2·1 + 0)/5 = 1.4; φ = [5,0,0,2,0], deviations² 12.96+1.96+1.96+0.36+1.96 = 19.2,
    // var = 19.2/4 = 4.8, se = √(4.8/5) = √0.96
    expect(r.estimates.conversion.ips.value).toBeCloseTo(1.4, 12);
    expect(r.estimates.conversion.ips.se).toBeCloseTo(Math.sqrt(0.96), 12);
    const z = 1.959963984540054; // scipy.stats.norm.ppf(0.975)
    expect(r.estimates.conversion.ips.ci[0]).toBeCloseTo(1.4 - z * Math.sqrt(0.96), 9);
    expect(r.estimates.revenue.ips.value).toBeCloseTo((5 * 100 + 2 * 40) / 5, 12); // 116
    expect(r.estimates.profit.ips.value).toBeCloseTo((5 * 30 + 2 * 5) / 5, 12); // 32
    expect(r.estimates.discountCost.ips.value).toBeCloseTo((2 * 10) / 5, 12); // 4
  });

  it('SNIPS = Σ w y / Σ w and its delta-method se', () => {
    // conversion: 7 / 12. φ_i = V + w_i (y_i − V)/w̄ with w̄ = 12/5 = 2.4, V = 7/12:
    //   [V + 5(5/12)/2.4, V + 5(−7/12)/2.4, V, V + 2(5/12)/2.4, V] → deviations [0.86806, −1.21528, 0, 0.34722, 0]
    //   Σ dev² = 0.753520 + 1.476925 + 0.120563 = 2.351008; se = √(2.351008/4/5) = 0.342857
    const v = 7 / 12,
      d = [(5 * (5 / 12)) / 2.4, (5 * (-7 / 12)) / 2.4, 0, (2 * (5 / 12)) / 2.4, 0];
    expect(r.estimates.conversion.snips.value).toBeCloseTo(v, 12);
    expect(r.estimates.conversion.snips.se).toBeCloseTo(Math.sqrt(d.reduce((s, x) => s + x * x, 0) / 4 / 5), 12);
    expect(r.estimates.conversion.snips.se).toBeCloseTo(0.342857, 5);
    expect(r.estimates.profit.snips.value).toBeCloseTo(160 / 12, 12);
  });

  it('DR with a constant model q = 0.5', () => {
    // φ_i = 0.5 + w_i (y_i − 0.5) = [3, −2, 0.5, 1.5, 0.5] → mean 0.7; deviations [2.3, −2.7, −0.2, 0.8, −0.2],
    // Σ dev² = 5.29 + 7.29 + 0.04 + 0.64 + 0.04 = 13.3, se = √(13.3/4/5)
    expect(r.estimates.conversion.dr!.value).toBeCloseTo(0.7, 12);
    expect(r.estimates.conversion.dr!.se).toBeCloseTo(Math.sqrt(13.3 / 20), 12);
    expect(r.estimates.profit.dr).toBeUndefined();
  });

  it('diagnostics', () => {
    // Σw = 12, Σw² = 25 + 25 + 4 = 54 → ESS = 144/54; target 5 % never logged → unsupported mass 1/5
    expect(r.diagnostics.meanWeight).toBeCloseTo(2.4, 12);
    expect(r.diagnostics.effectiveSampleSize).toBeCloseTo(144 / 54, 12);
    expect(r.diagnostics.maxWeight).toBe(5);
    expect(r.diagnostics.unsupportedMass).toBeCloseTo(0.2, 12);
  });

  it('a stochastic target {0: ½, 20: ½}', () => {
    // w = [.5/.2, 0, 0, .5/.5, .5/.2] = [2.5, 0, 0, 1, 2.5] → conversion (2.5 + 1)/5 = 0.7; DR with q = 0.5:
    // φ = 0.5 + w (y − 0.5) = [1.75, 0.5, 0.5, 1, −0.75] → mean 0.6
    const s = evaluatePolicy({
      log: tiny,
      policy: () => ({ 0: 0.5, 20: 0.5 }),
      marginPct: 30,
      outcomeModels: { conversion: () => 0.5 },
    });
    expect(s.estimates.conversion.ips.value).toBeCloseTo(0.7, 12);
    expect(s.estimates.conversion.dr!.value).toBeCloseTo(0.6, 12);
    expect(s.diagnostics.unsupportedMass).toBe(0);
  });

  it('rejects bad logs and policies', () => {
    const ev = (log: LoggedExposure[], policy = (): number | Record<number, number> => 0) =>
      evaluatePolicy({ log, policy, marginPct: 30 });
    expect(() => ev([tiny[0], { ...tiny[1], propensity: 0 }])).toThrow(/propensity/);
    expect(() => ev([tiny[0], { ...tiny[1], revenue: 5 }])).toThrow(/revenue must be 0/);
    expect(() => ev([tiny[0], { ...tiny[1], converted: 2 as 1 }])).toThrow(/converted/);
    expect(() => ev([tiny[0], { ...tiny[0], discountPct: 100 }])).toThrow(/orderValue is needed/);
    expect(() => ev(tiny, () => ({ 0: 0.5, 10: 0.4 }))).toThrow(/sum to/);
    expect(() => ev(tiny, () => 40)).toThrow(/never chooses a logged discount/);
    expect(() => ev([tiny[0]])).toThrow(/at least 2/);
  });
});

/*
 * Simulated randomised log with a known truth: x ~ U(0, 1), d uniform on {0, 5, 10, 15, 20} (μ = 0.2),
 * P(convert | x, d) = 0.04 + 0.08 x + 0.004 d, list value V = 40 + 60 x, revenue = V (1 − d/100), margin 30 %.
 * Target policy: 20 % if x > 0.5 else 0 %. Exact values (sympy, integrating over x):
 *   conversion  ∫_0^½ (0.04 + 0.08x) + ∫_½^1 (0.12 + 0.08x)                                = 3/25  = 0.12
 *   revenue     ∫_0^½ p V + 0.8 ∫_½^1 p V = 1.7 + 0.8·7.7                                  = 393/50 = 7.86
 *   discountCost 0.2 ∫_½^1 p V = 0.2·7.7                                                   = 77/50 = 1.54
 *   profit      0.3 ∫_0^½ p V + 0.1 ∫_½^1 p V = 0.3·1.7 + 0.1·7.7                          = 32/25 = 1.28
 * where ∫_0^½ (0.04+0.08x)(40+60x) dx = 1.7 and ∫_½^1 (0.12+0.08x)(40+60x) dx = 7.7.
 * True IPS se at n = 50,000: √((E[(wy)²] − V²)/n) with E[(wy)²] = 25·0.2·E[p(x,π(x)) y²]:
 *   conversion √((5·0.12 − 0.0144)/50000) = 0.00342228;  profit 0.03897733 (sympy).
 * True DR se with the right model: Var φ = Var_x(q(x, π(x))) + 25·0.2·E[p(1 − p)·g²] (cross term 0), g = 1 for
 *   conversion and V·(m − d) for profit → 0.00320333 and 0.03708556 (sympy). The Bernoulli noise dominates, so
 *   DR gains only ~6 % se over IPS here.
 * Stochastic target π(20|x) = x, π(0|x) = 1 − x: conversion 3/25, profit 101/75 = 1.346667 (sympy).
 */
interface SimRow extends LoggedExposure {
  features: { x: number };
}
const LEVELS = [0, 5, 10, 15, 20];
const pTrue = (x: number, d: number) => 0.04 + 0.08 * x + 0.004 * d;
const vTrue = (x: number) => 40 + 60 * x;

function simulate(n: number, seed: number): SimRow[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => {
    const x = rng.next(),
      d = LEVELS[rng.int(5)];
    const converted = rng.next() < pTrue(x, d) ? 1 : 0;
    return {
      features: { x },
      discountPct: d,
      propensity: 0.2,
      converted,
      revenue: converted ? vTrue(x) * (1 - d / 100) : 0,
    };
  });
}

const within = (e: PolicyEstimate, truth: number) => expect(Math.abs(e.value - truth)).toBeLessThanOrEqual(1.96 * e.se);

describe('off-policy estimators on a simulated log with known truth', () => {
  const log = simulate(50_000, 2024);
  const target = (r: SimRow) => (r.features.x > 0.5 ? 20 : 0);
  const trueModels = outcomeModelsFromConversion<SimRow>({
    pConvert: (r, d) => pTrue(r.features.x, d),
    orderValue: (r) => vTrue(r.features.x),
    marginPct: 30,
  });
  const wrongModels = outcomeModelsFromConversion<SimRow>({ pConvert: () => 0.1, orderValue: () => 70, marginPct: 30 });
  const truth = { conversion: 0.12, revenue: 7.86, discountCost: 1.54, profit: 1.28 };

  it('IPS, SNIPS and DR (right and wrong outcome model) fall within their 95% CI of the truth', () => {
    const right = evaluatePolicy({ log, policy: target, marginPct: 30, outcomeModels: trueModels });
    const wrong = evaluatePolicy({ log, policy: target, marginPct: 30, outcomeModels: wrongModels });
    for (const metric of ['conversion', 'revenue', 'discountCost', 'profit'] as const) {
      within(right.estimates[metric].ips, truth[metric]);
      within(right.estimates[metric].snips, truth[metric]);
      within(right.estimates[metric].dr!, truth[metric]);
      within(wrong.estimates[metric].dr!, truth[metric]);
    }
    // estimated se within 5 % of the exact se (sympy, see above)
    const ratios = [
      right.estimates.conversion.ips.se / 0.00342228,
      right.estimates.profit.ips.se / 0.03897733,
      right.estimates.conversion.dr!.se / 0.00320333,
      right.estimates.profit.dr!.se / 0.03708556,
    ];
    for (const q of ratios) {
      expect(q).toBeGreaterThan(0.95);
      expect(q).toBeLessThan(1.05);
    }
    // w ∈ {0, 5}, P(w = 5) = 0.2 → mean weight ≈ 1, ESS ≈ number of matching rows ≈ 10,000
    expect(right.diagnostics.meanWeight).toBeCloseTo(1, 1);
    expect(right.diagnostics.effectiveSampleSize).toBeGreaterThan(9_700);
    expect(right.diagnostics.effectiveSampleSize).toBeLessThan(10_300);
  });

  it('a stochastic target policy', () => {
    const r = evaluatePolicy({
      log,
      policy: (row) => ({ 0: 1 - row.features.x, 20: row.features.x }),
      marginPct: 30,
      outcomeModels: trueModels,
    });
    within(r.estimates.conversion.ips, 0.12);
    within(r.estimates.conversion.dr!, 0.12);
    within(r.estimates.profit.ips, 101 / 75);
    within(r.estimates.profit.dr!, 101 / 75);
  });

  it('the normal CI covers the truth in about 95 % of 200 independent logs', () => {
    let coveredIps = 0,
      coveredDr = 0;
    for (let s = 0; s < 200; s++) {
      const r = evaluatePolicy({
        log: simulate(2_000, 1000 + s),
        policy: target,
        marginPct: 30,
        outcomeModels: { profit: trueModels.profit },
      });
      const { ips, dr } = r.estimates.profit;
      if (ips.ci[0] <= 1.28 && 1.28 <= ips.ci[1]) coveredIps++;
      if (dr!.ci[0] <= 1.28 && 1.28 <= dr!.ci[1]) coveredDr++;
    }
    // binomial sd of a 95 % coverage over 200 logs ≈ 1.5 points; [0.90, 0.99] is ±3 sd
    for (const c of [coveredIps, coveredDr]) {
      expect(c / 200).toBeGreaterThanOrEqual(0.9);
      expect(c / 200).toBeLessThanOrEqual(0.99);
    }
  }, 60_000); // 200 simulated logs: seconds of CPU, more on a loaded machine

  it('seeded bootstrap agrees with the influence-function se and is reproducible', () => {
    const small = log.slice(0, 10_000);
    const a = evaluatePolicy({
      log: small,
      policy: target,
      marginPct: 30,
      outcomeModels: trueModels,
      bootstrap: { samples: 300, seed: 7 },
    });
    const b = evaluatePolicy({
      log: small,
      policy: target,
      marginPct: 30,
      outcomeModels: trueModels,
      bootstrap: { samples: 300, seed: 7 },
    });
    for (const metric of ['conversion', 'profit'] as const) {
      for (const est of ['ips', 'snips', 'dr'] as const) {
        const e = a.estimates[metric][est]!;
        // sd of a bootstrap se over 300 samples ≈ 1/√600 ≈ 4 %: allow 15 %
        expect(e.bootstrap!.se / e.se).toBeGreaterThan(0.85);
        expect(e.bootstrap!.se / e.se).toBeLessThan(1.15);
        expect(e.bootstrap!.ci[0]).toBeLessThan(e.value);
        expect(e.bootstrap!.ci[1]).toBeGreaterThan(e.value);
        expect(e.bootstrap).toEqual(b.estimates[metric][est]!.bootstrap);
      }
    }
  });
});
