import { describe, expect, it } from 'vitest';
import { type AnalysisInput, AnalysisInputError, analyze } from './stats';

/*
 * Every expected number below was computed with Debian scipy 1.17 / numpy (/usr/bin/python3), independently
 * of the TypeScript code, by this script (gbstats' formulas written out from its documentation and papers):
 *
 *   import numpy as np; from scipy import stats, integrate
 *   def rel(nA, mA, vA, nB, mB, vB, uA=None, uB=None, alpha=0.05):   # relative t-test (gbstats TwoSidedTTest)
 *       uA = mA if uA is None else uA; uB = mB if uB is None else uB
 *       lift = (mB - mA)/abs(uA); V = vB/(nB*uA**2) + vA*uB**2/(nA*uA**4)
 *       qa, qb = vA/nA, vB/nB; df = (qa+qb)**2/(qa**2/(nA-1) + qb**2/(nB-1))
 *       t = lift/np.sqrt(V); p = 2*stats.t.sf(abs(t), df); h = stats.t.ppf(1-alpha/2, df)*np.sqrt(V)
 *       return lift, V, df, t, p, (lift-h, lift+h)
 *   binom = lambda n, s: (n, s/n, s/n*(1-s/n)); meanm = lambda n, s, ss: (n, s/n, (ss-s*s/n)/(n-1))
 *   def seq(lift, V, N, alpha=0.05, nstar=5000):   # Waudby-Smith et al. eqs 155 & 161 (gbstats sequential)
 *       s2 = V*N; rho = np.sqrt((-2*np.log(alpha) + np.log(-2*np.log(alpha)+1))/nstar); tr = N*rho**2 + 1
 *       w = np.sqrt(s2)*np.sqrt(2*tr*np.log(np.sqrt(tr)/alpha)/(N*rho)**2)
 *       ev = np.exp(rho**2*N*(lift**2*N/s2)/(2*tr))/np.sqrt(tr); return min(1, 1/ev), ev, (lift-w, lift+w)
 *   def bayes(lift, V, alpha=0.05, prior=None):   # gbstats EffectBayesianABTest, loss by quadrature
 *       m = lift
 *       if prior: pm, pv = prior; prec = 1/V + 1/pv; m = (m/V + pm/pv)/prec; V = 1/prec
 *       s = np.sqrt(V); z = stats.norm.ppf(1-alpha/2)
 *       loss = [integrate.quad(lambda x: max(0, sg*x)*stats.norm.pdf(x, m, s), m-40*s, m+40*s, points=[0])[0]
 *               for sg in (1, -1)]
 *       return m, s, stats.norm.sf(0, m, s), (m-z*s, m+z*s), loss
 *   Beta chance to win: integrate.quad(A.pdf(x)*B.sf(x)) of Beta(1+s, 1+n-s) posteriors.
 *   Holm: step-down written out. SRM: stats.chisquare(ns, np.array(w)/sum(w)*sum(ns)).
 */

function close(actual: number | null | undefined, expected: number, digits = 12): void {
  expect(actual).not.toBeNull();
  expect(actual as number).toBeCloseTo(expected, digits);
}

describe('analyze — binomial, frequentist, 2 variants (relative t-test)', () => {
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

  it('t = lift/√V with Welch df, p and interval from the same t: scipy rel(binom(10000,1000), binom(10000,1100))', () => {
    close(c.lift, 0.09999999999999995);
    close(c.statistic, 2.1989974856677112, 10);
    close(c.df, 19962.712558123232, 6);
    close(c.pValue, 0.02788952876460059, 12);
    close(c.ci![0], 0.010864708144846927, 11);
    close(c.ci![1], 0.189135291855153, 11);
  });

  it('chance to win from the flat effect posterior, exact Beta reported beside it', () => {
    expect(result.chanceToWinModel).toBe('effect-gaussian');
    close(c.chanceToWin, 0.9860609494573318, 12);
    expect(Math.abs((c.betaChanceToWin as number) - 0.9894573544307448)).toBeLessThan(1e-8);
    close(c.expectedLoss![0], 0.10022287267691718, 10);
    close(c.expectedLoss![1], 0.00022287267691721633, 12);
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
      sequentialTuningSampleSize: null,
      bayesianModel: 'effect',
      prior: null,
      higherIsBetter: true,
    });
  });
});

