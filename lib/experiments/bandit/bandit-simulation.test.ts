import { describe, expect, it } from 'vitest';
import { createDemoGenerator, DISCOUNT_LEVELS, trueConversionProbability } from '../../data/demo-generator';
import { simulateBandit } from './simulate-bandit';

/**
 * The demo generator's known response (lib/data/demo-model.ts): 3,000 customers' true P(convert | discount)
 * and baseline order value; margin 40 %, so the true profit per customer offered d is
 * P(d) · orderValue · (0.40 − d/100): 0 % → 2.245, 5 % → 2.097, 10 % → 1.965, 15 % → 1.832, 20 % → 1.672
 * (0 % off is best on profit), while 20 % off is best on conversion (0.1447 vs 0.0765 at 0 %).
 * Horizon: 30 days × 500 customers, daily reallocation, burn-in 100 per arm, floor 5 % per arm.
 */
const truth = createDemoGenerator({ customers: 3000 }).groundTruth();
const MARGIN = 0.4;
const mean = (f: (c: (typeof truth)[number]) => number) => truth.reduce((t, c) => t + f(c), 0) / truth.length;
const expectedProfit = DISCOUNT_LEVELS.map((d) =>
  mean((c) => trueConversionProbability(c, d) * c.baselineOrderValue * (MARGIN - d / 100)),
);
const expectedConversion = DISCOUNT_LEVELS.map((d) => mean((c) => trueConversionProbability(c, d)));

function run(metric: 'profit' | 'conversion') {
  return simulateBandit({
    arms: DISCOUNT_LEVELS.map((d) => `${d}% off`),
    expected: metric === 'profit' ? expectedProfit : expectedConversion,
    reward: (arm, rng) => {
      const c = truth[rng.int(truth.length)];
      const d = DISCOUNT_LEVELS[arm];
      if (rng.next() >= trueConversionProbability(c, d)) return 0;
      const orderValue = c.baselineOrderValue * Math.exp(0.25 * rng.normal() - 0.03125);
      return metric === 'profit' ? orderValue * (MARGIN - d / 100) : 1;
    },
    days: 30,
    perDay: 500,
    settings: { metric, minShare: 0.05, burnIn: 100, draws: 4000 },
    seed: 11,
  });
}

describe('Thompson bandit on the demo response (15,000 customers)', () => {
  it('the true response: 0 % off is best on profit, 20 % off on conversion', () => {
    expect(expectedProfit[0]).toBeCloseTo(2.2454748695289584, 10);
    expect(expectedProfit[4]).toBeCloseTo(1.6721427375101796, 10);
    expect(expectedConversion[4]).toBeCloseTo(0.14465313812663086, 12);
  });

  it('profit: the best arm gets most traffic and regret is under half of the even split', { timeout: 60_000 }, () => {
    const r = run('profit');
    expect(r.bestArm).toBe(0);
    expect(r.shares[0]).toBe(Math.max(...r.shares));
    expect(r.shares[0]).toBeGreaterThan(0.5); // seed 11: 0.568 of all customers
    expect(r.finalWeights[0]).toBeGreaterThan(0.55); // last day: 0.625
    expect(Math.min(...r.finalWeights)).toBeGreaterThanOrEqual(0.05 - 1e-12); // the floor holds
    expect(r.allocation[0]).toEqual([0.2, 0.2, 0.2, 0.2, 0.2]); // burn-in
    expect(r.regret.bandit).toBeLessThan(0.5 * r.regret.evenSplit); // seed 11: 1,915 vs 4,275
    // IPS stays close to the truth for the well-sampled best arm despite the changing allocation
    expect(Math.abs(r.snips[0] - expectedProfit[0])).toBeLessThan(0.15);
  });

  it('conversion: 20 % off gets most traffic', { timeout: 60_000 }, () => {
    const r = run('conversion');
    expect(r.bestArm).toBe(4);
    expect(r.shares[4]).toBeGreaterThan(0.6); // seed 11: 0.705
    expect(r.regret.bandit).toBeLessThan(0.5 * r.regret.evenSplit); // 201 vs 581
  });
});
