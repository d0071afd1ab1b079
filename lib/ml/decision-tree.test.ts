import { describe, expect, it } from 'vitest';
import { impurity } from './cart';
import { DecisionTreeClassifier } from './decision-tree';
import { fromRows, matrix } from './matrix';

// Hand-made table: x = 1..8, y = [0,0,1,0,1,1,1,1]. Root Gini = 2·(5/8)·(3/8) = 0.46875.
// Gini decrease W·i − W_L·i_L − W_R·i_R divided by W = 8, for each cut after k rows (by hand):
//   k=1: 0.46875 − 7/8·20/49 = 0.111607     k=2: 0.46875 − 6/8·10/36 = 0.260417
//   k=3: 0.46875 − 3/8·4/9 − 5/8·0.32 = 0.102083     k=4: 0.46875 − 4/8·0.375 − 0 = 0.28125  ← best
//   k=5: 0.46875 − 5/8·0.48 = 0.16875     k=6: 0.46875 − 6/8·0.5 = 0.09375     k=7: 0.46875 − 7/8·24/49 = 0.040179
// Entropy (bits): root 0.954434; k=4: 0.954434 − 4/8·0.811278 = 0.548795, best again (k=2: 0.466917).
const X8 = matrix([1, 2, 3, 4, 5, 6, 7, 8], 8, 1);
const y8 = Float64Array.from([0, 0, 1, 0, 1, 1, 1, 1]);

// 30 × 3 table and sklearn 1.2.1 reference (Debian python3-sklearn):
//   rng = np.random.default_rng(7); X = np.round(rng.uniform(0, 10, size=(30, 3)), 1)
//   y = ((X[:,0] + 0.5*X[:,1] > 7) ^ (X[:,2] > 8)).astype(float); flip = rng.uniform(size=30) < 0.15; y[flip] = 1 - y[flip]
//   m = DecisionTreeClassifier(max_depth=3, criterion=crit, random_state=0).fit(X, y)
//   m.tree_.feature, m.tree_.threshold, m.tree_.n_node_samples, m.feature_importances_, m.predict_proba(Xq)[:, 1]
const X30 = fromRows([
  [6.3, 9.0, 7.8],
  [2.3, 3.0, 8.7],
  [0.1, 8.2, 8.0],
  [4.7, 3.0, 2.8],
  [2.5, 4.5, 5.0],
  [5.5, 10.0, 7.9],
  [6.2, 9.9, 2.2],
  [1.6, 6.1, 0.4],
  [0.4, 5.1, 4.7],
  [9.2, 6.3, 5.1],
  [5.0, 2.5, 0.1],
  [1.9, 6.9, 2.0],
  [3.7, 0.0, 8.3],
  [1.5, 2.7, 8.8],
  [5.1, 8.5, 6.4],
  [7.4, 0.9, 5.4],
  [5.1, 8.7, 3.6],
  [6.0, 0.6, 3.9],
  [3.2, 1.5, 8.2],
  [3.8, 9.8, 5.9],
  [6.1, 6.4, 6.8],
  [1.5, 4.4, 2.4],
  [4.0, 1.0, 9.7],
  [2.2, 6.7, 3.0],
  [8.7, 6.6, 1.3],
  [8.5, 9.4, 9.0],
  [5.7, 1.5, 1.9],
  [9.3, 5.5, 1.8],
  [8.8, 6.4, 5.7],
  [3.8, 4.1, 2.4],
]);
const y30 = Float64Array.from([
  0, 1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 0, 1, 0, 0, 0, 0, 0, 1, 0,
]);
const Xq = fromRows([
  [1, 1, 1],
  [5, 5, 5],
  [9, 2, 9],
  [3, 8, 2],
  [6.05, 0.5, 8.5],
]);
const SK = {
  feature: [2, -1, 0, 0, -1, -1, 1, -1, -1], // sklearn marks leaves with -2; FlatTree uses -1
  threshold: [3.299999952316284, 5.75, 0.2500000037252903, 7.700000047683716], // internal nodes 0, 2, 3, 6
  cover: [30, 11, 19, 12, 1, 11, 7, 5, 2],
  giniImportances: [0.2818573812051742, 0.09781803211198022, 0.6203245866828455],
  entropyImportances: [0.2692140988752672, 0.10247693120131869, 0.6283089699234141],
  proba: [0.0, 0.9090909090909091, 0.6, 0.0, 0.6],
};

describe('impurity', () => {
  it('gives Gini 2p(1−p) and entropy in bits', () => {
    expect(impurity('gini', 5, 8)).toBeCloseTo(0.46875, 15);
    expect(impurity('entropy', 5, 8)).toBeCloseTo(0.954434002924965, 12); // −(5/8·log2 5/8 + 3/8·log2 3/8)
    expect(impurity('gini', 0, 4)).toBe(0);
  });
});

