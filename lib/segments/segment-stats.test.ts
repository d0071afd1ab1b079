import { describe, expect, it } from 'vitest';
import { featureProfile, responseByDiscount, wilson } from './segment-stats';

describe('wilson', () => {
  it('gives the p where the score test just rejects (independent root finding)', () => {
    const [lo, hi] = wilson(8, 20);
    // python3: z = norm.ppf(0.975); f = lambda p: (0.4 − p)² − z²·p(1 − p)/20; brentq on each side of 0.4
    //   → 0.21880653237281708, 0.6134184992377468
    expect(lo).toBeCloseTo(0.21880653237281708, 12);
    expect(hi).toBeCloseTo(0.6134184992377468, 12);
  });
});

describe('segment summaries', () => {
  it('compares segment means with overall means', () => {
    const rows = [
      [1, 10],
      [3, 10],
      [5, 40],
    ].map((r) => Float64Array.from(r));
    expect(featureProfile(rows, [0, 1], ['a', 'b'])).toEqual([
      { feature: 'a', segmentMean: 2, overallMean: 3, ratio: 2 / 3 },
      { feature: 'b', segmentMean: 10, overallMean: 20, ratio: 0.5 },
    ]);
  });
  it('gives conversion by discount with intervals', () => {
    const r = responseByDiscount([
      { discountPct: 10, converted: true },
      { discountPct: 0, converted: false },
      { discountPct: 10, converted: false },
    ]);
    expect(r.map((x) => [x.discountPct, x.exposures, x.conversions, x.rate])).toEqual([
      [0, 1, 0, 0],
      [10, 2, 1, 0.5],
    ]);
  });
});
