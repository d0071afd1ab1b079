import { z } from 'zod';
import { assertFinite, type Matrix } from './matrix';
import { Rng } from './rng';
import { silhouetteScore } from './silhouette';

/**
 * K-means clustering (Lloyd's algorithm) with greedy k-means++ seeding and several restarts, following
 * sklearn.cluster.KMeans(init='k-means++', algorithm='lloyd'):
 *   - seeding: the first centre is a uniformly drawn row; each further centre is the best (lowest resulting
 *     inertia) of 2 + ⌊ln k⌋ candidates drawn with probability ∝ squared distance to the nearest chosen centre;
 *   - Lloyd iterations until the labels stop changing, or the summed squared centre shift is ≤ tol × (mean
 *     per-column variance of X), or maxIter iterations;
 *   - a cluster that becomes empty is re-seeded at the row farthest from its own centre;
 *   - nInit restarts drawn from one Rng(seed) in sequence; the fit with the lowest inertia wins.
 * Inertia = sum of squared euclidean distances from each row to its centroid.
 */

export interface KMeansParams {
  /** Number of clusters, an integer ≥ 1. Required. */
  k: number;
  /** Number of k-means++ restarts; the one with the lowest inertia is kept. Default 10. */
  nInit?: number;
  /** Maximum Lloyd iterations per restart. Default 300. */
  maxIter?: number;
  /** Relative tolerance on the summed squared centre shift (× mean column variance of X). Default 1e-6. */
  tol?: number;
  /** Seed of the random number generator. Default 42. */
  seed?: number;
}

export interface KMeansFit {
  /** Cluster index (0..k−1) of every row. */
  labels: Int32Array;
  /** k × cols matrix of cluster centres. */
  centroids: Matrix;
  /** Sum of squared distances of the rows to their centroid. */
  inertia: number;
  /** Lloyd iterations of the winning restart. */
  iterations: number;
}

const ZKMeans = z.object({
  kind: z.literal('kmeans'),
  version: z.literal(1),
  k: z.number().int().positive(),
  nInit: z.number().int().positive(),
  maxIter: z.number().int().positive(),
  tol: z.number().nonnegative(),
  seed: z.number(),
  centroids: z.array(z.array(z.number())),
  inertia: z.number().nonnegative(),
  iterations: z.number().int().nonnegative(),
});
export type KMeansJson = z.infer<typeof ZKMeans>;

/** Assigns every row to its nearest centre; fills labels and squared distances, returns the inertia. */
function assign(X: Matrix, C: Float64Array, k: number, labels: Int32Array, dist: Float64Array): number {
  const { rows: n, cols: d, data } = X;
  let inertia = 0;
  for (let i = 0; i < n; i++) {
    const o = i * d;
    let best = Infinity,
      bestC = 0;
    for (let c = 0; c < k; c++) {
      const s = sqDist(data, o, C, c * d, d);
      if (s < best) {
        best = s;
        bestC = c;
      }
    }
    labels[i] = bestC;
    dist[i] = best;
    inertia += best;
  }
  return inertia;
}

/**
 * Squared euclidean distance between a[ao..ao+d) and b[bo..bo+d). Four accumulators break the chain of
 * dependent additions (faster than one running sum).
 */
function sqDist(a: Float64Array, ao: number, b: Float64Array, bo: number, d: number): number {
  let s0 = 0,
    s1 = 0,
    s2 = 0,
    s3 = 0,
    t = 0;
  for (; t + 3 < d; t += 4) {
    const e0 = a[ao + t] - b[bo + t],
      e1 = a[ao + t + 1] - b[bo + t + 1];
    const e2 = a[ao + t + 2] - b[bo + t + 2],
      e3 = a[ao + t + 3] - b[bo + t + 3];
    s0 += e0 * e0;
    s1 += e1 * e1;
    s2 += e2 * e2;
    s3 += e3 * e3;
  }
  for (; t < d; t++) {
    const e = a[ao + t] - b[bo + t];
    s0 += e * e;
  }
  return s0 + s1 + (s2 + s3);
}

