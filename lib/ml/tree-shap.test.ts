import { describe, expect, it } from 'vitest';
import { GradientBoostingClassifier } from './gbdt';
import { matrix } from './matrix';
import type { FlatTree } from './model';
import { RandomForestClassifier } from './random-forest';
import { Rng } from './rng';
import { expectedTreeValue, treeShap, treeShapMatrix } from './tree-shap';

/**
 * Independent reference: the Shapley values of v(S) = E[f(x) | x_S] by enumerating all subsets, with v(S)
 * computed by the cover-weighted traversal (follow x at features in S, average the children by cover otherwise):
 *   φ_i = Σ_{S ⊆ F∖{i}} |S|! (M − |S| − 1)! / M! · (v(S ∪ {i}) − v(S)).
 */
function condExp(t: FlatTree, x: number[], S: Set<number>, n = 0): number {
  const f = t.feature[n];
  if (f < 0) return t.value[n];
  const l = t.left[n],
    r = t.right[n];
  if (S.has(f)) return condExp(t, x, S, Math.fround(x[f]) <= t.threshold[n] ? l : r);
  return (t.cover[l] * condExp(t, x, S, l) + t.cover[r] * condExp(t, x, S, r)) / t.cover[n];
}

function bruteForceShap(trees: FlatTree[], x: number[], M: number): number[] {
  const fact = (k: number): number => (k <= 1 ? 1 : k * fact(k - 1));
  const v = (S: Set<number>) => trees.reduce((s, t) => s + condExp(t, x, S), 0);
  const phi = new Array<number>(M).fill(0);
  for (let i = 0; i < M; i++) {
    const others = [...Array(M).keys()].filter((j) => j !== i);
    for (let mask = 0; mask < 1 << others.length; mask++) {
      const S = new Set(others.filter((_, k) => mask & (1 << k)));
      const w = (fact(S.size) * fact(M - S.size - 1)) / fact(M);
      phi[i] += w * (v(new Set([...S, i])) - v(S));
    }
  }
  return phi;
}

// Hand-built tree on 4 features (feature 3 unused). Feature 0 is split twice on the path to node 5, feature 1
// twice in the tree (nodes 1 and 5), which exercises the UNWIND step of Algorithm 2.
//   0: x0 <= 0.5 ? 1 : 2                  cover 100
//   1: x1 <= 0.5 ? 3 : 4                  cover 60      2: x0 <= 1.5 ? 5 : 6      cover 40
//   3: x2 <= 0.5 ? 7 : 8   cover 35       4: leaf 2 (25)  5: x1 <= 0.5 ? 9 : 10 (15)  6: leaf −1 (25)
//   7: leaf 1 (20)  8: leaf 4 (15)        9: leaf 3 (5)  10: leaf 0 (10)
const HAND: FlatTree = {
  feature: [0, 1, 0, 2, -1, 1, -1, -1, -1, -1, -1],
  threshold: [0.5, 0.5, 1.5, 0.5, 0, 0.5, 0, 0, 0, 0, 0],
  left: [1, 3, 5, 7, -1, 9, -1, -1, -1, -1, -1],
  right: [2, 4, 6, 8, -1, 10, -1, -1, -1, -1, -1],
  value: [0, 0, 0, 0, 2, 0, -1, 1, 4, 3, 0],
  cover: [100, 60, 40, 35, 25, 15, 25, 20, 15, 5, 10],
};
const leafOf = (t: FlatTree, x: number[]) => {
  let n = 0;
  while (t.feature[n] >= 0) n = Math.fround(x[t.feature[n]]) <= t.threshold[n] ? t.left[n] : t.right[n];
  return n;
};

