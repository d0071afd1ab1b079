import { describe, expect, it } from 'vitest';
import { effectPosterior } from './effect-posterior';
import { mixtureSprt, tau2FromTuningSampleSize } from './mixture-sprt';
import { relativeEffect, relativeTTest, welchDf } from './relative-effect';
import { studentTUpperQuantile } from './special-functions';

/* References: scipy 1.17 — stats.t.ppf(1 - a/2, df); the rel()/seq()/bayes() script in stats.test.ts. */

describe('studentTUpperQuantile = scipy t.ppf(1 − α/2, ν)', () => {
  const cases: [number, number, number][] = [
    [0.05, 5, 2.5705818356363146],
    [0.05, 37.4, 2.0254612332283064],
    [0.1, 198.6, 1.6525623137502814],
    [0.01, 2.5, 7.163728138948783],
    [0.05, 1e6, 1.959966356814107],
    [0.05, 1.3, 7.500529325562029],
  ];
  it.each(cases)('α %f, ν %f', (alpha, df, expected) => {
    expect(studentTUpperQuantile(alpha, df)).toBeCloseTo(expected, 9);
  });
  it('ν = ∞ is the normal quantile; bad input throws', () => {
    expect(studentTUpperQuantile(0.05, Infinity)).toBeCloseTo(1.959963984540054, 12);
    expect(() => studentTUpperQuantile(0, 5)).toThrow(RangeError);
    expect(() => studentTUpperQuantile(0.05, 0)).toThrow(RangeError);
  });
});

describe('relativeEffect / relativeTTest', () => {
  it('binomial 1000/10000 vs 1100/10000: lift, V, Welch df, t, p, interval', () => {
    const e = relativeEffect({ n: 10000, mean: 0.1, variance: 0.09 }, { n: 10000, mean: 0.11, variance: 0.11 * 0.89 });
    expect(e!.lift).toBeCloseTo(0.1, 14);
    expect(e!.variance).toBeCloseTo(0.0020679999999999995, 16);
    expect(e!.df).toBeCloseTo(19962.712558123232, 6);
    const t = relativeTTest(e!, 0.05);
    expect(t.pValue).toBeCloseTo(0.02788952876460059, 12);
    expect(t.ci[0]).toBeCloseTo(0.010864708144846927, 11);
  });
  it('zero control mean → null; zero variance → certain; bad arms throw', () => {
    expect(relativeEffect({ n: 5, mean: 0, variance: 0 }, { n: 5, mean: 1, variance: 1 })).toBeNull();
    const e = relativeEffect({ n: 5, mean: 2, variance: 0 }, { n: 5, mean: 3, variance: 0 })!;
    expect(e.df).toBe(Infinity);
    expect(relativeTTest(e)).toEqual({ statistic: Infinity, df: Infinity, pValue: 0, ci: [0.5, 0.5] });
    expect(() => relativeEffect({ n: 1, mean: 2, variance: 1 }, { n: 5, mean: 3, variance: 0 })).toThrow(RangeError);
    expect(welchDf({ n: 3, mean: 0, variance: 0 }, { n: 3, mean: 0, variance: 0 })).toBe(Infinity);
  });
});

describe('effectPosterior (gbstats effect model)', () => {
  it('flat prior and N(0, 0.09) prior on lift 0.1, V 0.002068', () => {
    const flat = effectPosterior(0.1, 0.002068);
    expect(flat.probabilityPositive).toBeCloseTo(0.9860609494573318, 12);
    expect(flat.expectedLoss[0]).toBeCloseTo(0.10022287267691718, 10);
    const informed = effectPosterior(0.1, 0.002068, 0.05, { mean: 0, variance: 0.09 });
    expect(informed.mean).toBeCloseTo(0.09775383412260498, 13);
    expect(informed.sd).toBeCloseTo(0.04496164242613332, 13);
    expect(informed.probabilityPositive).toBeCloseTo(0.9851534641203715, 12);
    expect(informed.expectedLoss[1]).toBeCloseTo(0.00023642332752268905, 12);
  });
});

describe('sequential tuning n* → mixing variance', () => {
  it('τ² = ρ²·N·V reproduces the Waudby-Smith e-value and width (scipy seq())', () => {
    const V = 0.0020679999999999995;
    const tau2 = tau2FromTuningSampleSize(5000, 0.05, 20000, V);
    const rho2 = (-2 * Math.log(0.05) + Math.log(-2 * Math.log(0.05) + 1)) / 5000;
    expect(tau2).toBeCloseTo(rho2 * 20000 * V, 15);
    const r = mixtureSprt({ estimate: 0.1, variance: V, tau2 });
    expect(r.likelihoodRatio).toBeCloseTo(1.8213677402435586, 10);
    expect(r.ci[1]).toBeCloseTo(0.24220635376208535, 11);
    expect(() => tau2FromTuningSampleSize(0, 0.05, 10, 1)).toThrow(RangeError);
  });
});
