import { describe, expect, it } from 'vitest';
import { NUMPY_40X3 } from './fixtures-40x3';
import { chooseK, KMeans } from './kmeans';
import { fromRows, matrix } from './matrix';
import { Rng } from './rng';

/** True when a and b are the same partition (equal up to renaming the labels, a bijection). */
function samePartition(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  const ab = new Map<number, number>(),
    ba = new Map<number, number>();
  for (let i = 0; i < a.length; i++) {
    if ((ab.get(a[i]) ?? b[i]) !== b[i] || (ba.get(b[i]) ?? a[i]) !== a[i]) return false;
    ab.set(a[i], b[i]);
    ba.set(b[i], a[i]);
  }
  return true;
}

// Three hand-made blobs (13 rows), listed interleaved:
//   A = (0,0) (1,0) (0,2) (1,1)            mean (0.5, 0.75)   SS = x: 1    + y: 2.75 = 3.75
//   B = (10,10) (11,10) (10,12) (12,11)    mean (10.75, 10.75) SS = x: 2.75 + y: 2.75 = 5.5
//   C = (0,10) (1,11) (2,10) (1,12) (0,11) mean (0.8, 10.8)   SS = x: 2.8  + y: 2.8  = 5.6
// so the k = 3 inertia is 3.75 + 5.5 + 5.6 = 14.85 (all by hand).
const BLOBS = fromRows([
  [0, 0],
  [10, 10],
  [1, 0],
  [0, 10],
  [0, 2],
  [11, 10],
  [1, 11],
  [1, 1],
  [2, 10],
  [10, 12],
  [1, 12],
  [12, 11],
  [0, 11],
]);
const BLOB_OF = [0, 1, 0, 2, 0, 1, 2, 0, 2, 1, 2, 1, 2];
const BLOB_MEANS = [
  [0.5, 0.75],
  [10.75, 10.75],
  [0.8, 10.8],
];

// Global optima on BLOBS from sklearn 1.2.1 (Debian python3-sklearn), n_init so large that more restarts
// change nothing:
//   from sklearn.cluster import KMeans; from sklearn.metrics import silhouette_score
//   for k in range(2, 7):
//       m = KMeans(n_clusters=k, n_init=2000, tol=1e-6, random_state=1).fit(X)
//       print(k, m.inertia_, silhouette_score(X, m.labels_))
const SK_BLOBS: Record<number, { inertia: number; silhouette: number }> = {
  2: { inertia: 234.8611111111111, silhouette: 0.5896811377834247 },
  3: { inertia: 14.849999999999998, silhouette: 0.8313869514432187 },
  4: { inertia: 12.016666666666664, silhouette: 0.6418012188270954 },
  5: { inertia: 9.416666666666664, silhouette: 0.4152955318664779 },
  6: { inertia: 6.999999999999998, silhouette: 0.2422024285791773 },
};

// the shared 40 × 3 data set (fixtures-40x3.ts):
//   rng = np.random.default_rng(7); Y = np.round(rng.normal(size=(40, 3)) * [1.0, 2.0, 0.5] + [0, 1, 0], 2)
// sklearn KMeans(n_clusters=4, n_init=3000, tol=1e-6, random_state=1).fit(Y): inertia 36.8333719047619 and the
// labels below (n_init=10 with random_state 0..4 gives 36.83, 36.83, 36.87, 37.81, 36.87: local optima exist).
const Y = fromRows(NUMPY_40X3);
const SK_Y_LABELS = [
  0, 2, 3, 0, 1, 1, 1, 1, 2, 2, 2, 0, 0, 2, 2, 0, 3, 2, 0, 3, 2, 2, 3, 0, 2, 2, 3, 0, 1, 0, 0, 2, 0, 2, 3, 2, 2, 1, 1,
  0,
];

/** 3 well-separated gaussian blobs of 100 rows in 4-D (sd 1, centres 20 apart), generated with Rng(seed). */
function gaussianBlobs(seed: number): { X: ReturnType<typeof matrix>; blob: number[] } {
  const rng = new Rng(seed),
    centres = [
      [0, 0, 0, 0],
      [20, 0, 0, 0],
      [0, 20, 0, 20],
    ];
  const data: number[] = [],
    blob: number[] = [];
  for (let i = 0; i < 300; i++) {
    const b = rng.int(3);
    blob.push(b);
    for (let j = 0; j < 4; j++) data.push(centres[b][j] + rng.normal());
  }
  return { X: matrix(data, 300, 4), blob };
}

