import { describe, expect, it } from 'vitest';
import { minimizeLbfgs, type Objective } from './lbfgs';

// Rosenbrock f(x, y) = (1 − x)² + 100 (y − x²)², minimum 0 at (1, 1).
const rosenbrock: Objective = (x, g) => {
  const [a, b] = x;
  g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
  g[1] = 200 * (b - a * a);
  return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
};

describe('minimizeLbfgs', () => {
  it('finds the Rosenbrock minimum (1, 1) from the classic start (−1.2, 1)', () => {
    const r = minimizeLbfgs(rosenbrock, [-1.2, 1], { gradTol: 1e-10 });
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 8);
    expect(r.x[1]).toBeCloseTo(1, 8);
    expect(r.value).toBeLessThan(1e-16);
    expect(r.iterations).toBeLessThan(100);
  });

  it('solves a quadratic ½ xᵀAx − bᵀx exactly (x* = A⁻¹b)', () => {
    // A = [[4, 1, 0], [1, 3, 1], [0, 1, 2]], b = [1, 2, 3]: x* = [2/9, 1/9, 13/9]
    // (check: 8/9 + 1/9 = 1; 2/9 + 3/9 + 13/9 = 2; 1/9 + 26/9 = 3; numpy.linalg.solve agrees).
    const A = [
        [4, 1, 0],
        [1, 3, 1],
        [0, 1, 2],
      ],
      b = [1, 2, 3];
    const f: Objective = (x, g) => {
      let v = 0;
      for (let i = 0; i < 3; i++) {
        let Ax = 0;
        for (let j = 0; j < 3; j++) Ax += A[i][j] * x[j];
        g[i] = Ax - b[i];
        v += 0.5 * x[i] * Ax - b[i] * x[i];
      }
      return v;
    };
    const r = minimizeLbfgs(f, new Float64Array(3), { gradTol: 1e-12, valueTol: 0 });
    expect(r.reason).toBe('gradient');
    expect(Array.from(r.x).map((v) => +v.toFixed(10))).toEqual([2 / 9, 1 / 9, 13 / 9].map((v) => +v.toFixed(10)));
    // f(x*) = −½ bᵀx* = −½ (2/9 + 2/9 + 39/9) = −43/18
    expect(r.value).toBeCloseTo(-43 / 18, 12);
  });

  it('backs off from steps where the objective is infinite', () => {
    // f(x) = −log x − log(1 − x) on (0, 1), +∞ outside; minimum at x = ½. From 0.9 the first trial step leaves (0, 1).
    const f: Objective = (x, g) => {
      const v = x[0];
      g[0] = -1 / v + 1 / (1 - v);
      return v > 0 && v < 1 ? -Math.log(v) - Math.log(1 - v) : Infinity;
    };
    // With the default value test it stops once f(x) − f* (≈ 4 (x − ½)²) is below rounding: x within ~1e-8.
    const r = minimizeLbfgs(f, [0.9], { gradTol: 1e-12 });
    expect(r.converged).toBe(true);
    expect(r.reason).toBe('value');
    expect(r.x[0]).toBeCloseTo(0.5, 7);
    expect(r.value).toBeCloseTo(2 * Math.LN2, 14);
    // Without it, the gradient test drives x much closer.
    const r2 = minimizeLbfgs(f, [0.9], { gradTol: 1e-12, valueTol: 0 });
    expect(r2.reason).toBe('gradient');
    expect(r2.x[0]).toBeCloseTo(0.5, 12);
  });

  it('keeps converging on the gradient when f is noisier than its decrease (approximate Wolfe)', () => {
    // 1e6 + Rosenbrock + deterministic noise of size ~1e-8 in f only (the gradient stays exact), like a sum over
    // many rows: once f − f* < ~1e-8 the Armijo test is decided by noise. Plain strong Wolfe stops there with
    // reason 'line-search' and |x − x*| ≈ 7e-6 (checked by disabling the approximate-Wolfe branch).
    const noisy: Objective = (x, g) => {
      const s = Math.sin(1e7 * x[0] + 3e7 * x[1]) * 1e4;
      return 1e6 + rosenbrock(x, g) + 1e-8 * (s - Math.floor(s));
    };
    const r = minimizeLbfgs(noisy, [-1.2, 1], { gradTol: 1e-9, valueTol: 0 });
    expect(r.reason).toBe('gradient');
    expect(Math.abs(r.x[0] - 1)).toBeLessThan(1e-9);
    expect(Math.abs(r.x[1] - 1)).toBeLessThan(2e-9);
  });

  it('stops at maxIter and reports it; leaves x0 untouched', () => {
    const x0 = new Float64Array([-1.2, 1]);
    const r = minimizeLbfgs(rosenbrock, x0, { maxIter: 3 });
    expect(r.iterations).toBe(3);
    expect(r.reason).toBe('max-iter');
    expect(r.converged).toBe(false);
    expect(Array.from(x0)).toEqual([-1.2, 1]);
  });

  it('rejects bad options and a non-finite start', () => {
    expect(() => minimizeLbfgs(rosenbrock, [0, 0], { memory: 0 })).toThrow(RangeError);
    expect(() => minimizeLbfgs(rosenbrock, [0, 0], { c1: 0.95 })).toThrow(RangeError);
    expect(() => minimizeLbfgs(() => NaN, [0])).toThrow(RangeError);
  });
});