/** Greedy k-means++ seeding; returns k × d centres. */
function kMeansPlusPlus(X: Matrix, k: number, rng: Rng): Float64Array {
  const { rows: n, cols: d, data } = X;
  const C = new Float64Array(k * d);
  const trials = 2 + Math.floor(Math.log(k));
  const first = rng.int(n);
  C.set(data.subarray(first * d, (first + 1) * d), 0);
  const closest = new Float64Array(n),
    cand = new Float64Array(n),
    best = new Float64Array(n);
  const cum = new Float64Array(n);
  for (let i = 0; i < n; i++) closest[i] = sqDist(data, i * d, data, first * d, d);
  for (let c = 1; c < k; c++) {
    let acc = 0;
    for (let i = 0; i < n; i++) cum[i] = acc += closest[i];
    let bestPot = Infinity,
      bestIdx = 0;
    for (let t = 0; t < trials; t++) {
      let idx: number;
      if (acc > 0) {
        const r = rng.next() * acc; // first index with cum > r (binary search)
        let lo = 0,
          hi = n - 1;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (cum[mid] > r) hi = mid;
          else lo = mid + 1;
        }
        idx = lo;
      } else idx = rng.int(n); // every row already sits on a centre
      let pot = 0;
      for (let i = 0; i < n; i++) {
        const ci = closest[i],
          s = sqDist(data, i * d, data, idx * d, d);
        pot += cand[i] = s < ci ? s : ci;
      }
      if (pot < bestPot) {
        bestPot = pot;
        bestIdx = idx;
        best.set(cand);
      }
    }
    C.set(data.subarray(bestIdx * d, (bestIdx + 1) * d), c * d);
    closest.set(best);
  }
  return C;
}

/**
 * Lloyd iterations from the centres C (updated in place); returns the iteration count. The assignment step uses
 * Hamerly's bounds (an upper bound on the distance to the own centre, a lower bound on the distance to every
 * other centre) to skip rows whose nearest centre cannot have changed, which gives Lloyd's assignments with far
 * fewer distance computations. On strict convergence (no label changed) `labels` holds the final assignment.
 */
function lloyd(
  X: Matrix,
  C: Float64Array,
  k: number,
  maxIter: number,
  tolAbs: number,
  labels: Int32Array,
): { iterations: number; strict: boolean } {
  const { rows: n, cols: d, data } = X;
  const upper = new Float64Array(n),
    lower = new Float64Array(n);
  const sums = new Float64Array(k * d),
    counts = new Float64Array(k);
  const half = new Float64Array(k),
    move = new Float64Array(k);
  let exact = true; // first iteration (or after relocating an empty cluster): compute every distance
  let it = 0;
  while (it < maxIter) {
    it++;
    for (let c = 0; c < k; c++) {
      let m = Infinity;
      for (let c2 = 0; c2 < k; c2++) if (c2 !== c) m = Math.min(m, centreDist(C, c, c2, d));
      half[c] = m / 2;
    }
    let changed = 0;
    for (let i = 0; i < n; i++) {
      const o = i * d,
        a = labels[i];
      if (!exact) {
        const bound = Math.max(half[a], lower[i]);
        if (upper[i] <= bound) continue;
        upper[i] = Math.sqrt(sqDist(data, o, C, a * d, d));
        if (upper[i] <= bound) continue;
      }
      let b1 = Infinity,
        b2 = Infinity,
        c1 = 0;
      for (let c = 0; c < k; c++) {
        const s = sqDist(data, o, C, c * d, d);
        if (s < b1) {
          b2 = b1;
          b1 = s;
          c1 = c;
        } else if (s < b2) b2 = s;
      }
      if (c1 !== a || exact) changed++;
      labels[i] = c1;
      upper[i] = Math.sqrt(b1);
      lower[i] = Math.sqrt(b2);
    }
    sums.fill(0);
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const c = labels[i],
        o = i * d,
        oc = c * d;
      counts[c]++;
      for (let t = 0; t < d; t++) sums[oc + t] += data[o + t];
    }
    const relocated = counts.includes(0);
    if (relocated) {
      for (let i = 0; i < n; i++) upper[i] = sqDist(data, i * d, C, labels[i] * d, d);
      relocateEmpty(X, labels, upper, sums, counts, k);
    }
    let shift = 0,
      max1 = 0,
      max2 = 0,
      arg1 = -1;
    for (let c = 0; c < k; c++) {
      let m = 0;
      for (let t = 0; t < d; t++) {
        const v = sums[c * d + t] / counts[c];
        const diff = v - C[c * d + t];
        m += diff * diff;
        C[c * d + t] = v;
      }
      shift += m;
      move[c] = Math.sqrt(m);
      if (move[c] > max1) {
        max2 = max1;
        max1 = move[c];
        arg1 = c;
      } else if (move[c] > max2) max2 = move[c];
    }
    if (changed === 0 && !exact && !relocated) return { iterations: it, strict: true }; // labels final for C
    if (shift <= tolAbs) break;
    exact = relocated;
    if (!exact) {
      for (let i = 0; i < n; i++) {
        upper[i] += move[labels[i]];
        lower[i] -= labels[i] === arg1 ? max2 : max1;
      }
    }
  }
  return { iterations: it, strict: false };
}

function centreDist(C: Float64Array, a: number, b: number, d: number): number {
  return Math.sqrt(sqDist(C, a * d, C, b * d, d));
}

