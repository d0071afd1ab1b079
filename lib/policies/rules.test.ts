import { describe, expect, it } from 'vitest';
import { evaluateRules, ZPolicyRules } from './rules';

describe('evaluateRules', () => {
  it('applies fixed and segment rules with the cap and exclusions', () => {
    const fixed = ZPolicyRules.parse({ mode: 'fixed', discountPct: 40, maxDiscountPct: 25 });
    expect(evaluateRules(fixed, { segmentIds: [] })).toEqual({
      discountPct: 25,
      reason: 'fixed discount, capped at 25%',
    });
    const seg = ZPolicyRules.parse({
      mode: 'segments',
      segments: [
        { segmentId: 's1', discountPct: 15 },
        { segmentId: 's2', discountPct: 5 },
      ],
      defaultDiscountPct: 0,
      excludedSegmentIds: ['vip'],
    });
    expect(evaluateRules(seg, { segmentIds: ['s2', 's1'] }).discountPct).toBe(15); // first listed rule wins
    expect(evaluateRules(seg, { segmentIds: ['other'] })).toEqual({
      discountPct: 0,
      reason: 'no listed segment: default',
    });
    expect(evaluateRules(seg, { segmentIds: ['s1', 'vip'] })).toEqual({
      discountPct: 0,
      reason: 'customer is in an excluded segment',
    });
  });
  it('picks the most profitable level for model-optimal rules (hand-computed)', () => {
    const rules = ZPolicyRules.parse({
      mode: 'model-optimal',
      modelVersionId: 'm',
      levels: [0, 10, 20],
      orderValue: 100,
      marginPct: 40,
    });
    // p: 0 → .05, 10 → .10, 20 → .12; profit: .05×40 = 2, .10×30 = 3, .12×20 = 2.4 → 10% wins
    const p = (d: number) => ({ 0: 0.05, 10: 0.1, 20: 0.12 })[d as 0 | 10 | 20];
    const d = evaluateRules(rules, { segmentIds: [], pConvert: p });
    expect(d.discountPct).toBe(10);
    expect(d.options!.map((o) => +o.expectedProfit.toFixed(10))).toEqual([2, 3, 2.4]);
  });
  it('trades profit against spend with the budget multiplier λ (hand-computed)', () => {
    const rules = ZPolicyRules.parse({
      mode: 'model-optimal',
      modelVersionId: 'm',
      levels: [0, 10, 20],
      orderValue: 100,
      marginPct: 40,
      budgetPerOffer: 1,
    });
    const p = (d: number) => ({ 0: 0.05, 10: 0.1, 20: 0.12 })[d as 0 | 10 | 20];
    // spend p·V·d: 0, 0.10·100·0.10 = 1, 0.12·100·0.20 = 2.4; profit 2, 3, 2.4
    // λ = 0.5 → 2, 2.5, 1.2 → 10 %;  λ = 2 → 2, 1, −2.4 → 0 %
    expect(evaluateRules(rules, { segmentIds: [], pConvert: p, lambda: 0.5 }).discountPct).toBe(10);
    const tight = evaluateRules(rules, { segmentIds: [], pConvert: p, lambda: 2 });
    expect(tight.discountPct).toBe(0);
    expect(tight.options!.map((o) => +o.expectedSpend.toFixed(10))).toEqual([0, 1, 2.4]);
    expect(tight.reason).toBe('highest expected profit within the budget (λ = 2.000)');
  });
  it('answers 0 % once the frequency cap is reached', () => {
    const rules = ZPolicyRules.parse({ mode: 'fixed', discountPct: 10, frequencyCap: { maxOffers: 2, perDays: 7 } });
    expect(evaluateRules(rules, { segmentIds: [], recentDiscountedOffers: 1 }).discountPct).toBe(10);
    expect(evaluateRules(rules, { segmentIds: [], recentDiscountedOffers: 2 })).toEqual({
      discountPct: 0,
      reason: 'frequency cap: 2 discounted offer(s) per 7 day(s) reached',
    });
  });
  it('rejects invalid rule sets', () => {
    expect(ZPolicyRules.safeParse({ mode: 'fixed', discountPct: 95 }).success).toBe(false);
    expect(ZPolicyRules.safeParse({ mode: 'segments', segments: [] }).success).toBe(false);
    expect(ZPolicyRules.safeParse({ mode: 'lottery' }).success).toBe(false);
  });
});
