import { describe, expect, it } from 'vitest';
import { chiSquareGoodnessOfFit, sampleRatioMismatch } from './srm';

/*
 * Expected values from Debian scipy 1.10.1:
 *   from scipy import stats
 *   stats.chisquare([10000, 10400], [10200, 10200])          # (7.8431372549019605, 0.005101399646004981)
 *   stats.chisquare([10000, 10700], [10350, 10350])          # (23.67149758454106, 1.142623348759872e-06)
 *   stats.chisquare([50, 60, 45], [77.5, 38.75, 38.75])      # weights 2:1:1 → (22.419354838709676, 1.3542503386431458e-05)
 */
describe('chi-square goodness of fit / SRM', () => {
  it('50/50 split, 10000 vs 10400: no mismatch at p < 0.001', () => {
    const r = sampleRatioMismatch([10000, 10400], [1, 1]);
    expect(r.statistic).toBeCloseTo(7.8431372549019605, 12);
    expect(r.df).toBe(1);
    expect(r.pValue).toBeCloseTo(0.005101399646004981, 14);
    expect(r.expected).toEqual([10200, 10200]);
    expect(r.mismatch).toBe(false);
  });

  it('50/50 split, 10000 vs 10700: mismatch', () => {
    const r = sampleRatioMismatch([10000, 10700], [50, 50]);
    expect(r.statistic).toBeCloseTo(23.67149758454106, 12);
    expect(r.pValue / 1.142623348759872e-6).toBeCloseTo(1, 10);
    expect(r.mismatch).toBe(true);
  });

  it('three variants with unequal weights 2:1:1', () => {
    const r = chiSquareGoodnessOfFit([50, 60, 45], [2, 1, 1]);
    expect(r.statistic).toBeCloseTo(22.419354838709676, 12);
    expect(r.df).toBe(2);
    expect(r.pValue / 1.3542503386431458e-5).toBeCloseTo(1, 11);
  });

  it('rejects bad shapes and weights', () => {
    expect(() => chiSquareGoodnessOfFit([1, 2], [1])).toThrow(RangeError);
    expect(() => chiSquareGoodnessOfFit([5], [1])).toThrow(RangeError);
    expect(() => chiSquareGoodnessOfFit([1, 2], [1, 0])).toThrow(RangeError);
    expect(() => chiSquareGoodnessOfFit([0, 0], [1, 1])).toThrow(RangeError);
  });
});
