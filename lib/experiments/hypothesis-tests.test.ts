import { describe, expect, it } from 'vitest';
import { deltaMethodRelativeLift, twoProportionZTest, welchTTest } from './hypothesis-tests';

/*
 * Debian scipy 1.10.1 references:
 *   z-test: p = (sA+sB)/(nA+nB); z = (sB/nB - sA/nA)/np.sqrt(p*(1-p)*(1/nA+1/nB)); 2*stats.norm.sf(abs(z))
 *     cross-check: stats.chi2_contingency([[1000, 9000], [1100, 8900]], correction=False)[1] = 0.021075189273797777
 *   Welch: stats.ttest_ind_from_stats(mB, sdB, nB, mA, sdA, nA, equal_var=False)
 *     df = (qa+qb)**2/(qa**2/(nA-1) + qb**2/(nB-1)) with qa = vA/nA, qb = vB/nB
 *   delta: lift = mB/mA - 1; var = seB**2/mA**2 + mB**2*seA**2/mA**4; lift ± stats.norm.ppf(1-alpha/2)*np.sqrt(var)
 */
describe('two-proportion z-test (pooled)', () => {
  it('1000/10000 vs 1100/10000', () => {
    const r = twoProportionZTest(10000, 1000, 10000, 1100);
    expect(r.statistic).toBeCloseTo(2.3066347738170103, 13);
    expect(r.pValue).toBeCloseTo(0.021075189273797826, 14);
    expect(r.df).toBeNull();
  });

  it('negative effect: 250/5000 vs 240/4900', () => {
    const r = twoProportionZTest(5000, 250, 4900, 240);
    expect(r.statistic).toBeCloseTo(-0.23403548549953318, 13);
    expect(r.pValue).toBeCloseTo(0.8149574300927238, 13);
  });

  it('pooled rate 0 → p = 1', () => {
    expect(twoProportionZTest(100, 0, 120, 0).pValue).toBe(1);
  });
});

describe('Welch t-test', () => {
  it('n=400 mean 25 var 125.313… vs n=380 mean 27 var 113.403…', () => {
    const r = welchTTest(25, 125.31328320802005, 400, 27, 113.40369393139842, 380);
    expect(r.statistic).toBeCloseTo(2.557147574692964, 12);
    expect(r.pValue).toBeCloseTo(0.010742065377729726, 13);
    expect(r.df).toBeCloseTo(777.9984148921595, 9);
  });

  it('small samples with unequal variances (df far from nA + nB − 2)', () => {
    const r = welchTTest(2.4, 2.2857142857142856, 50, 2.8, 1.5186440677966107, 60);
    expect(r.statistic).toBeCloseTo(1.5009088155938295, 12);
    expect(r.pValue).toBeCloseTo(0.1367208928583465, 12);
    expect(r.df).toBeCloseTo(94.27822986304051, 9);
  });

  it('zero variance in both arms', () => {
    expect(welchTTest(1, 0, 5, 1, 0, 5).pValue).toBe(1);
    expect(welchTTest(1, 0, 5, 2, 0, 5).pValue).toBe(0);
  });
});

describe('delta-method relative lift', () => {
  it('binomial 10% vs 11%', () => {
    const seA = Math.sqrt((0.1 * 0.9) / 10000);
    const seB = Math.sqrt((0.11 * 0.89) / 10000);
    const r = deltaMethodRelativeLift(0.1, seA, 0.11, seB)!;
    expect(r.lift).toBeCloseTo(0.09999999999999987, 13);
    expect(r.variance).toBeCloseTo(0.0020679999999999995, 15);
    expect(r.ci[0]).toBeCloseTo(0.010870112525620937, 12);
    expect(r.ci[1]).toBeCloseTo(0.1891298874743788, 12);
  });

  it('alpha = 0.1 narrows the interval', () => {
    const r = deltaMethodRelativeLift(
      2.4,
      Math.sqrt(2.2857142857142856 / 50),
      2.8,
      Math.sqrt(1.5186440677966107 / 60),
      0.1,
    )!;
    expect(r.ci[0]).toBeCloseTo(-0.03610245233618484, 12);
    expect(r.ci[1]).toBeCloseTo(0.3694357856695183, 12);
  });

  it('control mean 0 → null', () => {
    expect(deltaMethodRelativeLift(0, 0, 0.1, 0.01)).toBeNull();
  });
});
