import { describe, expect, it } from 'vitest';
import { fromRows, matrix } from './matrix';
import { silhouetteSamples, silhouetteScore } from './silhouette';

// Fixed 13 × 2 set and labels (label 7 is a singleton), expected values from sklearn 1.2.1 (Debian):
//   import numpy as np; from sklearn.metrics import silhouette_score, silhouette_samples
//   rng = np.random.default_rng(3)
//   X = np.round(np.vstack([rng.normal([0,0],1.0,(5,2)), rng.normal([3,1],1.0,(4,2)),
//                           rng.normal([1,4],1.0,(3,2)), [[6,6]]]), 2)
//   lab = np.array([0]*5 + [1]*4 + [2]*3 + [7])
//   silhouette_score(X, lab); s = silhouette_samples(X, lab); [s[lab == c].mean() for c in [0, 1, 2, 7]]
//   lab2 = np.array([1,1,1,0,0, 0,0,0,2, 2,2,1, 2]); silhouette_score(X, lab2); per-cluster means likewise
const X = fromRows([
  [2.04, -2.56],
  [0.42, -0.57],
  [-0.45, -0.22],
  [-2.02, -0.23],
  [-0.87, 3.32],
  [3.23, 0.65],
  [2.72, 0.33],
  [1.94, 0.61],
  [3.48, 0.76],
  [1.96, 3.8],
  [1.02, 5.55],
  [1.55, 3.49],
  [6.0, 6.0],
]);
const LAB = Int32Array.from([0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 7]);
const SK_SCORE = 0.37830866376398514;
const SK_SAMPLES = [
  -0.23465880463570865, 0.06747748058801896, 0.3011650647530943, 0.3692549750629779, -0.3896324988406565,
  0.8205817363391248, 0.7878561484159868, 0.6077075775382419, 0.7778799143572385, 0.6305847265179547, 0.588667205820255,
  0.5911291030152797, 0.0,
];
const SK_PER = [0.022721243385545188, 0.748506344162648, 0.6034603451178298, 0.0];
const LAB2 = [1, 1, 1, 0, 0, 0, 0, 0, 2, 2, 2, 1, 2];
const SK_SCORE2 = -0.01126651480971296;
const SK_PER2 = [-0.0018278207645845603, -0.07080353960518176, 0.03647214242934535];

describe('silhouette', () => {
  it('matches sklearn silhouette_samples to 1e-9 (a singleton cluster scores 0)', () => {
    const s = silhouetteSamples(X, LAB);
    expect(s).toHaveLength(13);
    for (let i = 0; i < 13; i++) expect(Math.abs(s[i] - SK_SAMPLES[i])).toBeLessThan(1e-9);
  });

  it('matches sklearn silhouette_score and per-cluster means to 1e-9, exact below sampleSize', () => {
    const r = silhouetteScore(X, LAB);
    expect(Math.abs(r.score - SK_SCORE)).toBeLessThan(1e-9);
    expect(r.sampled).toBe(false);
    expect(r.n).toBe(13);
    expect(r.clusters.map((c) => c.label)).toEqual([0, 1, 2, 7]);
    expect(r.clusters.map((c) => c.size)).toEqual([5, 4, 3, 1]);
    r.clusters.forEach((c, i) => {
      expect(Math.abs(c.mean - SK_PER[i])).toBeLessThan(1e-9);
    });

    const r2 = silhouetteScore(X, LAB2, { sampleSize: 13 });
    expect(Math.abs(r2.score - SK_SCORE2)).toBeLessThan(1e-9);
    expect(r2.sampled).toBe(false);
    r2.clusters.forEach((c, i) => {
      expect(Math.abs(c.mean - SK_PER2[i])).toBeLessThan(1e-9);
    });
  });

  it('scores a seeded sample above sampleSize and says so; identical points per cluster score exactly 1', () => {
    // 3 clusters of 100 identical points at (0,0), (5,0), (0,5): a = 0 < b for every point, so s = 1 for every
    // point of a cluster that has ≥ 2 points in the sample (a 50-row sample of 3 × 100 rows always does here).
    const data: number[] = [],
      labels: number[] = [];
    const at = [
      [0, 0],
      [5, 0],
      [0, 5],
    ];
    for (let i = 0; i < 300; i++) {
      data.push(...at[i % 3]);
      labels.push(i % 3);
    }
    const Xs = matrix(data, 300, 2);
    const r = silhouetteScore(Xs, labels, { sampleSize: 50, seed: 7 });
    expect(r).toMatchObject({ score: 1, sampled: true, n: 50 });
    expect(r.clusters.reduce((s, c) => s + c.size, 0)).toBe(50);
    expect(silhouetteScore(Xs, labels, { sampleSize: 50, seed: 7 })).toEqual(r); // same seed, same sample
  });

  it('rejects bad labels and sizes', () => {
    expect(() => silhouetteScore(X, new Int32Array(13))).toThrow(RangeError); // one cluster
    expect(() =>
      silhouetteSamples(
        X,
        Int32Array.from({ length: 13 }, (_, i) => i),
      ),
    ).toThrow(RangeError); // n clusters
    expect(() => silhouetteScore(X, LAB.subarray(1))).toThrow(RangeError);
    expect(() => silhouetteScore(X, [0.5, ...LAB.subarray(1)])).toThrow(TypeError);
    expect(() => silhouetteScore(X, LAB, { sampleSize: 1 })).toThrow(RangeError);
  });
});
