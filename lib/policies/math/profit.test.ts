import { describe, expect, it } from 'vitest';
import { Rng } from '../../ml/rng';
import { type CustomerOffers, expectedDiscountSpend, expectedProfit, optimiseDiscounts, profitCurve } from './profit';

describe('expectedProfit / expectedDiscountSpend', () => {
  it('p × (V(1 − d) − V(1 − m) − fixed) by hand', () => {
    // 0.2 × (100 × 0.9 − 100 × 0.6 − 0) = 0.2 × 30 = 6
    expect(expectedProfit({ pConvert: 0.2, orderValue: 100, discountPct: 10, marginPct: 40 })).toBeCloseTo(6, 12);
    // 0.5 × (80 × 0.8 − 80 × 0.75 − 3) = 0.5 × (64 − 60 − 3) = 0.5
    expect(expectedProfit({ pConvert: 0.5, orderValue: 80, discountPct: 20, marginPct: 25, fixedCost: 3 })).toBeCloseTo(
      0.5,
      12,
    );
    // discount above the margin loses money: 0.3 × (50 × 0.8 − 50 × 0.9) = 0.3 × −5 = −1.5
    expect(expectedProfit({ pConvert: 0.3, orderValue: 50, discountPct: 20, marginPct: 10 })).toBeCloseTo(-1.5, 12);
    // spend 0.2 × 100 × 0.10 = 2
    expect(expectedDiscountSpend({ pConvert: 0.2, orderValue: 100, discountPct: 10 })).toBeCloseTo(2, 12);
  });

  it('rejects bad inputs', () => {
    expect(() => expectedProfit({ pConvert: 1.2, orderValue: 1, discountPct: 0, marginPct: 10 })).toThrow(RangeError);
    expect(() => expectedProfit({ pConvert: 0.1, orderValue: -1, discountPct: 0, marginPct: 10 })).toThrow(RangeError);
    expect(() => expectedProfit({ pConvert: 0.1, orderValue: 1, discountPct: 101, marginPct: 10 })).toThrow(RangeError);
    expect(() => expectedProfit({ pConvert: 0.1, orderValue: 1, discountPct: 5, marginPct: NaN })).toThrow(RangeError);
  });
});

/*
 * Hand example, margin 40 %, levels 0/10/20 — π(d) = p·V·(0.4 − d), s(d) = p·V·d:
 *   A: V 100, p {0: .10, 10: .20, 20: .25} → π 4, 6, 5        s 0, 2, 5
 *   B: V 200, p {0: .05, 10: .15, 20: .30} → π 4, 9, 12       s 0, 3, 12
 *   C: V  50, p {0: .20, 10: .32, 20: .50} → π 4, 4.8, 5      s 0, 1.6, 5
 * Unconstrained argmax: A 10 %, B 20 %, C 20 % → profit 6 + 12 + 5 = 23, spend 2 + 12 + 5 = 19.
 * Hull increments (Δs, Δπ, slope): B 0→10 (3, 5, 5/3); A 0→10 (2, 2, 1); C 0→10 (1.6, 0.8, 0.5);
 *   B 10→20 (9, 3, 1/3); C 10→20 (3.4, 0.2, 1/17). (A 10→20 has Δπ < 0; C 0→20 slope 0.2 < 0.5 is not on the hull.)
 * Greedy by slope, cumulative spend 3, 5, 6.6, 15.6, 19 and profit (base 12) 17, 19, 19.8, 22.8, 23.
 */
const A: CustomerOffers = { id: 'A', orderValue: 100, pConvertByDiscount: { 0: 0.1, 10: 0.2, 20: 0.25 } };
const B: CustomerOffers = {
  id: 'B',
  orderValue: 200,
  pConvertByDiscount: { 0: 0.05, 10: 0.15, 20: 0.3 },
  segment: 'vip',
};
const C: CustomerOffers = { id: 'C', orderValue: 50, pConvertByDiscount: { 0: 0.2, 10: 0.32, 20: 0.5 } };
const opts = { levels: [0, 10, 20], marginPct: 40 };

/** Brute force over all level combinations: the true optimum within a budget. */
function bruteForce(customers: CustomerOffers[], levels: number[], marginPct: number, budget: number): number {
  let best = -Infinity;
  const rec = (i: number, profit: number, spend: number): void => {
    if (spend > budget + 1e-12) return;
    if (i === customers.length) {
      best = Math.max(best, profit);
      return;
    }
    const c = customers[i];
    for (const d of levels) {
      const e = { pConvert: c.pConvertByDiscount[d], orderValue: c.orderValue, discountPct: d, marginPct };
      rec(i + 1, profit + expectedProfit(e), spend + expectedDiscountSpend(e));
    }
  };
  rec(0, 0, 0);
  return best;
}