describe('KMeans', () => {
  it('recovers hand-made blobs exactly: partition, centroids = blob means (1e-6), inertia 14.85', () => {
    const fit = new KMeans({ k: 3, seed: 1 }).fit(BLOBS);
    expect(samePartition(fit.labels, BLOB_OF)).toBe(true);
    for (let b = 0; b < 3; b++) {
      const c = fit.labels[BLOB_OF.indexOf(b)];
      for (let j = 0; j < 2; j++) expect(Math.abs(fit.centroids.data[c * 2 + j] - BLOB_MEANS[b][j])).toBeLessThan(1e-6);
    }
    expect(fit.inertia).toBeCloseTo(14.85, 9);
    expect(fit.centroids.rows).toBe(3);
    expect(fit.centroids.cols).toBe(2);
  });

  it('recovers seeded gaussian blobs: same partition and centroids equal to the directly computed blob means', () => {
    const { X, blob } = gaussianBlobs(11);
    const fit = new KMeans({ k: 3, seed: 5 }).fit(X);
    expect(samePartition(fit.labels, blob)).toBe(true); // adjusted Rand index = 1
    for (let b = 0; b < 3; b++) {
      const rows = blob.map((v, i) => (v === b ? i : -1)).filter((i) => i >= 0);
      const c = fit.labels[rows[0]];
      for (let j = 0; j < 4; j++) {
        const mean = rows.reduce((s, i) => s + X.data[i * 4 + j], 0) / rows.length;
        expect(Math.abs(fit.centroids.data[c * 4 + j] - mean)).toBeLessThan(1e-6);
      }
    }
  });

  it('reaches the same optimum as sklearn for k = 2..6 on the hand-made blobs', () => {
    for (let k = 2; k <= 6; k++) {
      expect(Math.abs(new KMeans({ k }).fit(BLOBS).inertia - SK_BLOBS[k].inertia)).toBeLessThan(1e-9);
    }
  });

  it("finds sklearn's best 4-means partition of a 40 × 3 set with nInit = 50 (inertia to 1e-9)", () => {
    const fit = new KMeans({ k: 4, nInit: 50 }).fit(Y);
    expect(Math.abs(fit.inertia - 36.8333719047619)).toBeLessThan(1e-9);
    expect(samePartition(fit.labels, SK_Y_LABELS)).toBe(true);
  });

  it('k = 1 gives the column mean and the total sum of squares (by hand: [0, 2, 4] → 2, 8)', () => {
    const fit = new KMeans({ k: 1 }).fit(fromRows([[0], [2], [4]]));
    expect(Array.from(fit.centroids.data)).toEqual([2]);
    expect(fit.inertia).toBe(8);
    expect(Array.from(fit.labels)).toEqual([0, 0, 0]);
  });

  it('handles fewer distinct values than k like sklearn: inertia 0, every row on a centroid equal to itself', () => {
    // sklearn KMeans(4, n_init=1, random_state=3) on the same column: labels [2 2 0 0 1 1], inertia 0.0,
    // centres [1, 5, 0, 5] (a duplicated centre stays empty after the final assignment; same here).
    const X = fromRows([[0], [0], [1], [1], [5], [5]]);
    const fit = new KMeans({ k: 4, nInit: 1, seed: 3 }).fit(X);
    expect(fit.inertia).toBe(0);
    for (let i = 0; i < 6; i++) expect(fit.centroids.data[fit.labels[i]]).toBe(X.data[i]);
    expect(new Set(fit.labels).size).toBe(3);
  });

  it('is deterministic for a seed and predicts the nearest centroid', () => {
    const { X } = gaussianBlobs(2);
    const a = new KMeans({ k: 4, seed: 9 }).fit(X),
      b = new KMeans({ k: 4, seed: 9 }).fit(X);
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    expect(Array.from(a.centroids.data)).toEqual(Array.from(b.centroids.data));
    expect(a.inertia).toBe(b.inertia);
    expect(a.iterations).toBe(b.iterations);

    const m = new KMeans({ k: 3, seed: 1 });
    const fit = m.fit(BLOBS);
    expect(Array.from(m.predict(BLOBS))).toEqual(Array.from(fit.labels));
    // (0.2, 0.3) is nearest to A's mean, (11, 11) to B's, (1, 9) to C's
    const p = m.predict(
      fromRows([
        [0.2, 0.3],
        [11, 11],
        [1, 9],
      ]),
    );
    expect(Array.from(p)).toEqual([fit.labels[0], fit.labels[1], fit.labels[3]]);
  });

  it('converges to a Lloyd fixed point on overlapping data: labels = nearest centroid, centroids = label means', () => {
    // 400 rows in 3-D from Rng(21), 6 overlapping clusters; with tol = 0 Lloyd runs until no label changes, so
    // the returned centroids must be exactly the means of their rows and every row must sit at its nearest one.
    const rng = new Rng(21),
      n = 400,
      d = 3,
      data = new Float64Array(n * d);
    for (let i = 0; i < n; i++) for (let t = 0; t < d; t++) data[i * d + t] = 2 * ((rng.int(6) + t) % 3) + rng.normal();
    const X = matrix(data, n, d);
    for (const seed of [1, 2, 3]) {
      const m = new KMeans({ k: 6, nInit: 1, tol: 0, seed });
      const fit = m.fit(X);
      expect(fit.iterations).toBeGreaterThan(3);
      expect(Array.from(m.predict(X))).toEqual(Array.from(fit.labels));
      let inertia = 0;
      for (let c = 0; c < 6; c++) {
        const rows = Array.from(fit.labels.keys()).filter((i) => fit.labels[i] === c);
        for (let t = 0; t < d; t++) {
          const mean = rows.reduce((s, i) => s + data[i * d + t], 0) / rows.length;
          expect(Math.abs(fit.centroids.data[c * d + t] - mean)).toBeLessThan(1e-12);
          for (const i of rows) inertia += (data[i * d + t] - fit.centroids.data[c * d + t]) ** 2;
        }
      }
      expect(Math.abs(fit.inertia - inertia)).toBeLessThan(1e-9);
    }
  });

  it('stops after maxIter iterations', () => {
    const { X } = gaussianBlobs(4);
    expect(new KMeans({ k: 5, maxIter: 1, nInit: 2 }).fit(X).iterations).toBe(1);
  });

  it('round-trips through JSON and rejects a wrong kind, version or shape', () => {
    const m = new KMeans({ k: 3, seed: 1 });
    const fit = m.fit(BLOBS);
    const json = JSON.parse(JSON.stringify(m.toJSON()));
    expect(json.kind).toBe('kmeans');
    expect(json.version).toBe(1);
    expect(json.centroids).toHaveLength(3);
    const back = KMeans.fromJSON(json);
    expect(Array.from(back.predict(BLOBS))).toEqual(Array.from(fit.labels));
    expect(back.fitInfo.inertia).toBe(fit.inertia);
    expect(() => KMeans.fromJSON({ ...json, kind: 'pca' })).toThrow(TypeError);
    expect(() => KMeans.fromJSON({ ...json, version: 2 })).toThrow(TypeError);
    expect(() => KMeans.fromJSON({ ...json, centroids: [[1, 2], [3], [4, 5]] })).toThrow(TypeError);
    expect(() => KMeans.fromJSON(null)).toThrow(TypeError);
  });

  it('rejects bad parameters and shapes', () => {
    expect(() => new KMeans({ k: 0 })).toThrow(RangeError);
    expect(() => new KMeans({ k: 2.5 })).toThrow(RangeError);
    expect(() => new KMeans({ k: 2, nInit: 0 })).toThrow(RangeError);
    expect(() => new KMeans({ k: 2, tol: -1 })).toThrow(RangeError);
    expect(() => new KMeans({ k: 4 }).fit(fromRows([[0], [1], [2]]))).toThrow(RangeError);
    expect(() => new KMeans({ k: 1 }).fit(fromRows([[0], [NaN]]))).toThrow(RangeError);
    expect(() => new KMeans({ k: 2 }).predict(BLOBS)).toThrow(Error);
    const m = new KMeans({ k: 2 });
    m.fit(BLOBS);
    expect(() => m.predict(fromRows([[1, 2, 3]]))).toThrow(RangeError);
  });
});

