import { describe, expect, it } from 'vitest';
import { DecisionTreeClassifier } from './decision-tree';
import { leafIndex } from './flat-tree';
import { fromRows, matrix } from './matrix';
import { RandomForestClassifier, resolveMaxFeatures } from './random-forest';
import { Rng } from './rng';

// Small noisy XOR-like problem generated with the seeded Rng (no external reference needed for these checks).
function makeData(n: number, seed: number) {
  const rng = new Rng(seed);
  const rows: number[][] = [];
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = [rng.next(), rng.next(), rng.next(), rng.next()];
    rows.push(r);
    y[i] = (r[0] > 0.5 !== r[1] > 0.5) !== rng.next() < 0.1 ? 1 : 0;
  }
  return { X: fromRows(rows), y };
}

describe('resolveMaxFeatures', () => {
  it('follows sklearn: sqrt → max(1, ⌊√d⌋), log2 → max(1, ⌊log2 d⌋)', () => {
    expect(resolveMaxFeatures('sqrt', 20)).toBe(4);
    expect(resolveMaxFeatures('sqrt', 3)).toBe(1);
    expect(resolveMaxFeatures('log2', 20)).toBe(4);
    expect(resolveMaxFeatures('log2', 1)).toBe(1);
    expect(resolveMaxFeatures('all', 7)).toBe(7);
    expect(() => resolveMaxFeatures(8, 7)).toThrow(RangeError);
  });
});

describe('RandomForestClassifier', () => {
  const { X, y } = makeData(300, 3);

  it('without bootstrap and with all features, every tree is the CART tree', () => {
    const rf = new RandomForestClassifier({ nEstimators: 3, bootstrap: false, maxFeatures: 'all', maxDepth: 4 }).fit(
      X,
      y,
    );
    const dt = new DecisionTreeClassifier({ maxDepth: 4 }).fit(X, y);
    for (const t of rf.trees) expect(t).toEqual(dt.tree);
    const pd = dt.predictProba(X);
    rf.predictProba(X).forEach((p, i) => {
      expect(p).toBeCloseTo(pd[i], 15);
    }); // (v + v + v)/3 may differ from v in the last bit
  });

  it('predicts the MEAN of the trees’ leaf values', () => {
    const rf = new RandomForestClassifier({ nEstimators: 7, maxDepth: 5 }).fit(X, y);
    const p = rf.predictProba(X);
    for (let i = 0; i < 20; i++) {
      const vals = rf.trees.map((t) => t.value[leafIndex(t, X.data, i * X.cols)]);
      expect(p[i]).toBeCloseTo(vals.reduce((a, b) => a + b, 0) / vals.length, 15);
    }
  });

  it('grows each tree on a bootstrap sample: root cover = n rows drawn with replacement', () => {
    const rf = new RandomForestClassifier({ nEstimators: 5, maxDepth: 3 }).fit(X, y);
    for (const t of rf.trees) {
      expect(t.cover[0]).toBe(300);
      // a leaf's value is its bootstrap-weighted share of positives, so value · cover is a whole count
      t.value.forEach((v, n) => {
        expect(Math.abs(v * t.cover[n] - Math.round(v * t.cover[n]))).toBeLessThan(1e-9);
      });
    }
    // the bootstrap samples differ between trees
    expect(new Set(rf.trees.map((t) => JSON.stringify(t.cover))).size).toBe(5);
  });

  it('examines only sqrt(d) features per node: with maxFeatures 1 and a stump, roots split on several features', () => {
    const rf = new RandomForestClassifier({ nEstimators: 40, maxDepth: 1, maxFeatures: 1 }).fit(X, y);
    expect(new Set(rf.trees.map((t) => t.feature[0])).size).toBe(4);
  });

  it('learns the XOR pattern (holdout accuracy well above chance)', () => {
    const test = makeData(300, 4);
    const p = new RandomForestClassifier({ nEstimators: 30, maxDepth: 6, maxFeatures: 2 })
      .fit(X, y)
      .predictProba(test.X);
    let correct = 0;
    for (let i = 0; i < p.length; i++) if ((p[i] >= 0.5 ? 1 : 0) === test.y[i]) correct++;
    expect(correct / p.length).toBeGreaterThan(0.8); // Bayes accuracy is 0.9 (10% label noise)
  });

  it('is deterministic for a seed, and the seed matters', () => {
    const fit = (seed: number) =>
      JSON.stringify(new RandomForestClassifier({ nEstimators: 5, maxDepth: 4, seed }).fit(X, y).toJSON());
    expect(fit(9)).toBe(fit(9));
    expect(fit(9)).not.toBe(fit(10));
  });

  it('round-trips through JSON with identical predictions', () => {
    const rf = new RandomForestClassifier({ nEstimators: 5, maxDepth: 4 }).fit(X, y);
    const json = JSON.parse(JSON.stringify(rf.toJSON()));
    expect(json).toMatchObject({ kind: 'random-forest', version: 1, nFeatures: 4 });
    expect(json.trees).toHaveLength(5);
    const back = RandomForestClassifier.fromJSON(json);
    expect(Array.from(back.predictProba(X))).toEqual(Array.from(rf.predictProba(X)));
    expect(Array.from(back.featureImportances())).toEqual(Array.from(rf.featureImportances()));
    expect(() => RandomForestClassifier.fromJSON({ ...json, kind: 'decision-tree' })).toThrow(TypeError);
    expect(() => RandomForestClassifier.fromJSON({ ...json, trees: [] })).toThrow(TypeError);
  });

  it('ranks the XOR features first by impurity importance', () => {
    const imp = new RandomForestClassifier({ nEstimators: 20, maxDepth: 4 }).fit(X, y).featureImportances();
    expect(imp.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(Math.min(imp[0], imp[1])).toBeGreaterThan(Math.max(imp[2], imp[3]));
  });

  it('rejects bad parameters', () => {
    expect(() => new RandomForestClassifier({ nEstimators: 0 })).toThrow(RangeError);
    expect(() => new RandomForestClassifier({ maxFeatures: 'half' as never })).toThrow(RangeError);
    expect(() => new RandomForestClassifier({ maxFeatures: 9 }).fit(X, y)).toThrow(RangeError);
    expect(() => new RandomForestClassifier().fit(matrix([1], 1, 1), Float64Array.from([2]))).toThrow(RangeError);
  });
});