describe('optimiseDiscounts', () => {
  it('without a budget: per-customer argmax (by hand)', () => {
    const r = optimiseDiscounts([A, B, C], opts);
    expect(r.decisions.map((d) => d.discountPct)).toEqual([10, 20, 20]);
    expect(r.decisions.map((d) => d.expectedProfit)).toEqual([6, 12, 5].map((x) => expect.closeTo(x, 12)));
    expect(r.decisions.map((d) => d.expectedSpend)).toEqual([2, 12, 5].map((x) => expect.closeTo(x, 12)));
    expect(r.totalExpectedProfit).toBeCloseTo(23, 12);
    expect(r.totalExpectedSpend).toBeCloseTo(19, 12);
    expect(r.countByDiscount).toEqual({ 0: 0, 10: 1, 20: 2 });
    expect(r.lambda).toBe(0);
    expect(r.budgetUnused).toBeNull();
    expect(r.upperBound).toBeCloseTo(23, 12);
  });

  it('budget 8: greedy by ratio takes B, A, C to 10 % (λ* = 1/3, the slope of B 10→20) — also the true optimum', () => {
    const r = optimiseDiscounts([A, B, C], { ...opts, budget: 8 });
    expect(r.decisions.map((d) => d.discountPct)).toEqual([10, 10, 10]);
    expect(r.totalExpectedProfit).toBeCloseTo(19.8, 10); // 6 + 9 + 4.8
    expect(r.totalExpectedSpend).toBeCloseTo(6.6, 10); // 2 + 3 + 1.6
    expect(r.lambda).toBeCloseTo(1 / 3, 9);
    expect(r.budgetUnused).toBeCloseTo(1.4, 10);
    expect(r.upperBound).toBeCloseTo(19.8 + 1.4 / 3, 8);
    expect(bruteForce([A, B, C], [0, 10, 20], 40, 8)).toBeCloseTo(19.8, 10);
  });

  it('budget 4: only B gets 10 %; λ* = 1 is A’s slope exactly (tie → the cheaper level)', () => {
    const r = optimiseDiscounts([A, B, C], { ...opts, budget: 4 });
    expect(r.decisions.map((d) => d.discountPct)).toEqual([0, 10, 0]);
    expect(r.totalExpectedProfit).toBeCloseTo(17, 10); // 4 + 9 + 4
    expect(r.totalExpectedSpend).toBeCloseTo(3, 10);
    expect(r.lambda).toBeCloseTo(1, 9);
    expect(bruteForce([A, B, C], [0, 10, 20], 40, 4)).toBeCloseTo(17, 10);
  });

  it('budget 14.5: the Lagrangian answer leaves budget unused and is 2.2 below the integer optimum, within its bound', () => {
    const r = optimiseDiscounts([A, B, C], { ...opts, budget: 14.5 });
    // Same as budget 8: B 10→20 (Δs 9) does not fit in 14.5 − 6.6 = 7.9, so λ* = 1/3 again.
    expect(r.decisions.map((d) => d.discountPct)).toEqual([10, 10, 10]);
    expect(r.totalExpectedProfit).toBeCloseTo(19.8, 10);
    expect(r.budgetUnused).toBeCloseTo(7.9, 10);
    // True optimum: A 10, B 20, C 0 → 6 + 12 + 4 = 22 with spend 2 + 12 = 14 (enumerated by bruteForce).
    expect(bruteForce([A, B, C], [0, 10, 20], 40, 14.5)).toBeCloseTo(22, 10);
    // LP bound = 19.8 + 7.9/3 = 22.4333 (randomise B to 20 % with probability 7.9/9): ≥ 22.
    expect(r.upperBound).toBeCloseTo(19.8 + 7.9 / 3, 8);
  });

  it('budget 0: nobody gets a discount; large budget = unconstrained', () => {
    expect(optimiseDiscounts([A, B, C], { ...opts, budget: 0 }).decisions.map((d) => d.discountPct)).toEqual([0, 0, 0]);
    const r = optimiseDiscounts([A, B, C], { ...opts, budget: 100 });
    expect(r.totalExpectedProfit).toBeCloseTo(23, 12);
    expect(r.lambda).toBe(0);
    expect(r.budgetUnused).toBeCloseTo(81, 12);
  });

  it('maxDiscountPct, excluded segments and eligibility force levels (by hand)', () => {
    // cap 10 %: A 10 (6), B 10 (9), C 10 (4.8) → 19.8
    const capped = optimiseDiscounts([A, B, C], { ...opts, maxDiscountPct: 10 });
    expect(capped.decisions.map((d) => d.discountPct)).toEqual([10, 10, 10]);
    expect(capped.countByDiscount).toEqual({ 0: 0, 10: 3 });
    // B (segment vip) excluded → 0 %, profit 4; C ineligible → 4; A → 10 %, 6. Total 14.
    const r = optimiseDiscounts([A, B, C], { ...opts, excludedSegments: ['vip'], eligibility: (c) => c.id !== 'C' });
    expect(r.decisions.map((d) => [d.discountPct, d.eligible])).toEqual([
      [10, true],
      [0, false],
      [0, false],
    ]);
    expect(r.totalExpectedProfit).toBeCloseTo(14, 12);
    // levels without 0 still allow 0 %
    expect(optimiseDiscounts([A], { levels: [20], marginPct: 40 }).decisions[0].discountPct).toBe(20);
    expect(optimiseDiscounts([A], { levels: [20], marginPct: 40, budget: 1 }).decisions[0].discountPct).toBe(0);
  });

  it('rejects bad input', () => {
    expect(() => optimiseDiscounts([A, A], opts)).toThrow(/duplicate/);
    expect(() => optimiseDiscounts([{ ...A, pConvertByDiscount: { 0: 0.1, 10: 0.2 } }], opts)).toThrow(
      /no pConvert for discount 20/,
    );
    expect(() => optimiseDiscounts([A], { ...opts, budget: -1 })).toThrow(RangeError);
    expect(() => optimiseDiscounts([{ ...A, pConvertByDiscount: { 0: 0.1, 10: 1.5, 20: 0.2 } }], opts)).toThrow(
      /pConvert for 10% must be in \[0, 1\]/,
    );
    expect(() => optimiseDiscounts([{ ...A, orderValue: NaN }], opts)).toThrow(/orderValue/);
    expect(() => optimiseDiscounts([A], { ...opts, levels: [0, 120] })).toThrow(RangeError);
    expect(() => optimiseDiscounts([A], { ...opts, marginPct: 140 })).toThrow(RangeError);
  });
});