/** Moves the rows farthest from their centres into empty clusters (sklearn's rule), adjusting sums and counts. */
function relocateEmpty(
  X: Matrix,
  labels: Int32Array,
  dist: Float64Array,
  sums: Float64Array,
  counts: Float64Array,
  k: number,
): void {
  const empty: number[] = [];
  for (let c = 0; c < k; c++) if (counts[c] === 0) empty.push(c);
  if (empty.length === 0) return;
  const d = X.cols;
  const order = Array.from(dist.keys()).sort((a, b) => dist[b] - dist[a] || a - b);
  let p = 0;
  for (const c of empty) {
    while (counts[labels[order[p]]] <= 1) p++; // never empty another cluster
    const i = order[p++],
      old = labels[i];
    for (let t = 0; t < d; t++) {
      sums[old * d + t] -= X.data[i * d + t];
      sums[c * d + t] = X.data[i * d + t];
    }
    counts[old]--;
    counts[c] = 1;
    labels[i] = c;
    dist[i] = 0;
  }
}

/** K-means model: `fit` (best of nInit seeded restarts), `predict` (nearest centroid), toJSON / fromJSON. */
export class KMeans {
  readonly kind = 'kmeans' as const;
  readonly params: Required<KMeansParams>;
  private C: Float64Array | null = null;
  private cols = 0;
  private info = { inertia: 0, iterations: 0 };

  constructor(params: KMeansParams) {
    const { k, nInit = 10, maxIter = 300, tol = 1e-6, seed = 42 } = params ?? ({} as KMeansParams);
    if (!Number.isInteger(k) || k < 1) throw new RangeError(`KMeans: k must be an integer ≥ 1 (got ${k})`);
    if (!Number.isInteger(nInit) || nInit < 1)
      throw new RangeError(`KMeans: nInit must be an integer ≥ 1 (got ${nInit})`);
    if (!Number.isInteger(maxIter) || maxIter < 1)
      throw new RangeError(`KMeans: maxIter must be an integer ≥ 1 (got ${maxIter})`);
    if (!(tol >= 0) || !Number.isFinite(tol))
      throw new RangeError(`KMeans: tol must be a finite number ≥ 0 (got ${tol})`);
    if (!Number.isFinite(seed)) throw new TypeError(`KMeans: seed must be a finite number (got ${seed})`);
    this.params = { k, nInit, maxIter, tol, seed };
  }

  /** Fits the model (best of nInit restarts) and returns labels, centroids, inertia and iterations. */
  fit(X: Matrix): KMeansFit {
    const { k, nInit, maxIter, tol, seed } = this.params;
    if (X.rows < k) throw new RangeError(`KMeans.fit: X has ${X.rows} rows, fewer than k = ${k}`);
    if (X.cols < 1) throw new RangeError('KMeans.fit: X has no columns');
    assertFinite(X);
    const { rows: n, cols: d, data } = X;
    let varSum = 0; // tol is relative to the mean column variance, as in sklearn
    for (let t = 0; t < d; t++) {
      let m = 0,
        s = 0;
      for (let i = 0; i < n; i++) m += data[i * d + t];
      m /= n;
      for (let i = 0; i < n; i++) s += (data[i * d + t] - m) ** 2;
      varSum += s / n;
    }
    const tolAbs = (tol * varSum) / d;
    const rng = new Rng(seed);
    const dist = new Float64Array(n);
    let best: { C: Float64Array; labels: Int32Array; inertia: number; iterations: number } | null = null;
    for (let r = 0; r < nInit; r++) {
      const C = kMeansPlusPlus(X, k, rng),
        labels = new Int32Array(n);
      const { iterations, strict } = lloyd(X, C, k, maxIter, tolAbs, labels);
      let inertia = 0;
      if (strict) for (let i = 0; i < n; i++) inertia += sqDist(data, i * d, C, labels[i] * d, d);
      else inertia = assign(X, C, k, labels, dist);
      if (!best || inertia < best.inertia) best = { C, labels, inertia, iterations };
    }
    const { C, labels, inertia, iterations } = best!;
    this.C = C;
    this.cols = d;
    this.info = { inertia, iterations };
    return { labels, centroids: this.centroids, inertia, iterations };
  }

  /** Index of the nearest centroid for every row. */
  predict(X: Matrix): Int32Array {
    const C = this.fitted();
    if (X.cols !== this.cols) throw new RangeError(`KMeans.predict: X has ${X.cols} columns, fitted on ${this.cols}`);
    assertFinite(X);
    const labels = new Int32Array(X.rows);
    assign(X, C, this.params.k, labels, new Float64Array(X.rows));
    return labels;
  }

