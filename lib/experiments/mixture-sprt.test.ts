import { describe, expect, it } from 'vitest';
import { mixtureSprt } from './mixture-sprt';
import { normalQuantile } from './special-functions';

/*
 * References (numpy, formula of Johari et al. 2017 written out independently):
 *   def msprt(d, V, tau2, alpha=0.05):
 *       lam = np.sqrt(V/(V+tau2)) * np.exp(tau2*d*d / (2*V*(V+tau2)))
 *       hw = np.sqrt(V*(V+tau2)/tau2 * (2*np.log(1/alpha) + np.log((V+tau2)/V)))
 *       return lam, min(1, 1/lam), (d-hw, d+hw)
 *   Johari's two-stream form with n per arm, per-user variance s2, observed difference diff:
 *       np.sqrt(2*s2/(2*s2+n*tau2)) * np.exp(n*n*tau2*diff**2 / (4*s2*(2*s2+n*tau2)))
 *       n=500, s2=4, diff=0.3, tau2=0.05 → 4.146019877111418
 */
describe('normal-mixture mSPRT', () => {
  it('reproduces Johari et al. two-stream statistic when V = 2σ²/n', () => {
    const r = mixtureSprt({ estimate: 0.3, variance: (2 * 4) / 500, tau2: 0.05 });
    expect(r.likelihoodRatio).toBeCloseTo(4.146019877111418, 12);
    expect(r.pValue).toBeCloseTo(0.24119517745696686, 13);
    expect(r.ci[0]).toBeCloseTo(-0.0955605713071192, 12);
    expect(r.ci[1]).toBeCloseTo(0.6955605713071191, 12);
  });

  it('relative lift 10% with delta variance 0.002068, tau2 = 0.01 and 0.001', () => {
    const a = mixtureSprt({ estimate: 0.1, variance: 0.002068, tau2: 0.01 });
    expect(a.likelihoodRatio).toBeCloseTo(3.069419417416652, 11);
    expect(a.pValue).toBeCloseTo(0.32579451160234096, 12);
    expect(a.ci[0]).toBeCloseTo(-0.039122103862884866, 12);
    expect(a.ci[1]).toBeCloseTo(0.2391221038628846, 12);
    const b = mixtureSprt({ estimate: 0.1, variance: 0.002068, tau2: 0.001 });
    expect(b.pValue).toBeCloseTo(0.5538580782156798, 12);
    expect(b.ci[0]).toBeCloseTo(-0.10128633377786289, 12);
  });

  it('the confidence sequence is wider than the fixed-horizon interval and its ends sit at Λ = 1/α', () => {
    const V = 0.002068;
    const r = mixtureSprt({ estimate: 0.1, variance: V, tau2: 0.01, alpha: 0.05 });
    const fixedHalf = normalQuantile(0.975) * Math.sqrt(V);
    expect(r.ci[1] - 0.1).toBeGreaterThan(fixedHalf * 1.3);
    // Λ(θ₀ = upper end) must equal 1/α = 20
    const atEnd = mixtureSprt({ estimate: 0.1, variance: V, tau2: 0.01, null0: r.ci[1] });
    expect(atEnd.likelihoodRatio).toBeCloseTo(20, 9);
  });

  it('no effect and zero variance edge cases; bad parameters', () => {
    expect(mixtureSprt({ estimate: 0, variance: 0.01 }).pValue).toBe(1);
    expect(mixtureSprt({ estimate: 0.2, variance: 0 }).pValue).toBe(0);
    expect(() => mixtureSprt({ estimate: 0.1, variance: 0.01, tau2: 0 })).toThrow(RangeError);
    expect(() => mixtureSprt({ estimate: 0.1, variance: -1 })).toThrow(RangeError);
  });
});
