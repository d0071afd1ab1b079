import { describe, expect, it } from 'vitest';
import { type Matrix, matrix } from './matrix';
import { permutationImportance } from './permutation-importance';
import { Rng } from './rng';

/** Pairwise AUC by brute force (ties ½): an implementation independent of metrics.ts's rank formula. */
function pairAuc(y: ArrayLike<number>, p: ArrayLike<number>): number {
  let s = 0,
    pairs = 0;
  for (let i = 0; i < y.length; i++)
    for (let j = 0; j < y.length; j++) {
      if (y[i] === 1 && y[j] === 0) {
        pairs++;
        s += p[i] > p[j] ? 1 : p[i] === p[j] ? 0.5 : 0;
      }
    }
  return s / pairs;
}

// predict = the first column (a "model" that only uses feature 0)
const firstColumn = (X: Matrix) => Float64Array.from({ length: X.rows }, (_, i) => X.data[i * X.cols]);

describe('permutationImportance', () => {
  it('two rows: each shuffle either keeps (drop 0) or swaps (drop 1) the scores', () => {
    // y = [0, 1], x0 = [0, 1]: baseline AUC 1; a swap gives AUC 0. The Rng below reproduces the documented draws.
    const X = matrix([0, 5, 1, 5], 2, 2);
    const y = Float64Array.from([0, 1]);
    const r = permutationImportance(firstColumn, X, y, { nRepeats: 8, seed: 3 });
    const rng = new Rng(3);
    const swaps = Array.from({ length: 8 }, () => (rng.shuffle(Int32Array.from([0, 1]))[0] === 1 ? 1 : 0));
    expect(r.baseline).toBe(1);
    expect(Array.from(r.drops[0])).toEqual(swaps);
    const k = swaps.reduce((a: number, b) => a + b, 0);
    expect(r.mean[0]).toBeCloseTo(k / 8, 15);
    expect(r.std[0]).toBeCloseTo(Math.sqrt((k / 8) * (1 - k / 8)), 15); // population sd of 0/1 values
    expect(r.mean[1]).toBe(0); // feature 1 is never used
    expect(r.std[1]).toBe(0);
  });

  it('matches a direct recomputation with the documented draw order and a brute-force AUC', () => {
    const rng = new Rng(17);
    const n = 40,
      d = 3;
    const data = Array.from({ length: n * d }, () => rng.normal());
    const X = matrix(data, n, d);
    const y = Float64Array.from({ length: n }, (_, i) =>
      data[i * d] + 0.5 * data[i * d + 1] + 0.3 * rng.normal() > 0 ? 1 : 0,
    );
    const predict = (M: Matrix) =>
      Float64Array.from({ length: M.rows }, (_, i) => M.data[i * d] + 0.5 * M.data[i * d + 1]);
    const r = permutationImportance(predict, X, y, { nRepeats: 4, seed: 5 });

    const draws = new Rng(5);
    const base = pairAuc(y, predict(X));
    expect(r.baseline).toBeCloseTo(base, 14);
    for (let j = 0; j < d; j++) {
      const drops: number[] = [];
      for (let rep = 0; rep < 4; rep++) {
        const perm = draws.shuffle(Int32Array.from({ length: n }, (_, i) => i));
        const Xp = X.data.slice();
        for (let i = 0; i < n; i++) Xp[i * d + j] = X.data[perm[i] * d + j];
        drops.push(base - pairAuc(y, predict(matrix(Xp, n, d))));
      }
      const mean = drops.reduce((a, b) => a + b, 0) / 4;
      expect(r.mean[j]).toBeCloseTo(mean, 14);
      expect(r.std[j]).toBeCloseTo(Math.sqrt(drops.reduce((a, b) => a + (b - mean) ** 2, 0) / 4), 14);
    }
    expect(r.mean[2]).toBe(0); // unused feature
    expect(r.mean[0]).toBeGreaterThan(r.mean[1]);
  });

  it('uses the log-loss increase with metric logloss, and leaves X untouched', () => {
    const X = matrix([0.1, 0.9, 0.2, 0.8], 4, 1);
    const copy = X.data.slice();
    const y = Float64Array.from([0, 1, 0, 1]);
    const r = permutationImportance((M) => M.data.slice(), X, y, { metric: 'logloss', nRepeats: 3, seed: 1 });
    // baseline mean log loss = −(log 0.9 + log 0.9 + log 0.8 + log 0.8)/4 = 0.16425…
    expect(r.baseline).toBeCloseTo(-(2 * Math.log(0.9) + 2 * Math.log(0.8)) / 4, 14);
    for (const dr of r.drops[0]) expect(dr).toBeGreaterThanOrEqual(0);
    expect(Array.from(X.data)).toEqual(Array.from(copy));
  });

  it('rejects bad options and shapes', () => {
    const X = matrix([0, 1], 2, 1),
      y = Float64Array.from([0, 1]);
    expect(() => permutationImportance(firstColumn, X, y, { nRepeats: 0 })).toThrow(RangeError);
    expect(() => permutationImportance(firstColumn, X, y, { metric: 'f1' as never })).toThrow(TypeError);
    expect(() => permutationImportance(firstColumn, X, Float64Array.from([0]))).toThrow(RangeError);
    expect(() => permutationImportance(() => new Float64Array(1), X, y)).toThrow(RangeError);
  });
});