describe('treeShap', () => {
  it('gives the hand answer on a stump: φ0 = f(x) − E f', () => {
    // E f = (30·0 + 10·1)/40 = 0.25; x0 = 1 goes right (value 1), so φ0 = 0.75, φ1 = 0.
    const stump: FlatTree = {
      feature: [0, -1, -1],
      threshold: [0.5, 0, 0],
      left: [1, -1, -1],
      right: [2, -1, -1],
      value: [0, 0, 1],
      cover: [40, 30, 10],
    };
    const r = treeShap([stump], [1, 7], 2);
    expect(r.expectedValue).toBe(0.25);
    expect(Array.from(r.phi)).toEqual([0.75, 0]);
  });

  it('matches brute-force Shapley values on the hand-built tree for every path', () => {
    // E f by hand: (20·1 + 15·4 + 25·2 + 5·3 + 10·0 + 25·(−1)) / 100 = 1.2
    expect(expectedTreeValue(HAND)).toBeCloseTo(1.2, 14);
    const xs = [
      [0, 0, 0, 9],
      [0, 0, 1, 9],
      [0, 1, 0, 9],
      [1, 0, 0, 9],
      [1, 1, 1, 9],
      [2, 0, 1, 9],
      [0.5, 0.5, 0.5, 9],
      [0.7, 1, 0, 9],
    ];
    for (const x of xs) {
      const r = treeShap([HAND], x, 4);
      const ref = bruteForceShap([HAND], x, 4);
      r.phi.forEach((p, i) => {
        expect(p).toBeCloseTo(ref[i], 12);
      });
      expect(r.phi[3]).toBe(0);
      const sum = r.phi.reduce((a, b) => a + b, r.expectedValue);
      expect(sum).toBeCloseTo(HAND.value[leafOf(HAND, x)], 12);
    }
  });

  it('applies scale and base to an ensemble (mean of two trees plus an offset)', () => {
    const x = [1, 0, 1, 0];
    const r = treeShap([HAND, HAND], x, 4, { scale: 0.5, base: 3 });
    const one = treeShap([HAND], x, 4);
    expect(r.expectedValue).toBeCloseTo(3 + 1.2, 14);
    r.phi.forEach((p, i) => {
      expect(p).toBeCloseTo(one.phi[i], 14);
    });
  });

  it('sums to the GBDT margin on every row and matches brute force on a fitted GBDT', () => {
    const rng = new Rng(8);
    const n = 300,
      d = 3;
    const X = matrix(
      Array.from({ length: n * d }, () => rng.normal()),
      n,
      d,
    );
    const y = Float64Array.from({ length: n }, (_, i) =>
      X.data[i * d] * X.data[i * d + 1] + 0.5 * X.data[i * d + 2] + 0.5 * rng.normal() > 0 ? 1 : 0,
    );
    const m = new GradientBoostingClassifier({ nEstimators: 30, minSamplesLeaf: 5, validationFraction: 0 }).fit(X, y);
    const margin = m.predictMargin(X);
    const { phi, expectedValue } = treeShapMatrix(m.trees, X, { base: m.baseScore });
    for (let i = 0; i < n; i++) {
      let s = expectedValue;
      for (let j = 0; j < d; j++) s += phi.data[i * d + j];
      expect(Math.abs(s - margin[i])).toBeLessThan(1e-9);
    }
    for (const i of [0, 1, 2]) {
      const x = Array.from(X.data.subarray(i * d, (i + 1) * d));
      const ref = bruteForceShap(m.trees, x, d);
      for (let j = 0; j < d; j++) expect(Math.abs(phi.data[i * d + j] - ref[j])).toBeLessThan(1e-10);
    }
  });

  it('sums to the random-forest probability on every row (scale = 1/nTrees)', () => {
    const rng = new Rng(9);
    const n = 200,
      d = 5;
    const X = matrix(
      Array.from({ length: n * d }, () => rng.next()),
      n,
      d,
    );
    const y = Float64Array.from({ length: n }, (_, i) => (X.data[i * d] > 0.5 !== X.data[i * d + 1] > 0.3 ? 1 : 0));
    const rf = new RandomForestClassifier({ nEstimators: 10, maxDepth: 6 }).fit(X, y);
    const p = rf.predictProba(X);
    const { phi, expectedValue } = treeShapMatrix(rf.trees, X, { scale: 1 / rf.trees.length });
    for (let i = 0; i < n; i++) {
      let s = expectedValue;
      for (let j = 0; j < d; j++) s += phi.data[i * d + j];
      expect(Math.abs(s - p[i])).toBeLessThan(1e-9);
    }
  });

  it('rejects a wrong row length and non-positive covers', () => {
    expect(() => treeShap([HAND], [1, 2], 4)).toThrow(RangeError);
    expect(() => treeShap([{ ...HAND, cover: HAND.cover.map((c, n) => (n === 4 ? 0 : c)) }], [0, 0, 0, 0], 4)).toThrow(
      RangeError,
    );
  });
});
