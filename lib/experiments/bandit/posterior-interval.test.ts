import { describe, expect, it } from 'vitest';
import { betaQuantile, posteriorInterval } from './posterior-interval';

describe('posterior intervals', () => {
  it('Beta quantiles equal scipy.stats.beta.ppf (scipy 1.17)', () => {
    expect(betaQuantile(0.025, 41, 361)).toBeCloseTo(0.07437614305109756, 12);
    expect(betaQuantile(0.975, 41, 361)).toBeCloseTo(0.13335078242432113, 12);
    expect(betaQuantile(0.025, 3, 98)).toBeCloseTo(0.006229971538306395, 12);
    expect(betaQuantile(0.975, 1, 1)).toBeCloseTo(0.975, 12);
    expect(() => betaQuantile(1.5, 2, 2)).toThrow(RangeError);
  });

  it('conversion: Beta(1 + s, 1 + n − s); profit: mean ± 1.959963984540054 sd', () => {
    const [lo, hi] = posteriorInterval(
      { name: 'b', n: 380, sum: 52, sumSquares: 52 },
      { mean: 0, sd: 0 },
      'conversion',
    );
    expect(lo).toBeCloseTo(0.10596779216629149, 12);
    expect(hi).toBeCloseTo(0.17509954559231286, 12);
    const p = posteriorInterval({ name: 'a', n: 10, sum: 20, sumSquares: 50 }, { mean: 2, sd: 0.5 }, 'profit');
    expect(p[0]).toBeCloseTo(2 - 1.959963984540054 * 0.5, 12);
    expect(p[1]).toBeCloseTo(2 + 1.959963984540054 * 0.5, 12);
  });
});