describe('DecisionTreeClassifier', () => {
  it('picks the hand-computed best Gini split of the 8-row table (stump)', () => {
    const t = new DecisionTreeClassifier({ maxDepth: 1 }).fit(X8, y8).tree;
    expect(t.feature).toEqual([0, -1, -1]);
    expect(t.threshold[0]).toBe(4.5); // midpoint of 4 and 5
    expect(t.value).toEqual([5 / 8, 1 / 4, 1]);
    expect(t.cover).toEqual([8, 4, 4]);
    // the Gini decrease of the chosen split, recomputed from the fitted tree, is the hand value 0.28125
    const dec = impurity('gini', 5, 8) - (4 / 8) * impurity('gini', 1, 4) - (4 / 8) * impurity('gini', 4, 4);
    expect(dec).toBeCloseTo(0.28125, 15);
  });

  it('picks the same split with entropy', () => {
    const t = new DecisionTreeClassifier({ maxDepth: 1, criterion: 'entropy' }).fit(X8, y8).tree;
    expect(t.threshold[0]).toBe(4.5);
  });

  it('respects minSamplesLeaf (k=4 split still allowed with 4, none with 5)', () => {
    expect(new DecisionTreeClassifier({ maxDepth: 1, minSamplesLeaf: 4 }).fit(X8, y8).tree.threshold[0]).toBe(4.5);
    expect(new DecisionTreeClassifier({ maxDepth: 1, minSamplesLeaf: 5 }).fit(X8, y8).tree.feature).toEqual([-1]);
  });

  it('matches sklearn DecisionTreeClassifier(max_depth=3) on the 30-row table (Gini and entropy)', () => {
    for (const criterion of ['gini', 'entropy'] as const) {
      const m = new DecisionTreeClassifier({ maxDepth: 3, criterion }).fit(X30, y30);
      expect(m.tree.feature).toEqual(SK.feature);
      expect(m.tree.cover).toEqual(SK.cover);
      const internal = m.tree.feature.flatMap((f, n) => (f >= 0 ? [m.tree.threshold[n]] : []));
      expect(internal).toEqual(SK.threshold.map(Math.fround)); // sklearn keeps float64 midpoints; ours are float32
      Array.from(m.predictProba(Xq)).forEach((p, i) => {
        expect(p).toBeCloseTo(SK.proba[i], 12);
      });
      const imp = m.featureImportances();
      const expected = criterion === 'gini' ? SK.giniImportances : SK.entropyImportances;
      Array.from(imp).forEach((v, f) => {
        expect(v).toBeCloseTo(expected[f], 12);
      });
    }
  });

  it('stores float32 thresholds and routes by Math.fround(x) <= threshold', () => {
    const m = new DecisionTreeClassifier({ maxDepth: 1 }).fit(matrix([0.1, 0.2], 2, 1), Float64Array.from([0, 1]));
    const t = m.tree.threshold[0];
    expect(t).toBe(Math.fround(Math.fround(0.1) / 2 + Math.fround(0.2) / 2)); // 0.15000000596046448
    expect(Math.fround(t)).toBe(t);
    // t + 1e-12 > t in float64, but rounds to t in float32, so it goes left as in float32 ONNX
    expect(Array.from(m.predictProba(matrix([t, t + 1e-12, 0.1500001], 3, 1)))).toEqual([0, 0, 1]);
  });

  it('learns XOR through a zero-gain first split (as sklearn)', () => {
    const X = fromRows([
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ]);
    const m = new DecisionTreeClassifier({ maxDepth: 2 }).fit(X, Float64Array.from([0, 1, 1, 0]));
    expect(Array.from(m.predictProba(X))).toEqual([0, 1, 1, 0]);
  });

  it('is deterministic for a seed with maxFeatures, and the seed matters', () => {
    const fit = (seed: number) =>
      new DecisionTreeClassifier({ maxDepth: 3, maxFeatures: 1, seed }).fit(X30, y30).toJSON();
    expect(fit(3)).toEqual(fit(3));
    const trees = [1, 2, 3, 4, 5, 6].map((s) => JSON.stringify(fit(s).tree));
    expect(new Set(trees).size).toBeGreaterThan(1);
  });

  it('round-trips through JSON with identical predictions', () => {
    const m = new DecisionTreeClassifier({ maxDepth: 3 }).fit(X30, y30);
    const json = JSON.parse(JSON.stringify(m.toJSON()));
    expect(json.kind).toBe('decision-tree');
    const back = DecisionTreeClassifier.fromJSON(json);
    expect(Array.from(back.predictProba(X30))).toEqual(Array.from(m.predictProba(X30)));
    expect(() => DecisionTreeClassifier.fromJSON({ ...json, kind: 'gbdt' })).toThrow(TypeError);
    expect(() => DecisionTreeClassifier.fromJSON({ ...json, version: 2 })).toThrow(TypeError);
    expect(() =>
      DecisionTreeClassifier.fromJSON({ ...json, tree: { ...json.tree, left: [5, ...json.tree.left.slice(1)] } }),
    ).toThrow(TypeError);
  });

  it('rejects bad parameters and shapes', () => {
    expect(() => new DecisionTreeClassifier({ maxDepth: 0 })).toThrow(RangeError);
    expect(() => new DecisionTreeClassifier({ minSamplesSplit: 1 })).toThrow(RangeError);
    expect(() => new DecisionTreeClassifier({ criterion: 'mse' as never })).toThrow(TypeError);
    expect(() => new DecisionTreeClassifier().fit(X8, Float64Array.from([0, 1]))).toThrow(RangeError);
    expect(() => new DecisionTreeClassifier({ maxFeatures: 2 }).fit(X8, y8)).toThrow(RangeError);
    const m = new DecisionTreeClassifier().fit(X8, y8);
    expect(() => m.predictProba(matrix([1, 2], 1, 2))).toThrow(RangeError);
    expect(() => m.predictProba(matrix([NaN], 1, 1))).toThrow(RangeError);
    expect(() => new DecisionTreeClassifier().predictProba(X8)).toThrow(Error);
  });
});
