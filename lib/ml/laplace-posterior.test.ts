import { describe, expect, it } from 'vitest';
import { LaplacePosterior } from './laplace-posterior';
import { LogisticRegression } from './logistic-regression';
import { fromRows } from './matrix';
import { Rng } from './rng';

describe('LaplacePosterior', () => {
  it('draws have mean θ̂ and covariance H⁻¹ (H = [[4, 1], [1, 3]] → H⁻¹ = [[3, −1], [−1, 4]] / 11)', () => {
    const post = new LaplacePosterior([1, -2], [4, 1, 1, 3]);
    const rng = new Rng(7);
    const N = 200_000;
    let m0 = 0,
      m1 = 0,
      c00 = 0,
      c01 = 0,
      c11 = 0;
    for (let i = 0; i < N; i++) {
      const t = post.sample(rng);
      m0 += t[0];
      m1 += t[1];
      c00 += (t[0] - 1) ** 2;
      c01 += (t[0] - 1) * (t[1] + 2);
      c11 += (t[1] + 2) ** 2;
    }
    expect(m0 / N).toBeCloseTo(1, 2);
    expect(m1 / N).toBeCloseTo(-2, 2);
    expect(c00 / N).toBeCloseTo(3 / 11, 2);
    expect(c01 / N).toBeCloseTo(-1 / 11, 2);
    expect(c11 / N).toBeCloseTo(4 / 11, 2);
    expect(() => new LaplacePosterior([0, 0], [1, 2, 2, 1])).toThrow(RangeError);
  });

  it('of a logistic fit: mean = [coef, intercept], variances = the squared standard errors', () => {
    const X = fromRows([[0], [1], [2], [3], [0.5], [1.5], [2.5], [3.5]]);
    const y = Float64Array.from([0, 0, 1, 0, 1, 1, 0, 1]);
    const m = new LogisticRegression({ l2: 0.1 }).fit(X, y);
    const post = LaplacePosterior.ofLogistic(m, X);
    expect(Array.from(post.mean)).toEqual([m.coefficients[0], m.intercept]);
    const se = m.standardErrors(X);
    const rng = new Rng(3);
    const draws = Array.from({ length: 100_000 }, () => post.sample(rng)[0]);
    const mean = draws.reduce((s, x) => s + x, 0) / draws.length;
    const sd = Math.sqrt(draws.reduce((s, x) => s + (x - mean) ** 2, 0) / (draws.length - 1));
    expect(sd / se.coef[0]).toBeCloseTo(1, 2);
  });
});