describe('analyze — p and interval agree (the issue case 191/2097 vs 228/2968)', () => {
  it('interval excludes 0 and p < 0.05: scipy rel → p 0.04794967395167682', () => {
    const r = analyze({
      variants: [
        { name: 'control', n: 2097, sum: 191 },
        { name: 'b', n: 2968, sum: 228 },
      ],
      metric: 'binomial',
      method: 'frequentist',
    });
    const c = r.comparisons[0];
    close(c.lift, -0.15659530630389065);
    close(c.pValue, 0.04794967395167682, 11);
    close(c.ci![0], -0.31177667131646036, 11);
    close(c.ci![1], -0.0014139412913209137, 11);
    close(c.df, 4290.654095883633, 7);
  });

  it('small n uses t, not z: interval wider than the z interval (n = 100 vs 110)', () => {
    const c = analyze({
      variants: [
        { name: 'control', n: 100, sum: 10 },
        { name: 'b', n: 110, sum: 20 },
      ],
      metric: 'binomial',
      method: 'frequentist',
    }).comparisons[0];
    close(c.ci![0], -0.47889008216343965, 11);
    close(c.ci![1], 2.115253718527076, 11);
    close(c.pValue, 0.21502995452572035, 11);
    expect(c.ci![0]).toBeLessThan(-0.4711666392058098); // z-based lower end
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

  it('per-comparison relative t-tests, lifts, intervals and Beta chances to win', () => {
    close(b.statistic, 1.4371689158055674, 11);
    close(b.pValue, 0.15070103816789857, 11);
    close(b.lift, 0.13725490196078424);
    close(b.ci![0], -0.04995132255572496, 11);
    close(b.ci![1], 0.3244611264772934, 11);
    expect(Math.abs((b.betaChanceToWin as number) - 0.9371874564506063)).toBeLessThan(1e-8);
    close(c.statistic, -0.23645885229674232, 11);
    close(c.pValue, 0.8130815265772677, 11);
    close(c.ci![0], -0.18958836939084567, 11);
    close(c.ci![1], 0.1487720428602332, 11);
    expect(Math.abs((c.betaChanceToWin as number) - 0.4077952280171726)).toBeLessThan(1e-8);
  });

  it('Holm-adjusted p-values = [2 p_B, p_C]', () => {
    expect(result.correction).toBe('holm');
    close(b.adjustedPValue, 2 * 0.15070103816789857, 11);
    close(c.adjustedPValue, 0.8130815265772677, 11);
    expect(b.significant || c.significant).toBe(false);
  });

  it('Bonferroni on request', () => {
    const r = analyze({ ...input, correction: 'bonferroni' });
    close(r.comparisons[0].adjustedPValue, 2 * 0.15070103816789857, 11);
    expect(r.comparisons[1].adjustedPValue).toBe(1);
  });

  it('SRM chi-square = scipy chisquare (4.0, p = 0.1353352832366127)', () => {
    close(result.srm!.statistic, 4);
    expect(result.srm!.df).toBe(2);
    close(result.srm!.pValue, 0.1353352832366127);
    expect(result.srm!.mismatch).toBe(false);
  });
});

describe('analyze — mean metric', () => {
  it('2 variants: relative t, Welch df, p, interval', () => {
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
    close(c.statistic, 2.454691269440649, 11);
    close(c.df, 777.9984148921595, 8);
    close(c.pValue, 0.014318519443609797, 12);
    close(c.lift, 0.08);
    close(c.ci![0], 0.016023959491690803, 11);
    close(c.ci![1], 0.1439760405083092, 11);
    close(c.chanceToWin, 0.9929497185325196, 11);
    expect(c.betaChanceToWin).toBeNull();
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
    close(b.statistic, 1.3519922190652875, 11);
    close(b.df, 94.27822986304051, 8);
    close(b.pValue, 0.17961234090466427, 11);
    close(b.ci![0], -0.0381147212379262, 11);
    close(b.ci![1], 0.37144805457125946, 11);
    close(c.pValue, 0.4810709389935484, 11);
    close(c.ci![0], -0.27904338366437725, 11);
    close(c.ci![1], 0.11237671699771079, 11);
    close(b.adjustedPValue, 2 * 0.17961234090466427, 11);
    close(c.adjustedPValue, 0.4810709389935484, 11);
    close(r.srm!.statistic, 22.419354838709676);
    expect(r.srm!.pValue / 1.3542503386431458e-5).toBeCloseTo(1, 10);
    expect(r.srm!.mismatch).toBe(true);
  });

  it('negative control mean: lift divided by |control| keeps the direction (−2 → −1 is +50 %)', () => {
    const c = analyze({
      variants: [
        { name: 'control', n: 30, sum: -60, sumSquares: 400 },
        { name: 'b', n: 30, sum: -30, sumSquares: 300 },
      ],
      metric: 'mean',
      method: 'frequentist',
    }).comparisons[0];
    close(c.lift, 0.5);
    close(c.pValue, 0.11511570967601122, 11);
    close(c.ci![0], -0.12568490266097965, 11);
    close(c.ci![1], 1.1256849026609796, 11);
  });

  it('a cost metric (higherIsBetter false) never reports a chance to win', () => {
    const r = analyze({
      variants: [
        { name: 'control', n: 400, sum: 10000, sumSquares: 300000 },
        { name: 'b', n: 380, sum: 10260, sumSquares: 320000 },
      ],
      metric: 'mean',
      method: 'bayesian',
      higherIsBetter: false,
    });
    expect(r.comparisons[0].chanceToWin).toBeNull();
    expect(r.comparisons[0].expectedLoss).toBeNull();
    expect(r.comparisons[0].significant).toBe(true); // P(Δ > 0) = 0.99295 > 0.975: a significant increase
  });
});

describe('analyze — bayesian', () => {
  const twoArms = [
    { name: 'control', n: 10000, sum: 1000 },
    { name: 'b', n: 10000, sum: 1100 },
  ];
  it('effect model, flat prior: posterior = N(lift, V), z credible interval', () => {
    const c = analyze({ variants: twoArms, metric: 'binomial', method: 'bayesian' }).comparisons[0];
    close(c.lift, 0.09999999999999995);
    close(c.ci![0], 0.01087011252562102, 11);
    close(c.ci![1], 0.18912988747437887, 11);
    close(c.chanceToWin, 0.9860609494573318, 11);
    close(c.pValue, 0.02788952876460059, 11); // the frequentist p is still reported
    expect(c.significant).toBe(true);
  });

  it('effect model, informative prior N(0, 0.3²) shrinks towards 0', () => {
    const r = analyze({
      variants: twoArms,
      metric: 'binomial',
      method: 'bayesian',
      prior: { mean: 0, variance: 0.09 },
    });
    const c = r.comparisons[0];
    expect(r.prior).toEqual({ mean: 0, variance: 0.09 });
    close(c.lift, 0.09775383412260498, 12);
    close(c.ci![0], 0.009630634281615577, 11);
    close(c.ci![1], 0.1858770339635944, 11);
    close(c.chanceToWin, 0.9851534641203715, 11);
    close(c.expectedLoss![0], 0.09799025745012768, 10);
    close(c.expectedLoss![1], 0.00023642332752268905, 12);
  });

  it('beta model: exact Beta chance to win, credible interval from Beta posterior moments', () => {
    // posteriors Beta(21, 181) and Beta(36, 176) → delta on their means/sds
    const r = analyze({
      variants: [
        { name: 'control', n: 200, sum: 20 },
        { name: 'b', n: 210, sum: 35 },
      ],
      metric: 'binomial',
      method: 'bayesian',
      bayesianModel: 'beta',
    });
    const c = r.comparisons[0];
    expect(r.chanceToWinModel).toBe('beta-exact');
    close(c.lift, 0.633423180592992);
    close(c.ci![0], -0.18536552532136263);
    close(c.ci![1], 1.4522118865073466);
    expect(Math.abs((c.chanceToWin as number) - 0.9756014249921136)).toBeLessThan(1e-8);
    expect(c.significant).toBe(true);
  });

  it('zero control conversions: lift, interval, chance to win and loss are null (effect model)', () => {
    const r = analyze({
      variants: [
        { name: 'a', n: 50, sum: 0 },
        { name: 'b', n: 50, sum: 4 },
      ],
      metric: 'binomial',
      method: 'bayesian',
    });
    const c = r.comparisons[0];
    expect([c.lift, c.ci, c.chanceToWin, c.expectedLoss]).toEqual([null, null, null, null]);
    expect(c.significant).toBe(false);
    expect(c.betaChanceToWin).toBeGreaterThan(0.97); // the exact Beta probability is still defined
  });
});

describe('analyze — sequential (mSPRT with GrowthBook tuning n*)', () => {
  it('default n* = 5000: Waudby-Smith e-value and confidence sequence', () => {
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
    expect(r.sequentialTuningSampleSize).toBe(5000);
    close(c.likelihoodRatio, 1.8213677402435586, 10);
    close(c.pValue, 0.5490379443452079, 11);
    close(c.ci![0], -0.04220635376208545, 11);
    close(c.ci![1], 0.24220635376208535, 11);
    expect(c.significant).toBe(false); // the fixed-horizon test (p = 0.028) would have said yes
  });

  it('large sample, n* = 5000 and n* = 50000', () => {
    const variants = [
      { name: 'control', n: 100000, sum: 10000 },
      { name: 'treatment', n: 100000, sum: 10600 },
    ];
    const base = { variants, metric: 'binomial', method: 'frequentist', sequential: true } as const;
    const c = analyze(base).comparisons[0];
    close(c.pValue, 0.0018765092031312026, 12);
    close(c.ci![0], 0.011938570064771406, 11);
    close(c.ci![1], 0.10806142993522842, 11);
    const d = analyze({ ...base, sequentialTuningSampleSize: 50000 }).comparisons[0];
    close(d.pValue, 0.0007740059346531859, 12);
    close(d.ci![0], 0.0162329122323759, 11);
    close(d.likelihoodRatio, 1291.9797578142302, 7);
  });
});

describe('analyze — edge cases', () => {
  it('zero conversions in control (frequentist): lift and ci null, p from Welch on the absolute difference', () => {
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
    // stats.ttest_ind_from_stats(0.08, np.sqrt(0.08*0.92), 50, 0, 0, 50, equal_var=False)
    close(r.comparisons[0].statistic, 2.0851441405707476, 12);
    close(r.comparisons[0].pValue, 0.0422878174611762, 12);
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
