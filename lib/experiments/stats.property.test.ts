import { describe, expect, it } from 'vitest';
import { relativeEffect, relativeTTest } from './relative-effect';
import { analyze } from './stats';

/**
 * Property: for every comparison, the (1 − α) interval excludes 0 exactly when p < α — fixed-horizon and
 * sequential, binomial and mean metrics, random α. Aggregates come from a seeded generator (mulberry32), so
 * the run is reproducible; the counters at the end prove both outcomes were exercised.
 */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BINOMIAL_CASES = 1000; // analyze() on conversion also integrates the exact Beta chance to win (~6 ms)
const MEAN_CASES = 3000;
const CORE_CASES = 20000;

describe('p-value and interval agree by construction', () => {
  it(`analyze(): ${BINOMIAL_CASES} conversion + ${MEAN_CASES} mean-metric random cases, fixed and sequential`, () => {
    const rand = mulberry32(20261130);
    const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
    let checked = 0;
    let significant = 0;
    for (let i = 0; i < MEAN_CASES; i++) {
      const alpha = [0.01, 0.05, 0.1, 0.2][int(0, 3)];
      const sequential = rand() < 0.3;
      const nA = int(2, 5100);
      const nB = int(2, 5100);
      const pA = rand() * 0.3;
      const pB = pA * (0.7 + rand() * 0.6);
      const binomial =
        i >= BINOMIAL_CASES
          ? null
          : analyze({
              variants: [
                { name: 'a', n: nA, sum: Math.round(nA * pA) },
                { name: 'b', n: nB, sum: Math.round(nB * pB) },
              ],
              metric: 'binomial',
              method: 'frequentist',
              alpha,
              sequential,
            });
      const mA = 1 + rand() * 50;
      const mB = mA * (0.8 + rand() * 0.4);
      const sdA = rand() * 30;
      const sdB = rand() * 30;
      const mean = analyze({
        variants: [
          { name: 'a', n: nA, sum: nA * mA, sumSquares: (nA - 1) * sdA * sdA + nA * mA * mA },
          { name: 'b', n: nB, sum: nB * mB, sumSquares: (nB - 1) * sdB * sdB + nB * mB * mB },
        ],
        metric: 'mean',
        method: 'frequentist',
        alpha,
        sequential,
      });
      for (const c of [...(binomial ? binomial.comparisons : []), mean.comparisons[0]]) {
        if (!c.ci) continue;
        const excludesZero = c.ci[0] > 0 || c.ci[1] < 0;
        if (excludesZero !== c.pValue < alpha) {
          throw new Error(`disagreement: alpha ${alpha}, p ${c.pValue}, ci ${c.ci}, case ${i}, seq ${sequential}`);
        }
        checked++;
        if (excludesZero) significant++;
      }
    }
    expect(checked).toBeGreaterThan((BINOMIAL_CASES + MEAN_CASES) * 0.95);
    expect(significant).toBeGreaterThan(MEAN_CASES * 0.2);
    expect(checked - significant).toBeGreaterThan(MEAN_CASES * 0.2);
  }, 120_000);

  it(`the relative t-test itself: ${CORE_CASES} random conversion aggregates, n 100–5,100 per arm`, () => {
    // The setting of the 20,000-case count, where the old z-test p and delta interval disagreed 717 times.
    const rand = mulberry32(717);
    let significant = 0;
    for (let i = 0; i < CORE_CASES; i++) {
      const alpha = [0.01, 0.05, 0.1][i % 3];
      const nA = 100 + Math.floor(rand() * 5001);
      const nB = 100 + Math.floor(rand() * 5001);
      const pA = (1 + Math.round(rand() * 0.2 * nA)) / nA;
      const pB = Math.round(pA * (0.6 + rand() * 0.8) * nB) / nB;
      const effect = relativeEffect(
        { n: nA, mean: pA, variance: pA * (1 - pA) },
        { n: nB, mean: pB, variance: pB * (1 - pB) },
      );
      if (!effect) throw new Error('control mean is never 0 here');
      const t = relativeTTest(effect, alpha);
      const excludesZero = t.ci[0] > 0 || t.ci[1] < 0;
      if (excludesZero !== t.pValue < alpha) throw new Error(`disagreement at case ${i}: p ${t.pValue}, ci ${t.ci}`);
      if (excludesZero) significant++;
    }
    expect(significant).toBeGreaterThan(CORE_CASES * 0.2);
    expect(significant).toBeLessThan(CORE_CASES * 0.9);
  }, 120_000);
});
