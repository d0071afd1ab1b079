import { describe, expect, it } from 'vitest';
import { Rng } from '../../ml/rng';
import { binomialChanceToWin } from '../chance-to-win';
import { ipsEstimates, normalIntervals } from './ips';
import { armPosteriors, thompsonAllocation } from './thompson';

/* Closed forms (scipy 1.17): two normal arms N(m1, s1²), N(m2, s2²), δ = m2 − m1, s = √(s1² + s2²):
 * P(2 best) = Φ(δ/s), E[max − θ1] = s φ(δ/s) + δ Φ(δ/s).  m = (10, 10.5), sd (0.3, 0.4) → s 0.5, δ 0.5:
 * Φ(1) = 0.8413447460685429, loss₁ = 0.5·φ(1) + 0.5·Φ(1) = 0.5416577352938432, loss₂ = loss₁ − δ = 0.0416577352938432 */
const normalArms = (m1: number, s1: number, m2: number, s2: number) => {
  // n = 100, variance v → sd of the mean √(v/100)
  const arm = (name: string, m: number, s: number) => {
    const v = s * s * 100;
    return { name, n: 100, sum: 100 * m, sumSquares: 99 * v + 100 * m * m };
  };
  return [arm('a', m1, s1), arm('b', m2, s2)];
};

describe('thompsonAllocation', () => {
  it('profit: P(best) and expected loss match the normal closed forms (Monte Carlo, 200,000 draws)', () => {
    const arms = normalArms(10, 0.3, 10.5, 0.4);
    const post = armPosteriors(arms, 'profit');
    expect(post[0].mean).toBeCloseTo(10, 12);
    expect(post[1].sd).toBeCloseTo(0.4, 12);
    const r = thompsonAllocation(arms, { metric: 'profit', burnIn: 50, minShare: 0.1, draws: 200_000 }, new Rng(3));
    expect(r.phase).toBe('thompson');
    expect(r.probabilityBest[1]).toBeCloseTo(0.8413447460685429, 2);
    expect(r.expectedLoss[0]).toBeCloseTo(0.5416577352938432, 2);
    expect(r.expectedLoss[1]).toBeCloseTo(0.0416577352938432, 2);
    // w = 0.1 + 0.8 · P(best)
    expect(r.weights[1]).toBeCloseTo(0.1 + 0.8 * r.probabilityBest[1], 12);
    expect(r.weights[0] + r.weights[1]).toBeCloseTo(1, 12);
  });

  it('conversion: P(best) of two Beta posteriors = the exact Beta chance to win', () => {
    const arms = [
      { name: 'a', n: 400, sum: 40, sumSquares: 40 },
      { name: 'b', n: 380, sum: 52, sumSquares: 52 },
    ];
    const exact = binomialChanceToWin(400, 40, 380, 52);
    const r = thompsonAllocation(arms, { metric: 'conversion', burnIn: 10, draws: 200_000 }, new Rng(5));
    expect(Math.abs(r.probabilityBest[1] - exact)).toBeLessThan(0.005);
  });

  it('burn-in keeps an even split; bad settings throw', () => {
    const arms = normalArms(10, 0.3, 12, 0.3);
    const r = thompsonAllocation(arms, { metric: 'profit', burnIn: 101, draws: 100 }, new Rng(1));
    expect(r.phase).toBe('burn-in');
    expect(r.weights).toEqual([0.5, 0.5]);
    expect(() => thompsonAllocation(arms, { metric: 'profit', minShare: 0.6 }, new Rng(1))).toThrow(RangeError);
    expect(() => thompsonAllocation(arms.slice(0, 1), { metric: 'profit' }, new Rng(1))).toThrow(RangeError);
  });
});

describe('ipsEstimates', () => {
  it('Horvitz–Thompson and self-normalised by hand', () => {
    const log = [
      { arm: 0, probability: 0.5, reward: 2 },
      { arm: 1, probability: 0.5, reward: 1 },
      { arm: 0, probability: 0.8, reward: 4 },
      { arm: 1, probability: 0.2, reward: 0 },
    ];
    const r = ipsEstimates(log, 2);
    // arm 0: (2/0.5 + 4/0.8)/4 = 9/4; SNIPS 9/(2 + 1.25) = 2.769230769…
    expect(r.ips[0]).toBeCloseTo(2.25, 14);
    expect(r.snips[0]).toBeCloseTo(9 / 3.25, 14);
    // arm 1: (1/0.5 + 0)/4 = 0.5; SNIPS 2/(2 + 5) = 0.2857142857
    expect(r.ips[1]).toBeCloseTo(0.5, 14);
    expect(r.snips[1]).toBeCloseTo(2 / 7, 14);
    // standard errors (numpy by hand: z = y/p on the arm's rows, 0 elsewhere): IPS sd(z)/√N, SNIPS delta method
    expect(r.ipsSe[0]).toBeCloseTo(1.3149778198382918, 12);
    expect(r.snipsSe[0]).toBeCloseTo(0.7730145144877879, 12);
    expect(r.ipsSe[1]).toBeCloseTo(0.5, 12);
    expect(r.snipsSe[1]).toBeCloseTo(0.3332639105827453, 12);
    const [lo, hi] = normalIntervals(r.ips, r.ipsSe)[0];
    expect(lo).toBeCloseTo(2.25 - 1.959963984540054 * 1.3149778198382918, 9);
    expect(hi).toBeCloseTo(2.25 + 1.959963984540054 * 1.3149778198382918, 9);
    expect(() => ipsEstimates([{ arm: 0, probability: 0, reward: 1 }], 1)).toThrow(RangeError);
  });
});
