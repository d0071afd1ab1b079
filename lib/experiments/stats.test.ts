import { describe, expect, it } from 'vitest';
import { type AnalysisInput, AnalysisInputError, analyze } from './stats';

/*
 * Every expected number below was computed with Debian scipy 1.10.1 / numpy 1.24 (/usr/bin/python3) by this
 * script (independent of the TypeScript code; the formulas are the textbook ones named in stats.ts):
 *
 *   import numpy as np; from scipy import stats, integrate
 *   def ztest(nA, sA, nB, sB):
 *       p = (sA+sB)/(nA+nB); z = (sB/nB - sA/nA)/np.sqrt(p*(1-p)*(1/nA+1/nB)); return z, 2*stats.norm.sf(abs(z))
 *   def delta(mA, seA, mB, seB, alpha=0.05):
 *       lift = mB/mA - 1; var = seB**2/mA**2 + mB**2*seA**2/mA**4; h = stats.norm.ppf(1-alpha/2)*np.sqrt(var)
 *       return lift, var, (lift-h, lift+h)
 *   def ctw(nA, sA, nB, sB):   # Beta(1+s, 1+n-s) posteriors, adaptive quadrature
 *       A = stats.beta(1+sA, 1+nA-sA); B = stats.beta(1+sB, 1+nB-sB)
 *       lo = min(A.ppf(1e-12), B.ppf(1e-12)); hi = max(A.isf(1e-12), B.isf(1e-12))
 *       return integrate.quad(lambda x: A.pdf(x)*B.sf(x), lo, hi, epsabs=1e-13, epsrel=1e-12, limit=500,
 *                             points=[A.mean(), B.mean()])[0]
 *   def holm(p):   # step-down, written out
 *       m = len(p); o = np.argsort(p); adj = np.empty(m); run = 0
 *       for r, i in enumerate(o): run = max(run, min(1, (m-r)*p[i])); adj[i] = run
 *       return adj
 *   def welch(nA, mA, vA, nB, mB, vB):
 *       r = stats.ttest_ind_from_stats(mB, np.sqrt(vB), nB, mA, np.sqrt(vA), nA, equal_var=False)
 *       qa, qb = vA/nA, vB/nB; return r.statistic, r.pvalue, (qa+qb)**2/(qa**2/(nA-1) + qb**2/(nB-1))
 *   def msprt(d, V, tau2, alpha=0.05):   # Johari et al. 2017 normal mixture
 *       lam = np.sqrt(V/(V+tau2))*np.exp(tau2*d*d/(2*V*(V+tau2)))
 *       hw = np.sqrt(V*(V+tau2)/tau2*(2*np.log(1/alpha) + np.log((V+tau2)/V))); return lam, min(1, 1/lam), (d-hw, d+hw)
 *   SRM: stats.chisquare(ns, np.array(w)/sum(w)*sum(ns))
 *   Binomial summaries: mean = s/n, se = np.sqrt(mean*(1-mean)/n); mean metric: v = (ss - s*s/n)/(n-1).
 */

function close(actual: number | null | undefined, expected: number, digits = 12): void {
  expect(actual).not.toBeNull();
  expect(actual as number).toBeCloseTo(expected, digits);
}

describe('analyze — binomial, frequentist, 2 variants', () => {
  const result = analyze({
    variants: [
      { name: 'control', n: 10000, sum: 1000 },
      { name: 'treatment', n: 10000, sum: 1100, sumSquares: 1100 },
    ],
    metric: 'binomial',
    method: 'frequentist',
    expectedWeights: [1, 1],
  });
  const c = result.comparisons[0];

  it('z-test p-value = scipy (and = chi2_contingency without correction, 0.021075189273797777)', () => {
    close(c.statistic, 2.3066347738170103);
    close(c.pValue, 0.021075189273797826, 14);
    expect(c.df).toBeNull();
  });

  it('relative lift and delta-method CI', () => {
    close(c.lift, 0.09999999999999987);
    close(c.ci![0], 0.010870112525620937);
    close(c.ci![1], 0.1891298874743788);
  });

  it('Beta chance to win = scipy quad 0.9894573544307448', () => {
    expect(Math.abs(c.chanceToWin - 0.9894573544307448)).toBeLessThan(1e-8);
  });

  it('single treatment: no correction, significant at 0.05', () => {
    expect(result.correction).toBe('none');
    expect(c.adjustedPValue).toBe(c.pValue);
    expect(c.significant).toBe(true);
    expect(c.likelihoodRatio).toBeNull();
  });

  it('summaries and SRM', () => {
    expect(result.variants[1]).toEqual({
      name: 'treatment',
      n: 10000,
      mean: 0.11,
      variance: 0.11 * 0.89,
      sd: Math.sqrt(0.11 * 0.89),
      se: Math.sqrt(0.11 * 0.89) / 100,
    });
    expect(result.srm).toMatchObject({ statistic: 0, df: 1, pValue: 1, mismatch: false });
    expect(result).toMatchObject({
      method: 'frequentist',
      alpha: 0.05,
      control: 'control',
      sequential: false,
      tau2: null,
    });
  });
});

