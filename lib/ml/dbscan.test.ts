import { describe, expect, it } from 'vitest';
import { dbscan, kDistance, kneeOf, suggestEps } from './dbscan';
import { fromRows, type Matrix, matrix } from './matrix';
import { Rng } from './rng';

// Hand-made 19 × 2 set: cluster A = the unit square corners, (0.5, 0.5), (0.5, −0.3) and (1.5, 0.5); cluster
// B = (4,0) (4,1) (5,0) (5,1) (4.5,0.5) (3.5,0.5); a bridge point P = (2.5, 0.5) at distance 1 from (1.5, 0.5)
// and from (3.5, 0.5) (border of both with eps = 1.2, minPts = 5: it must join B, the cluster found first,
// since B's first core row comes before A's); (2.0, 1.3) is a border point of A; 4 noise points.
// Expected labels and core rows from sklearn 1.2.1 (Debian):
//   from sklearn.cluster import DBSCAN; from sklearn.neighbors import NearestNeighbors
//   db = DBSCAN(eps=eps, min_samples=m).fit(X); db.labels_, sorted(db.core_sample_indices_)
//   np.sort(NearestNeighbors(n_neighbors=4).fit(X).kneighbors(X)[0][:, 3])
const D = fromRows([
  [3.0, 3.0],
  [4.0, 0.0],
  [0.0, 0.0],
  [4.0, 1.0],
  [2.5, 0.5],
  [0.0, 1.0],
  [-3.0, 4.0],
  [5.0, 0.0],
  [1.0, 0.0],
  [1.0, 1.0],
  [5.0, 1.0],
  [10.0, 0.0],
  [0.5, 0.5],
  [4.5, 0.5],
  [0.5, -0.3],
  [3.5, 0.5],
  [1.5, 0.5],
  [2.0, -1.5],
  [2.0, 1.3],
]);
const SK = [
  {
    eps: 1.2,
    minPts: 5,
    labels: [-1, 0, 1, 0, 0, 1, -1, 0, 1, 1, 0, -1, 1, 0, 1, 0, 1, -1, 1],
    core: [1, 2, 3, 8, 9, 12, 13, 15, 16],
  },
  {
    eps: 1.2,
    minPts: 3,
    labels: [-1, 0, 0, 0, 0, 0, -1, 0, 0, 0, 0, -1, 0, 0, 0, 0, 0, -1, 0],
    core: [1, 2, 3, 4, 5, 7, 8, 9, 10, 12, 13, 14, 15, 16, 18],
  },
  {
    eps: 1.6,
    minPts: 5,
    labels: [-1, 0, 0, 0, 0, 0, -1, 0, 0, 0, 0, -1, 0, 0, 0, 0, 0, -1, 0],
    core: [1, 2, 3, 4, 5, 7, 8, 9, 10, 12, 13, 14, 15, 16],
  },
];
const SK_K4 = [
  0.7071067811865476, 0.7071067811865476, 0.7071067811865476, 0.8, 0.9433981132056605, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0,
  1.0, 1.0, 1.0, 1.044030650891055, 2.0615528128088303, 2.5495097567963922, 5.0, 5.522680508593631,
];

/** Textbook DBSCAN with an O(n²) neighbour scan: the independent reference for the k-d tree version. */
function bruteDbscan(X: Matrix, eps: number, minPts: number): Int32Array {
  const n = X.rows,
    d = X.cols;
  const nb = (i: number): number[] => {
    const out: number[] = [];
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let t = 0; t < d; t++) s += (X.data[i * d + t] - X.data[j * d + t]) ** 2;
      if (Math.sqrt(s) <= eps) out.push(j);
    }
    return out;
  };
  const neighbours = Array.from({ length: n }, (_, i) => nb(i));
  const core = neighbours.map((l) => l.length >= minPts);
  const labels = new Int32Array(n).fill(-1);
  let c = 0;
  for (let i = 0; i < n; i++) {
    if (labels[i] !== -1 || !core[i]) continue;
    const queue = [i];
    labels[i] = c;
    while (queue.length) {
      const p = queue.shift()!;
      for (const q of neighbours[p]) {
        if (labels[q] === -1) {
          labels[q] = c;
          if (core[q]) queue.push(q);
        }
      }
    }
    c++;
  }
  return labels;
}

/** 600 rows in 6-D: 4 gaussian clusters of different spreads plus uniform background noise, from Rng(seed). */
function clustered(seed: number): Matrix {
  const rng = new Rng(seed),
    n = 600,
    d = 6,
    data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const c = rng.int(5);
    for (let t = 0; t < d; t++)
      data[i * d + t] = c === 4 ? 40 * rng.next() - 10 : 8 * c * (t % 2) + (0.5 + 0.5 * c) * rng.normal();
  }
  return matrix(data, n, d);
}

