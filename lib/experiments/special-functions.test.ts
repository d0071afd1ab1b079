import { describe, expect, it } from 'vitest';
import {
  chiSquareCdf,
  chiSquareSf,
  logBeta,
  logGamma,
  normalCdf,
  normalQuantile,
  regularizedBeta,
  regularizedGammaP,
  regularizedGammaQ,
  studentTCdf,
  studentTTwoSidedP,
} from './special-functions';

/*
 * Every expected value below comes from Debian's scipy 1.10.1 (apt-get install python3-scipy; /usr/bin/python3):
 *   from scipy import stats, special
 *   stats.norm.ppf(p); stats.norm.cdf(z); special.gammaln(x); special.betainc(a, b, x)
 *   special.gammainc(a, x); special.gammaincc(a, x); 2 * stats.t.sf(abs(t), df); stats.t.cdf(t, df)
 *   stats.chi2.sf(x, df); stats.chi2.cdf(x, df)
 */

function expectRel(actual: number, expected: number, rel: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected) + 1e-300);
}

describe('normal distribution', () => {
  it.each([
    [1e-300, -37.0470962993612],
    [1e-10, -6.361340902404056],
    [0.001, -3.090232306167813],
    [0.025, -1.9599639845400545],
    [0.3, -0.5244005127080409],
    [0.975, 1.959963984540054],
    [0.999999, 4.753424308817087],
  ])('normalQuantile(%s) = scipy norm.ppf', (p, expected) => {
    expectRel(normalQuantile(p), expected, 1e-14);
  });

  it('normalQuantile edge values', () => {
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(() => normalQuantile(1.5)).toThrow(RangeError);
  });

  it.each([
    [-10, 7.61985302416047e-24],
    [-3, 0.0013498980316300933],
    [-1.96, 0.024997895148220435],
    [0, 0.5],
    [0.5, 0.6914624612740131],
    [1.96, 0.9750021048517795],
  ])('normalCdf(%s) = scipy norm.cdf (both tails accurate)', (z, expected) => {
    expectRel(normalCdf(z), expected, 1e-13);
  });
});

describe('gamma functions', () => {
  it.each([
    [0.1, 2.252712651734206],
    [0.5, 0.5723649429247],
    [2.5, 0.2846828704729192],
    [10, 12.801827480081469],
    [100.3, 360.5147057290581],
    [1e6, 12815504.569147611],
  ])('logGamma(%s) = scipy gammaln', (x, expected) => {
    expectRel(logGamma(x), expected, 1e-13);
  });

  it.each([
    // mpmath (Debian python3-mpmath, mp.dps = 40): mpmath.log(mpmath.beta(a, b))
    [1 + 1e7, 1 + 9e7, -32508306.83451946862217501381084128023504],
    [3.5, 2e6, -49.5793306699865999733196364432621904771],
    [12.25, 40.5, -28.78248082394674388495504344477974813025],
    [2, 3, Math.log(1 / 12)],
  ])('logBeta(%s, %s) keeps full relative precision for large arguments', (a, b, expected) => {
    expectRel(logBeta(a, b), expected, 2e-15);
  });

  it('logGamma(1) = logGamma(2) = 0', () => {
    expect(Math.abs(logGamma(1))).toBeLessThan(1e-14);
    expect(Math.abs(logGamma(2))).toBeLessThan(1e-14);
  });

  it.each([
    [0.5, 0.1, 0.34527915398142317, 0.6547208460185768],
    [3, 2.5, 0.45618688411667035, 0.5438131158833297],
    [10, 25, 0.9997785233617512, 0.0002214766382487835],
    [50, 40, 0.07033506665939494, 0.9296649333406051],
  ])('P(%s, %s) and Q = scipy gammainc / gammaincc', (a, x, p, q) => {
    expectRel(regularizedGammaP(a, x), p, 1e-12);
    expectRel(regularizedGammaQ(a, x), q, 1e-12);
  });
});

describe('incomplete beta and Student t', () => {
  it('I_x(a, b) with a, b ~ 1e5 (reference: mpmath.quad of the density at 30 digits = 0.500282094883461988…)', () => {
    // Debian scipy 1.10.1's betainc is only good to ~1e-9 here (0.5002820943514007), hence mpmath.
    expectRel(regularizedBeta(0.2, 1e5, 4e5), 0.500282094883461988441402564205, 1e-10);
  });

  it.each([
    [0.3, 2, 3, 0.3483],
    [0.5, 0.5, 0.5, 0.5000000000000001],
    [0.01, 100, 200, 3.827816088845057e-120],
    [0.334, 1000.5, 2000.5, 0.5300076318925389],
    [0.9, 3, 0.5, 0.4454155553479705],
  ])('I_%s(%s, %s) = scipy betainc', (x, a, b, expected) => {
    expectRel(regularizedBeta(x, a, b), expected, 1e-11);
  });

  it('regularizedBeta rejects bad arguments', () => {
    expect(() => regularizedBeta(1.1, 1, 1)).toThrow(RangeError);
    expect(() => regularizedBeta(0.5, 0, 1)).toThrow(RangeError);
  });

  it.each([
    [2.1, 3.7, 0.10926470508222474],
    [0.5, 10, 0.6278936057429729],
    [-1.2, 2.5, 0.3314388376658771],
    [5, 1000, 6.767256364648626e-7],
    [30, 4, 7.352856097661323e-6],
  ])('two-sided t p-value (t=%s, df=%s) = 2 * scipy t.sf', (t, df, expected) => {
    expectRel(studentTTwoSidedP(t, df), expected, 1e-11);
  });

  it('studentTCdf = scipy t.cdf', () => {
    expectRel(studentTCdf(-2.1, 3.7), 0.05463235254111237, 1e-12);
    expectRel(studentTCdf(1.3, 7), 0.8826160823038114, 1e-12);
  });
});

describe('chi-square', () => {
  it.each([
    [3.2, 1, 0.07363827012030258],
    [30, 19, 0.05179845889302389],
    [200, 150, 0.003973185970821635],
    [0.5, 4, 0.9735009788392561],
  ])('chiSquareSf(%s, df=%s) = scipy chi2.sf', (x, df, expected) => {
    expectRel(chiSquareSf(x, df), expected, 1e-12);
  });

  it('chiSquareCdf = scipy chi2.cdf', () => {
    expectRel(chiSquareCdf(3.2, 1), 0.9263617298796974, 1e-13);
    expectRel(chiSquareCdf(30, 19), 0.9482015411069761, 1e-13);
    expect(chiSquareSf(0, 3)).toBe(1);
  });
});