describe('analyze — binomial, 3 variants, Holm', () => {
  const input: AnalysisInput = {
    variants: [
      { name: 'A', n: 5000, sum: 250 },
      { name: 'B', n: 5100, sum: 290 },
      { name: 'C', n: 4900, sum: 240 },
    ],
    metric: 'binomial',
    method: 'frequentist',
    expectedWeights: [1, 1, 1],
  };
  const result = analyze(input);
  const [b, c] = result.comparisons;

  it('per-comparison z-tests, lifts, CIs and chances to win', () => {
    close(b.statistic, 1.5328611572111128);
    close(b.pValue, 0.12531006815491824);
    close(b.lift, 0.13725490196078427);
    close(b.ci![0], -0.04992884630023628);
    close(b.ci![1], 0.32443865022180485);
    expect(Math.abs(b.chanceToWin - 0.9371874564506063)).toBeLessThan(1e-8);
    close(c.statistic, -0.23403548549953318);
    close(c.pValue, 0.8149574300927238);
    close(c.lift, -0.020408163265306256);
    close(c.ci![0], -0.1895676791899491);
    close(c.ci![1], 0.1487513526593366);
    expect(Math.abs(c.chanceToWin - 0.4077952280171726)).toBeLessThan(1e-8);
  });

  it('Holm-adjusted p-values = [0.2506201363098365, 0.8149574300927238]', () => {
    expect(result.correction).toBe('holm');
    close(b.adjustedPValue, 0.2506201363098365);
    close(c.adjustedPValue, 0.8149574300927238);
    expect(b.significant || c.significant).toBe(false);
  });

  it('Bonferroni on request', () => {
    const r = analyze({ ...input, correction: 'bonferroni' });
    close(r.comparisons[0].adjustedPValue, 2 * 0.12531006815491824);
    expect(r.comparisons[1].adjustedPValue).toBe(1);
  });

  it('SRM chi-square = scipy chisquare (4.0, p = 0.1353352832366127)', () => {
    close(result.srm!.statistic, 4);
    expect(result.srm!.df).toBe(2);
    close(result.srm!.pValue, 0.1353352832366127);
    expect(result.srm!.mismatch).toBe(false);
  });
});

describe('analyze — mean metric (Welch)', () => {
  it('2 variants: t, df, p, delta CI, normal chance to win', () => {
    const r = analyze({
      variants: [
        { name: 'control', n: 400, sum: 10000, sumSquares: 300000 },
        { name: 'new-price', n: 380, sum: 10260, sumSquares: 320000 },
      ],
      metric: 'mean',
      method: 'frequentist',
    });
    close(r.variants[0].variance, 125.31328320802005, 10);
    close(r.variants[1].variance, 113.40369393139842, 10);
    const c = r.comparisons[0];
    close(c.statistic, 2.557147574692964);
    close(c.df, 777.9984148921595, 8);
    close(c.pValue, 0.010742065377729726);
    close(c.lift, 0.08000000000000007);
    close(c.ci![0], 0.016123487008232393);
    close(c.ci![1], 0.14387651299176774);
    close(c.chanceToWin, 0.9947232782434224);
    expect(c.significant).toBe(true);
  });

  it('3 variants, alpha 0.1, Holm, SRM mismatch with weights 2:1:1', () => {
    const r = analyze({
      variants: [
        { name: 'control', n: 50, sum: 120, sumSquares: 400 },
        { name: 'b', n: 60, sum: 168, sumSquares: 560 },
        { name: 'c', n: 45, sum: 99, sumSquares: 300 },
      ],
      metric: 'mean',
      method: 'frequentist',
      alpha: 0.1,
      expectedWeights: [2, 1, 1],
    });
    const [b, c] = r.comparisons;
    close(b.statistic, 1.5009088155938295);
    close(b.df, 94.27822986304051, 8);
    close(b.pValue, 0.1367208928583465);
    close(b.ci![0], -0.03610245233618484);
    close(b.ci![1], 0.3694357856695183);
    close(b.chanceToWin, 0.9333104261311327);
    close(c.statistic, -0.677171170417542);
    close(c.df, 92.9970495276906, 8);
    close(c.pValue, 0.4999784389771259);
    close(c.ci![0], -0.27709375920524626);
    close(c.ci![1], 0.11042709253857971);
    close(c.chanceToWin, 0.24914867857069034);
    close(b.adjustedPValue, 0.273441785716693);
    close(c.adjustedPValue, 0.4999784389771259);
    expect(r.alpha).toBe(0.1);
    close(r.srm!.statistic, 22.419354838709676);
    expect(r.srm!.pValue / 1.3542503386431458e-5).toBeCloseTo(1, 10);
    expect(r.srm!.mismatch).toBe(true);
  });
});

