import { describe, expect, it } from 'vitest';
import { GradientBoostingClassifier } from './gbdt';
import { fromRows, matrix } from './matrix';
import { Rng } from './rng';

// 60 × 3 table (two integer features, one with 2 decimals) and sklearn 1.2.1 reference (Debian python3-sklearn):
//   rng = np.random.default_rng(11); n = 60
//   X = np.column_stack([rng.integers(0, 6, n), rng.integers(0, 4, n), np.round(rng.uniform(0, 1, n), 2)]).astype(float)
//   z = 0.8*(X[:,0] - 2.5) - 1.0*(X[:,1] == 2) + 2*(X[:,2] > 0.6) - 0.5
//   y = (rng.uniform(size=n) < 1/(1 + np.exp(-z))).astype(float)
//   m = HistGradientBoostingClassifier(learning_rate=0.1, max_iter=3, max_leaf_nodes=4, max_depth=None,
//         min_samples_leaf=5, l2_regularization=1.0, max_bins=255, early_stopping=False).fit(X, y)
//   m._baseline_prediction, m.decision_function(Xq), and per tree the leaves' 'value' of m._predictors[i][0].nodes
// sklearn accumulates float32 gradients/hessians, hence the 1e-7 tolerance.
const X = fromRows([
  [0.0, 3.0, 0.02],
  [0.0, 1.0, 0.84],
  [4.0, 2.0, 0.47],
  [2.0, 1.0, 0.13],
  [3.0, 0.0, 0.74],
  [3.0, 0.0, 0.2],
  [4.0, 3.0, 0.06],
  [0.0, 3.0, 0.6],
  [2.0, 1.0, 0.9],
  [0.0, 1.0, 0.03],
  [2.0, 0.0, 0.81],
  [5.0, 0.0, 0.19],
  [3.0, 3.0, 0.09],
  [0.0, 2.0, 0.02],
  [3.0, 0.0, 0.29],
  [0.0, 0.0, 0.73],
  [4.0, 2.0, 0.49],
  [5.0, 3.0, 0.85],
  [5.0, 3.0, 0.22],
  [3.0, 0.0, 0.32],
  [5.0, 2.0, 0.26],
  [2.0, 0.0, 0.98],
  [0.0, 0.0, 0.94],
  [3.0, 0.0, 0.34],
  [2.0, 1.0, 0.44],
  [3.0, 1.0, 0.31],
  [5.0, 2.0, 0.75],
  [1.0, 1.0, 0.04],
  [5.0, 1.0, 0.07],
  [0.0, 3.0, 0.4],
  [2.0, 2.0, 0.25],
  [4.0, 2.0, 0.85],
  [1.0, 2.0, 0.74],
  [4.0, 1.0, 0.55],
  [2.0, 3.0, 0.66],
  [3.0, 0.0, 0.69],
  [5.0, 1.0, 0.78],
  [4.0, 0.0, 0.93],
  [5.0, 0.0, 0.15],
  [3.0, 3.0, 0.63],
  [5.0, 0.0, 0.14],
  [5.0, 1.0, 0.44],
  [0.0, 3.0, 0.79],
  [1.0, 2.0, 0.89],
  [1.0, 3.0, 0.76],
  [3.0, 0.0, 0.04],
  [4.0, 1.0, 0.36],
  [2.0, 0.0, 0.16],
  [5.0, 0.0, 1.0],
  [2.0, 3.0, 0.14],
  [5.0, 0.0, 0.24],
  [3.0, 2.0, 0.36],
  [4.0, 0.0, 0.06],
  [1.0, 1.0, 0.87],
  [3.0, 3.0, 0.64],
  [4.0, 1.0, 0.16],
  [5.0, 1.0, 0.5],
  [5.0, 0.0, 0.08],
  [5.0, 3.0, 0.61],
  [0.0, 0.0, 0.23],
]);
const y = Float64Array.from([
  1, 1, 0, 0, 1, 0, 1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 0, 1, 1, 0, 1, 1, 1, 0, 0, 0, 1, 0, 1, 0, 0, 1, 0, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 0, 0, 0, 0, 1, 0, 1, 0, 1, 1, 1, 0, 1, 1, 0, 1, 1, 0,
]);
const Xq = fromRows([
  [0, 0, 0.1],
  [5, 3, 0.9],
  [2, 2, 0.5],
  [3, 1, 0.7],
  [4, 0, 0.3],
]);
const SK = {
  baseline: 0.2006706954621514,
  margin: [-0.16814559722730255, 0.5140010376110238, -0.16814559722730255, 0.4473115961635622, 0.5140010376110238],
  // every tree splits x0 <= 3.5, then x2 <= 0.605 on the left and x0 <= 1.5 below that; leaf values:
  leaves: [
    [-0.13445378444211795, -0.08053691543645079, 0.08724831838896885, 0.1123919257865494],
    [-0.1222943501309731, -0.07484555835455083, 0.08205512052894758, 0.10410570187781128],
    [-0.11206815811636289, -0.06970918571937824, 0.07733746178349435, 0.09683271448451164],
  ],
};