describe('dbscan', () => {
  it('gives sklearn DBSCAN labels and core points on the hand-made set', () => {
    for (const s of SK) {
      const r = dbscan(D, { eps: s.eps, minPts: s.minPts });
      expect(Array.from(r.labels)).toEqual(s.labels);
      expect(Array.from(r.core).flatMap((v, i) => (v ? [i] : []))).toEqual(s.core);
      expect(r.nClusters).toBe(new Set(s.labels.filter((l) => l >= 0)).size);
      expect(r.nNoise).toBe(s.labels.filter((l) => l === -1).length);
    }
  });

  it('equals a brute-force DBSCAN on 600 × 6 rows for several eps and minPts', () => {
    const X = clustered(3);
    for (const [eps, minPts] of [
      [1.5, 5],
      [2.5, 5],
      [2.5, 10],
      [4, 3],
    ]) {
      const r = dbscan(X, { eps, minPts });
      const ref = bruteDbscan(X, eps, minPts);
      expect(Array.from(r.labels)).toEqual(Array.from(ref));
      expect(r.nClusters).toBe(Math.max(...ref) + 1);
    }
  });

  it('finds every neighbour: core flags equal brute-force neighbour counts ≥ minPts for every count as minPts', () => {
    // A missed neighbour of row i would make its count fall short exactly when minPts = its true count.
    const X = clustered(5),
      n = X.rows,
      d = X.cols,
      eps = 2.5;
    const count = Array.from({ length: n }, (_, i) => {
      let c = 0;
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let t = 0; t < d; t++) s += (X.data[i * d + t] - X.data[j * d + t]) ** 2;
        if (Math.sqrt(s) <= eps) c++;
      }
      return c;
    });
    const thresholds = [...new Set(count)];
    expect(thresholds.length).toBeGreaterThan(20);
    for (const minPts of thresholds) {
      const { core } = dbscan(X, { eps, minPts });
      expect(Array.from(core)).toEqual(count.map((c) => (c >= minPts ? 1 : 0)));
    }
  });

  it('puts identical points in one cluster (minPts = 5 is met by 10 copies) and uses minPts = 5 by default', () => {
    const X = matrix(new Float64Array(30).fill(2), 10, 3);
    expect(dbscan(X, { eps: 1e-9 })).toMatchObject({ nClusters: 1, nNoise: 0 });
    const four = matrix(new Float64Array(12).fill(2), 4, 3);
    expect(dbscan(four, { eps: 1e-9 })).toMatchObject({ nClusters: 0, nNoise: 4 });
  });

  it('rejects bad parameters', () => {
    expect(() => dbscan(D, { eps: 0 })).toThrow(RangeError);
    expect(() => dbscan(D, { eps: Infinity })).toThrow(RangeError);
    expect(() => dbscan(D, { eps: 1, minPts: 0 })).toThrow(RangeError);
    expect(() => dbscan(fromRows([[0, NaN]]), { eps: 1 })).toThrow(RangeError);
    expect(() => kDistance(D, 20)).toThrow(RangeError);
    expect(() => kDistance(D, 0)).toThrow(RangeError);
  });
});

describe('kDistance and suggestEps', () => {
  it('matches sklearn NearestNeighbors k-distances (self counted) to 1e-12', () => {
    const k4 = kDistance(D, 4);
    expect(k4).toHaveLength(19);
    for (let i = 0; i < 19; i++) expect(Math.abs(k4[i] - SK_K4[i])).toBeLessThan(1e-12);
    expect(Array.from(kDistance(D, 1))).toEqual(new Array(19).fill(0)); // the row itself
  });

  it('equals brute-force k-distances on 600 × 6 rows', () => {
    const X = clustered(8),
      n = X.rows,
      d = X.cols;
    const ref = Array.from({ length: n }, (_, i) => {
      const dist = Array.from({ length: n }, (_, j) => {
        let s = 0;
        for (let t = 0; t < d; t++) s += (X.data[i * d + t] - X.data[j * d + t]) ** 2;
        return Math.sqrt(s);
      }).sort((a, b) => a - b);
      return dist[6];
    }).sort((a, b) => a - b);
    const got = kDistance(X, 7);
    for (let i = 0; i < n; i++) expect(Math.abs(got[i] - ref[i])).toBeLessThan(1e-12);
  });

  it('finds the knee: max distance to the chord with both axes scaled to [0, 1]', () => {
    // By hand: y = [0, 1, 2, 3, 10] → scaled x = [0, .25, .5, .75, 1], y = [0, .1, .2, .3, 1], |x − y| peaks at i = 3.
    expect(kneeOf(Float64Array.from([0, 1, 2, 3, 10]))).toEqual({ eps: 3, index: 3 });
    expect(kneeOf(Float64Array.from([2, 2, 2, 2]))).toEqual({ eps: 2, index: 0 }); // flat curve
    // numpy on SK_K4: x = np.arange(19)/18; ys = (y − y[0])/(y[−1] − y[0]); np.argmax(np.abs(x − ys)) → 14
    const s = suggestEps(D, 4);
    expect(s.index).toBe(14);
    expect(s.eps).toBe(SK_K4[14]);
    expect(s.curve).toHaveLength(19);
  });
});
