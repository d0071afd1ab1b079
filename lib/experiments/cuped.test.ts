import { describe, expect, it } from 'vitest';
import { cupedAdjust } from './cuped';
import { analyze } from './stats';

/*
 * Data generated once and rounded (numpy.random.default_rng(7); x = gamma(4, 5), y = 0.8 x + N(0, 3) + effect + 10).
 * Expected values from Debian numpy 1.24 / scipy 1.10.1:
 *   X = np.concatenate(xs); Y = np.concatenate(ys)
 *   theta = np.cov(X, Y)[0, 1] / np.var(X, ddof=1)          # 0.9488826906962298
 *   X.mean()                                                 # 18.2125
 *   np.corrcoef(X, Y)[0, 1]**2                               # 0.6781158993713514 (= variance reduction)
 *   a = y - theta*(x - X.mean()); len(a), a.sum(), (a*a).sum()   # per variant, below
 *   stats.ttest_ind(a_b, a_control, equal_var=False)         # t 4.228231890825902, p 0.0007820527131428901
 *   stats.ttest_ind(y_b, y_control, equal_var=False)         # unadjusted: p 0.16541105796321015
 */
const control = {
  name: 'control',
  x: [18.3, 15.8, 14.3, 18.9, 14.0, 23.4, 19.4, 18.1],
  y: [20.6, 21.3, 15.7, 21.3, 15.7, 28.0, 21.7, 25.3],
};
const b = {
  name: 'b',
  x: [19.9, 17.9, 7.2, 19.8, 11.6, 11.6, 28.2, 17.3, 19.0],
  y: [27.6, 29.9, 12.6, 29.9, 21.1, 18.9, 40.1, 27.6, 23.1],
};
const c = {
  name: 'c',
  x: Float64Array.from([19.1, 16.6, 17.7, 35.8, 20.3, 19.6, 13.3]),
  y: Float64Array.from([28.5, 27.2, 20.7, 36.8, 28.7, 20.2, 19.8]),
};

describe('CUPED', () => {
  const result = cupedAdjust([control, b, c]);

  it('pooled theta, mean X and variance reduction', () => {
    expect(result.theta).toBeCloseTo(0.9488826906962298, 13);
    expect(result.meanX).toBeCloseTo(18.2125, 13);
    expect(result.varianceReduction).toBeCloseTo(0.6781158993713514, 12);
  });

  it('adjusted aggregates per variant', () => {
    const expected = [
      [8, 172.9210894174368, 3769.8829051046323],
      [9, 241.6291237075707, 6556.085821776606],
      [7, 167.74978687499245, 4112.566781837764],
    ];
    result.variants.forEach((v, i) => {
      expect(v.n).toBe(expected[i][0]);
      expect(v.sum).toBeCloseTo(expected[i][1], 10);
      expect(v.sumSquares).toBeCloseTo(expected[i][2], 9);
    });
    expect(result.variants.map((v) => v.name)).toEqual(['control', 'b', 'c']);
  });

  it("feeds analyze(): GrowthBook's CUPED lift — adjusted difference over the UNADJUSTED control mean", () => {
    // gbstats form, per arm: mean' = ȳ − θ x̄, var' = var(y) + θ² var(x) − 2θ cov(x, y) (ddof 1), then
    // rel(..., uA=ȳ_control, uB=ȳ_b) of stats.test.ts → lift 0.24681812428173108 (the adjusted-denominator
    // lift ȳ'_b/ȳ'_control − 1 would be 0.24207778252616385), t 3.902729757500511, df 14.511225144241303
    expect(result.variants.map((v) => v.unadjustedMean)).toEqual([
      expect.closeTo(21.2, 12),
      expect.closeTo(25.644444444444442, 12),
      expect.closeTo(25.985714285714288, 12),
    ]);
    const r = analyze({ variants: result.variants, metric: 'mean', method: 'frequentist', correction: 'none' });
    const [b, c] = r.comparisons;
    expect(b.lift).toBeCloseTo(0.24681812428173108, 12);
    expect(b.statistic).toBeCloseTo(3.902729757500511, 10);
    expect(b.df).toBeCloseTo(14.511225144241303, 9);
    expect(b.pValue).toBeCloseTo(0.0014965370452855785, 12);
    expect(b.ci![0]).toBeCloseTo(0.11162354010166098, 11);
    expect(b.ci![1]).toBeCloseTo(0.3820127084618012, 11);
    expect(c.lift).toBeCloseTo(0.11080750427719166, 12);
    expect(c.pValue).toBeCloseTo(0.21263394150617712, 11);
  });

  it('a constant covariate leaves Y unchanged (theta = 0)', () => {
    const r = cupedAdjust([
      { name: 'a', x: [3, 3, 3], y: [1, 2, 4] },
      { name: 'b', x: [3, 3], y: [5, 6] },
    ]);
    expect(r.theta).toBe(0);
    expect(r.varianceReduction).toBe(0);
    expect(r.variants[0]).toEqual({ name: 'a', n: 3, sum: 7, sumSquares: 21, unadjustedMean: 7 / 3 });
  });

  it('rejects mismatched lengths, tiny variants and non-finite values', () => {
    expect(() => cupedAdjust([{ name: 'a', x: [1, 2], y: [1, 2, 3] }])).toThrow(RangeError);
    expect(() => cupedAdjust([{ name: 'a', x: [1], y: [1] }])).toThrow(RangeError);
    expect(() => cupedAdjust([{ name: 'a', x: [1, Number.NaN], y: [1, 2] }])).toThrow(RangeError);
    expect(() => cupedAdjust([])).toThrow(RangeError);
  });
});