describe('profitCurve', () => {
  it('hand example: greedy prefix per budget', () => {
    const pts = profitCurve([A, B, C], [0, 2.9, 3, 4, 5, 6.6, 14.5, 15.6, 19, 50], opts);
    expect(pts.map((p) => p.expectedProfit)).toEqual(
      [12, 12, 17, 17, 19, 19.8, 19.8, 22.8, 23, 23].map((x) => expect.closeTo(x, 10)),
    );
    expect(pts.map((p) => p.expectedSpend)).toEqual(
      [0, 0, 3, 3, 5, 6.6, 6.6, 15.6, 19, 19].map((x) => expect.closeTo(x, 10)),
    );
    // λ: next group's slope — 5/3 until B's first step fits, then 1, 0.5, 1/3, 1/17, then 0.
    expect(pts.map((p) => p.lambda)).toEqual(
      [5 / 3, 5 / 3, 1, 1, 0.5, 1 / 3, 1 / 3, 1 / 17, 0, 0].map((x) => expect.closeTo(x, 12)),
    );
    expect(pts[6].upperBound).toBeCloseTo(19.8 + 7.9 / 3, 10);
  });

  it('matches optimiseDiscounts (bisection) on a random instance, and never beats brute force', () => {
    const rng = new Rng(11);
    const levels = [0, 5, 10, 15, 20];
    const customers: CustomerOffers[] = Array.from({ length: 7 }, (_, i) => {
      const base = 0.02 + 0.2 * rng.next(),
        slope = 0.02 * rng.next();
      const p: Record<number, number> = {};
      for (const d of levels) p[d] = Math.min(1, base + slope * d * (0.5 + rng.next()));
      return { id: `c${i}`, orderValue: 20 + 200 * rng.next(), pConvertByDiscount: p };
    });
    const budgets = [0, 1, 3, 7, 12, 20, 35, 60];
    const curve = profitCurve(customers, budgets, { levels, marginPct: 30 });
    budgets.forEach((budget, j) => {
      const r = optimiseDiscounts(customers, { levels, marginPct: 30, budget });
      expect(curve[j].expectedProfit).toBeCloseTo(r.totalExpectedProfit, 9);
      expect(curve[j].expectedSpend).toBeCloseTo(r.totalExpectedSpend, 9);
      expect(curve[j].lambda).toBeCloseTo(r.lambda, 8);
      expect(r.totalExpectedSpend).toBeLessThanOrEqual(budget);
      const best = bruteForce(customers, levels, 30, budget);
      expect(r.totalExpectedProfit).toBeLessThanOrEqual(best + 1e-9);
      expect(r.upperBound).toBeGreaterThanOrEqual(best - 1e-9);
    });
    // the curve is non-decreasing in the budget
    for (let j = 1; j < curve.length; j++)
      expect(curve[j].expectedProfit).toBeGreaterThanOrEqual(curve[j - 1].expectedProfit);
  });
});
