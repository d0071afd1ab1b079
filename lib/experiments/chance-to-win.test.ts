import { describe, expect, it } from 'vitest';
import { binomialChanceToWin, normalChanceToWin, probabilityBetaGreater } from './chance-to-win';

/*
 * Reference: Debian scipy 1.10.1, adaptive quadrature of P(p_B > p_A) = ∫ f_A(x) (1 − F_B(x)) dx, and Evan
 * Miller's closed form (integer α_B) as a second, independent check — both agree to < 1e-9:
 *   import numpy as np; from scipy import stats, integrate, special
 *   def quad(nA, sA, nB, sB):
 *       A = stats.beta(1+sA, 1+nA-sA); B = stats.beta(1+sB, 1+nB-sB)
 *       lo = min(A.ppf(1e-12), B.ppf(1e-12)); hi = max(A.isf(1e-12), B.isf(1e-12))
 *       return integrate.quad(lambda x: A.pdf(x) * B.sf(x), lo, hi, epsabs=1e-13, epsrel=1e-12,
 *                             limit=500, points=[A.mean(), B.mean()])[0]
 *   def miller(nA, sA, nB, sB):
 *       aA, bA, aB, bB = 1+sA, 1+nA-sA, 1+sB, 1+nB-sB; i = np.arange(aB)
 *       return np.sum(np.exp(special.betaln(aA+i, bA+bB) - np.log(bB+i) - special.betaln(1+i, bB)
 *                            - special.betaln(aA, bA)))
 */
describe('binomial chance to win (Beta posteriors, numeric integration)', () => {
  it.each([
    // nA, sA, nB, sB, scipy quad
    [1000, 100, 1000, 120, 0.9231834389725602],
    [10, 1, 12, 3, 0.7846790890259148],
    [50000, 1000, 50000, 1050, 0.8676937899298266],
    [1e6, 10, 1e6, 12, 0.6611811442938647],
    [200, 0, 200, 1, 0.7506234413955085],
    [100, 100, 100, 99, 0.24875621890544597],
    [10000, 500, 100, 8, 0.9320944504223779], // very different posterior widths: integrates over the narrow one
    [2, 0, 2, 2, 0.95], // exact: Beta(1,3) vs Beta(3,1) → 19/20
  ])('nA=%s sA=%s nB=%s sB=%s → %s', (nA, sA, nB, sB, expected) => {
    expect(Math.abs(binomialChanceToWin(nA, sA, nB, sB) - expected)).toBeLessThan(1e-8);
  });

  it('n = 1e8 stays accurate: Evan Miller sum in mpmath (dps 40) = 0.81250000312500000781…', () => {
    expect(Math.abs(binomialChanceToWin(1e8, 1, 1e8, 3) - 0.8125000031250000078125)).toBeLessThan(1e-8);
  });

  it('is antisymmetric: P(B > A) + P(A > B) = 1 (continuous posteriors)', () => {
    const ab = binomialChanceToWin(3000, 120, 2800, 131);
    const ba = binomialChanceToWin(2800, 131, 3000, 120);
    expect(ab + ba).toBeCloseTo(1, 10);
  });

  it('identical posteriors give exactly one half', () => {
    expect(probabilityBetaGreater({ alpha: 31, beta: 971 }, { alpha: 31, beta: 971 })).toBeCloseTo(0.5, 12);
  });

  it('rejects impossible counts', () => {
    expect(() => binomialChanceToWin(10, 11, 10, 1)).toThrow(RangeError);
    expect(() => probabilityBetaGreater({ alpha: 0.5, beta: 2 }, { alpha: 1, beta: 1 })).toThrow(RangeError);
  });
});

describe('normal chance to win (mean metric)', () => {
  it('= scipy stats.norm.cdf((mB - mA) / sqrt(seA**2 + seB**2))', () => {
    // stats.norm.cdf((27 - 25) / np.sqrt(125.31328320802005/400 + 113.40369393139842/380)) = 0.9947232782434224
    const p = normalChanceToWin(25, Math.sqrt(125.31328320802005 / 400), 27, Math.sqrt(113.40369393139842 / 380));
    expect(p).toBeCloseTo(0.9947232782434224, 13);
  });

  it('zero spread: 0, 1/2 or 1', () => {
    expect(normalChanceToWin(1, 0, 2, 0)).toBe(1);
    expect(normalChanceToWin(2, 0, 1, 0)).toBe(0);
    expect(normalChanceToWin(1, 0, 1, 0)).toBe(0.5);
  });
});