describe('analyze — bayesian', () => {
  it('binomial: credible interval from Beta posterior moments, significance from chance to win', () => {
    // posteriors Beta(21, 181) and Beta(36, 176): means 0.10396039603960396, 0.16981132075471697,
    // sds 0.021421483633459765, 0.025726572012290085 (stats.beta(a, b).mean()/.std()), then delta(...)
    const r = analyze({
      variants: [
        { name: 'control', n: 200, sum: 20 },
        { name: 'b', n: 210, sum: 35 },
      ],
      metric: 'binomial',
      method: 'bayesian',
    });
    const c = r.comparisons[0];
    close(c.lift, 0.633423180592992);
    close(c.ci![0], -0.18536552532136263);
    close(c.ci![1], 1.4522118865073466);
    expect(Math.abs(c.chanceToWin - 0.9756014249921136)).toBeLessThan(1e-8);
    close(c.pValue, 0.0477216644297637); // z-test still reported
    expect(c.significant).toBe(true); // 0.9756 > 1 − 0.05/2
    const stricter = analyze({
      variants: [
        { name: 'control', n: 200, sum: 20 },
        { name: 'b', n: 210, sum: 35 },
      ],
      metric: 'binomial',
      method: 'bayesian',
      alpha: 0.04,
    });
    expect(stricter.comparisons[0].significant).toBe(false); // needs > 0.98
  });
});

describe('analyze — sequential (mSPRT)', () => {
  it('always-valid p-value and confidence sequence for 10% lift, default tau2 = 0.01', () => {
    const r = analyze({
      variants: [
        { name: 'control', n: 10000, sum: 1000 },
        { name: 'treatment', n: 10000, sum: 1100 },
      ],
      metric: 'binomial',
      method: 'frequentist',
      sequential: true,
    });
    const c = r.comparisons[0];
    expect(r.tau2).toBe(0.01);
    close(c.likelihoodRatio, 3.069419417416652, 10);
    close(c.pValue, 0.32579451160234096);
    close(c.ci![0], -0.039122103862884866);
    close(c.ci![1], 0.2391221038628846);
    expect(c.significant).toBe(false); // the fixed-horizon test (p = 0.021) would have said yes
    close(c.statistic, 2.3066347738170103);
  });

  it('large sample: significant with a wider interval than fixed horizon', () => {
    // lift 0.06, V = 0.000195888; fixed z = 4.413889114890682, p = 1.0152997633306256e-05
    const r = analyze({
      variants: [
        { name: 'control', n: 100000, sum: 10000 },
        { name: 'treatment', n: 100000, sum: 10600 },
      ],
      metric: 'binomial',
      method: 'frequentist',
      sequential: true,
      tau2: 0.01,
    });
    const c = r.comparisons[0];
    close(c.pValue, 0.0008793881575966646, 14);
    close(c.ci![0], 0.015435441863286187);
    close(c.ci![1], 0.10456455813671348);
    expect(c.significant).toBe(true);
  });

  it('3 variants: Holm over always-valid p-values', () => {
    const r = analyze({
      variants: [
        { name: 'A', n: 5000, sum: 250 },
        { name: 'B', n: 5100, sum: 290 },
        { name: 'C', n: 4900, sum: 240 },
      ],
      metric: 'binomial',
      method: 'frequentist',
      sequential: true,
    });
    close(r.comparisons[0].pValue, 0.8436672093671639);
    close(r.comparisons[0].ci![0], -0.20538375705983763);
    close(r.comparisons[0].ci![1], 0.4798935609814062);
    expect(r.comparisons[1].pValue).toBe(1); // Λ = 0.6639 < 1
    close(r.comparisons[1].ci![0], -0.3186345718296894);
    expect(r.comparisons.map((c) => c.adjustedPValue)).toEqual([1, 1]);
  });
});