const leafValues = (t: { feature: number[]; value: number[] }) =>
  t.value.filter((_, n) => t.feature[n] < 0).sort((a, b) => a - b);
const TINY = { nEstimators: 1, maxLeaves: 2, minSamplesLeaf: 1, validationFraction: 0 };

describe('GradientBoostingClassifier', () => {
  it('first-round leaf values are −G/(H+λ)·lr (balanced 4-row set, by hand)', () => {
    // prior 1/2 → baseScore 0, p = 1/2, g = p − y = ±1/2, h = 1/4. Best cut x <= 2.5:
    // left G = 1, H = 1/2 → −1/1.5 · 0.1 = −0.0666…; right G = −1, H = 1/2 → +0.0666…
    const m = new GradientBoostingClassifier(TINY).fit(matrix([1, 2, 3, 4], 4, 1), Float64Array.from([0, 0, 1, 1]));
    expect(m.baseScore).toBe(0);
    const t = m.trees[0];
    expect(t.feature).toEqual([0, -1, -1]);
    expect(t.threshold[0]).toBe(2.5);
    expect(t.value[1]).toBeCloseTo(-0.1 / 1.5, 15);
    expect(t.value[2]).toBeCloseTo(0.1 / 1.5, 15);
    expect(t.cover).toEqual([1, 0.5, 0.5]); // hessian sums
    expect(Array.from(m.predictMargin(matrix([2, 3], 2, 1)))).toEqual([t.value[1], t.value[2]]);
  });

  it('first-round leaf values with an unbalanced prior (5-row set, by hand)', () => {
    // prior 4/5 → baseScore log 4, p = 0.8, g = 0.8 − y, h = 0.16. Gain terms G_L²/(H_L+1) + G_R²/(H_R+1):
    //   cut after 1 row: 0.64/1.16 + 0.64/1.64 = 0.9419 (best); after 2: 0.36/1.32 + 0.36/1.48 = 0.5160;
    //   after 3: 0.16/1.48 + 0.16/1.32 = 0.2293; after 4: 0.04/1.64 + 0.04/1.16 = 0.0589.
    // Leaves: left G = 0.8, H = 0.16 → −0.8/1.16·0.1 = −0.0689655…; right G = −0.8, H = 0.64 → 0.8/1.64·0.1 = 0.0487805…
    const m = new GradientBoostingClassifier(TINY).fit(
      matrix([1, 2, 3, 4, 5], 5, 1),
      Float64Array.from([0, 1, 1, 1, 1]),
    );
    expect(m.baseScore).toBeCloseTo(Math.log(4), 15);
    const t = m.trees[0];
    expect(t.threshold[0]).toBe(1.5);
    expect(t.value[1]).toBeCloseTo((-0.8 / 1.16) * 0.1, 12);
    expect(t.value[2]).toBeCloseTo((0.8 / 1.64) * 0.1, 12);
    expect(t.cover[1]).toBeCloseTo(0.16, 12);
    expect(t.cover[2]).toBeCloseTo(0.64, 12);
    const z = m.predictMargin(matrix([1], 1, 1))[0];
    expect(m.predictProba(matrix([1], 1, 1))[0]).toBeCloseTo(1 / (1 + Math.exp(-z)), 15);
  });

  it('matches sklearn HistGradientBoostingClassifier over 3 rounds on the 60-row table', () => {
    const m = new GradientBoostingClassifier({
      nEstimators: 3,
      maxLeaves: 4,
      maxDepth: null,
      minSamplesLeaf: 5,
      validationFraction: 0,
    }).fit(X, y);
    expect(m.baseScore).toBeCloseTo(SK.baseline, 14);
    m.trees.forEach((t, k) => {
      expect(t.feature).toEqual([0, 2, -1, -1, 0, -1, -1]);
      expect([t.threshold[0], t.threshold[1], t.threshold[4]]).toEqual([3.5, Math.fround(0.605), 1.5]);
      leafValues(t).forEach((v, i) => {
        expect(Math.abs(v - SK.leaves[k][i])).toBeLessThan(1e-7);
      });
    });
    Array.from(m.predictMargin(Xq)).forEach((v, i) => {
      expect(Math.abs(v - SK.margin[i])).toBeLessThan(1e-7);
    });
  });

  it('bins training rows by the same float32 rule that prediction uses', () => {
    // x_i = 1 + i·1e-9: 100 distinct float64 values but only two float32 values (1 for i ≤ 59, 1 + 2^-23 above).
    // y switches at i = 30, a cut float32 cannot express, so the only split is between the two float32 values.
    const n = 100;
    const Xf = matrix(
      Array.from({ length: n }, (_, i) => 1 + i * 1e-9),
      n,
      1,
    );
    const yf = Float64Array.from({ length: n }, (_, i) => (i >= 30 ? 1 : 0));
    const m = new GradientBoostingClassifier(TINY).fit(Xf, yf);
    const t = m.trees[0];
    expect(t.threshold[0]).toBe(1);
    // Leaf values recomputed from the rows that PREDICTION sends to each leaf: −G/(H+1)·0.1 with p = 0.7 for all rows.
    const margin = m.predictMargin(Xf);
    const p0 = 0.7;
    for (const leaf of [t.left[0], t.right[0]]) {
      let G = 0,
        H = 0;
      for (let i = 0; i < n; i++)
        if (margin[i] === m.baseScore + t.value[leaf]) {
          G += p0 - yf[i];
          H += p0 * (1 - p0);
        }
      expect(t.value[leaf]).toBeCloseTo((-G / (H + 1)) * 0.1, 12);
    }
    expect(margin.filter((v) => v === m.baseScore + t.value[t.left[0]]).length).toBe(60);
  });

  it('stops early on noise and keeps the trees up to the best validation loss', () => {
    const rng = new Rng(5);
    const n = 400;
    const Xn = matrix(
      Array.from({ length: n * 2 }, () => rng.normal()),
      n,
      2,
    );
    const yn = Float64Array.from({ length: n }, () => (rng.next() < 0.5 ? 1 : 0));
    const m = new GradientBoostingClassifier({
      nEstimators: 100,
      validationFraction: 0.25,
      patience: 5,
      minSamplesLeaf: 5,
    }).fit(Xn, yn);
    const info = m.fitInfo!;
    expect(info.roundsRun).toBeLessThan(100);
    const vl = info.validationLoss;
    const best = vl.indexOf(Math.min(...vl));
    expect(m.trees.length).toBe(best + 1);
    expect(info.roundsRun).toBe(best + 1 + 5);
  });

  it('is deterministic for a seed; the seed changes the validation split', () => {
    const fit = (seed: number) =>
      new GradientBoostingClassifier({ nEstimators: 20, validationFraction: 0.2, minSamplesLeaf: 3, seed })
        .fit(X, y)
        .toJSON();
    expect(JSON.stringify(fit(1))).toBe(JSON.stringify(fit(1)));
    expect(JSON.stringify(fit(1).trees)).not.toBe(JSON.stringify(fit(2).trees));
  });

  it('round-trips through JSON with identical predictions; every threshold is float32', () => {
    const m = new GradientBoostingClassifier({ nEstimators: 10, minSamplesLeaf: 3, validationFraction: 0 }).fit(X, y);
    const json = JSON.parse(JSON.stringify(m.toJSON()));
    expect(json).toMatchObject({ kind: 'gbdt', version: 1, nFeatures: 3 });
    const back = GradientBoostingClassifier.fromJSON(json);
    expect(Array.from(back.predictMargin(X))).toEqual(Array.from(m.predictMargin(X)));
    expect(Array.from(back.predictProba(Xq))).toEqual(Array.from(m.predictProba(Xq)));
    for (const t of m.trees) for (const th of t.threshold) expect(Math.fround(th)).toBe(th);
    expect(() => GradientBoostingClassifier.fromJSON({ ...json, kind: 'random-forest' })).toThrow(TypeError);
    expect(() => GradientBoostingClassifier.fromJSON({ ...json, version: 0 })).toThrow(TypeError);
    const bad = structuredClone(json);
    bad.trees[0].threshold[0] = 0.1; // not a float32 value
    expect(() => GradientBoostingClassifier.fromJSON(bad)).toThrow(TypeError);
  });

  it('rejects bad parameters and inputs', () => {
    expect(() => new GradientBoostingClassifier({ learningRate: 0 })).toThrow(RangeError);
    expect(() => new GradientBoostingClassifier({ maxBins: 300 })).toThrow(RangeError);
    expect(() => new GradientBoostingClassifier({ validationFraction: 1 })).toThrow(RangeError);
    expect(() => new GradientBoostingClassifier({ maxLeaves: 1 })).toThrow(RangeError);
    expect(() => new GradientBoostingClassifier(TINY).fit(matrix([1, 2], 2, 1), Float64Array.from([1, 1]))).toThrow(
      RangeError,
    );
    const m = new GradientBoostingClassifier(TINY).fit(matrix([1, 2, 3, 4], 4, 1), Float64Array.from([0, 0, 1, 1]));
    expect(() => m.predictMargin(matrix([1, 2], 1, 2))).toThrow(RangeError);
  });
});