describe('chooseK', () => {
  it("reports sklearn's inertia and silhouette per k (1e-9) and picks k = 3 on the hand-made blobs", () => {
    const r = chooseK(BLOBS, { kMin: 2, kMax: 6 });
    expect(r.results.map((e) => e.k)).toEqual([2, 3, 4, 5, 6]);
    for (const e of r.results) {
      expect(Math.abs(e.inertia - SK_BLOBS[e.k].inertia)).toBeLessThan(1e-9);
      expect(Math.abs(e.silhouette - SK_BLOBS[e.k].silhouette)).toBeLessThan(1e-9);
    }
    expect(r.bestK).toBe(3);
    expect(r.silhouetteSampled).toBe(false);
  });

  it('says when the silhouette was sampled, and rejects bad ranges', () => {
    const { X } = gaussianBlobs(6); // 300 rows from 3 blobs 20 sd apart: k = 3 is the right answer by construction
    const r = chooseK(X, { kMin: 2, kMax: 4, sampleSize: 100 });
    expect(r.silhouetteSampled).toBe(true);
    expect(r.bestK).toBe(3);
    expect(() => chooseK(BLOBS, { kMin: 1 })).toThrow(RangeError);
    expect(() => chooseK(BLOBS, { kMin: 5, kMax: 4 })).toThrow(RangeError);
    expect(() => chooseK(BLOBS, { kMax: 13 })).toThrow(RangeError);
  });
});