  /** Copy of the k × cols centroid matrix. */
  get centroids(): Matrix {
    return { data: Float64Array.from(this.fitted()), rows: this.params.k, cols: this.cols };
  }

  /** Inertia and iteration count of the fit. */
  get fitInfo(): { inertia: number; iterations: number } {
    this.fitted();
    return { ...this.info };
  }

  toJSON(): KMeansJson {
    const C = this.fitted(),
      d = this.cols;
    const centroids = Array.from({ length: this.params.k }, (_, c) => Array.from(C.subarray(c * d, (c + 1) * d)));
    return { kind: 'kmeans', version: 1, ...this.params, centroids, ...this.info };
  }

  static fromJSON(json: unknown): KMeans {
    const o = json as { kind?: unknown; version?: unknown } | null;
    if (typeof o !== 'object' || o === null) throw new TypeError('KMeans.fromJSON: model JSON must be an object');
    if (o.kind !== 'kmeans')
      throw new TypeError(`KMeans.fromJSON: expected a kmeans model, got kind ${String(o.kind)}`);
    if (o.version !== 1)
      throw new TypeError(`KMeans.fromJSON: unsupported model version ${String(o.version)} (expected 1)`);
    const r = ZKMeans.safeParse(json);
    if (!r.success) throw new TypeError(`KMeans.fromJSON: invalid JSON (${r.error.message})`);
    const { centroids, k, nInit, maxIter, tol, seed, inertia, iterations } = r.data;
    const d = centroids[0]?.length ?? 0;
    if (centroids.length !== k || d < 1 || centroids.some((row) => row.length !== d)) {
      throw new TypeError(`KMeans.fromJSON: centroids must be ${k} rows of equal, non-zero length`);
    }
    const m = new KMeans({ k, nInit, maxIter, tol, seed });
    m.C = Float64Array.from(centroids.flat());
    m.cols = d;
    m.info = { inertia, iterations };
    return m;
  }

  private fitted(): Float64Array {
    if (!this.C) throw new Error('KMeans: call fit() first');
    return this.C;
  }
}

export interface ChooseKOptions {
  /** Smallest k tried (≥ 2, silhouette needs two clusters). Default 2. */
  kMin?: number;
  /** Largest k tried (≤ rows − 1). Default 8. */
  kMax?: number;
  /** Seed of every KMeans fit and of the silhouette sample. Default 42. */
  seed?: number;
  /** Silhouette is computed on a seeded sample of this many rows when X has more. Default 2000. */
  sampleSize?: number;
  /** Restarts per k. Default 10. */
  nInit?: number;
  /** Maximum Lloyd iterations per restart. Default 300. */
  maxIter?: number;
}

export interface ChooseKEntry {
  k: number;
  /** Inertia of the best fit for this k (the elbow curve). */
  inertia: number;
  /** Mean silhouette of that fit's labels. */
  silhouette: number;
}

export interface ChooseKResult {
  /** One entry per k, ascending. */
  results: ChooseKEntry[];
  /** The k with the highest silhouette (the smallest such k on ties). */
  bestK: number;
  /** True when the silhouettes were computed on a sample of the rows. */
  silhouetteSampled: boolean;
}

/**
 * Fits KMeans for every k in [kMin, kMax] and reports inertia (elbow curve) and silhouette per k; the best k is
 * the one with the highest silhouette. Every silhouette uses the same seeded row sample, so they are comparable.
 */
export function chooseK(X: Matrix, options: ChooseKOptions = {}): ChooseKResult {
  const { kMin = 2, kMax = 8, seed = 42, sampleSize = 2000, nInit = 10, maxIter = 300 } = options;
  if (!Number.isInteger(kMin) || !Number.isInteger(kMax) || kMin < 2 || kMax < kMin) {
    throw new RangeError(`chooseK: need integers 2 ≤ kMin ≤ kMax (got ${kMin}, ${kMax})`);
  }
  if (kMax > X.rows - 1)
    throw new RangeError(`chooseK: kMax = ${kMax} needs at least ${kMax + 1} rows (X has ${X.rows})`);
  const results: ChooseKEntry[] = [];
  let sampled = false;
  for (let k = kMin; k <= kMax; k++) {
    const fit = new KMeans({ k, seed, nInit, maxIter }).fit(X);
    const s = silhouetteScore(X, fit.labels, { sampleSize, seed });
    sampled = s.sampled;
    results.push({ k, inertia: fit.inertia, silhouette: s.score });
  }
  let bestK = results[0].k,
    bestS = -Infinity;
  for (const r of results) {
    if (r.silhouette > bestS) {
      bestS = r.silhouette;
      bestK = r.k;
    }
  }
  return { results, bestK, silhouetteSampled: sampled };
}