describe('analyze — edge cases', () => {
  it('zero conversions in control: lift and ci are null, p-value still defined', () => {
    const r = analyze({
      variants: [
        { name: 'a', n: 50, sum: 0 },
        { name: 'b', n: 50, sum: 4 },
      ],
      metric: 'binomial',
      method: 'frequentist',
    });
    expect(r.comparisons[0].lift).toBeNull();
    expect(r.comparisons[0].ci).toBeNull();
    // z = 0.08/np.sqrt(0.04*0.96*(2/50)) = 2.041241452319315; 2*stats.norm.sf(z) = 0.041226833337163676
    close(r.comparisons[0].statistic, 2.041241452319315);
    close(r.comparisons[0].pValue, 0.041226833337163676, 14);
  });
});

describe('analyze — input validation', () => {
  function issuesOf(input: unknown): { path: PropertyKey[]; message: string }[] {
    try {
      analyze(input as AnalysisInput);
    } catch (err) {
      expect(err).toBeInstanceOf(AnalysisInputError);
      expect((err as Error).name).toBe('AnalysisInputError');
      return (err as AnalysisInputError).issues;
    }
    throw new Error('expected analyze() to throw');
  }
  const ok = { metric: 'binomial', method: 'frequentist' } as const;

  it('fewer than 2 variants', () => {
    expect(issuesOf({ ...ok, variants: [{ name: 'a', n: 10, sum: 1 }] })[0].path).toEqual(['variants']);
  });

  it('n < 2 and non-integer n', () => {
    const issues = issuesOf({
      ...ok,
      variants: [
        { name: 'a', n: 1, sum: 0 },
        { name: 'b', n: 2.5, sum: 1 },
      ],
    });
    expect(issues.map((i) => i.path.join('.'))).toEqual(['variants.0.n', 'variants.1.n']);
  });

  it('binomial sum > n, non-integer conversions, sumSquares ≠ sum', () => {
    const issues = issuesOf({
      ...ok,
      variants: [
        { name: 'a', n: 10, sum: 11 },
        { name: 'b', n: 10, sum: 2.5 },
        { name: 'c', n: 10, sum: 3, sumSquares: 9 },
      ],
    });
    expect(issues.map((i) => i.path.join('.'))).toEqual(['variants.0.sum', 'variants.1.sum', 'variants.2.sumSquares']);
    expect(issues[0].message).toMatch(/\[0, n=10\]/);
  });

  it('mean metric: negative variance and missing sumSquares', () => {
    const issues = issuesOf({
      metric: 'mean',
      method: 'frequentist',
      variants: [
        { name: 'a', n: 10, sum: 100, sumSquares: 900 },
        { name: 'b', n: 10, sum: 5 },
      ],
    });
    expect(issues.map((i) => i.path.join('.'))).toEqual(['variants.0.sumSquares', 'variants.1.sumSquares']);
    expect(issues[0].message).toMatch(/negative variance/);
  });

  it('duplicate names, weights length, sequential bayesian, alpha range, unknown metric', () => {
    const issues = issuesOf({
      metric: 'binomial',
      method: 'bayesian',
      sequential: true,
      expectedWeights: [1],
      variants: [
        { name: 'a', n: 10, sum: 1 },
        { name: 'a', n: 10, sum: 1 },
      ],
    });
    expect(issues.map((i) => i.path.join('.'))).toEqual(['variants.1.name', 'expectedWeights', 'sequential']);
    expect(
      issuesOf({
        ...ok,
        alpha: 1.5,
        variants: [
          { name: 'a', n: 10, sum: 1 },
          { name: 'b', n: 10, sum: 1 },
        ],
      })[0].path,
    ).toEqual(['alpha']);
    expect(issuesOf({ ...ok, metric: 'ratio', variants: [] }).map((i) => i.path.join('.'))).toContain('metric');
  });

  it('non-finite numbers', () => {
    const issues = issuesOf({
      ...ok,
      variants: [
        { name: 'a', n: 10, sum: Number.POSITIVE_INFINITY },
        { name: 'b', n: 10, sum: Number.NaN },
      ],
    });
    expect(issues.map((i) => i.path.join('.'))).toEqual(['variants.0.sum', 'variants.1.sum']);
  });

  it('the message lists paths', () => {
    expect(() =>
      analyze({
        ...ok,
        variants: [
          { name: 'a', n: 1, sum: 0 },
          { name: 'b', n: 10, sum: 1 },
        ],
      }),
    ).toThrow(/Invalid analysis input: variants\.0\.n: n must be at least 2/);
  });
});
