import { assertFinite, type Matrix } from './matrix';
import { Rng } from './rng';

/**
 * Silhouette coefficient (Rousseeuw 1987) with euclidean distances, as in sklearn.metrics.silhouette_samples /
 * silhouette_score. For row i in cluster A:
 *   a(i) = mean distance from i to the other members of A,
 *   b(i) = min over clusters B ≠ A of the mean distance from i to the members of B,
 *   s(i) = (b − a) / max(a, b), and s(i) = 0 when A has a single member (or a = b = 0).
 * The cost is O(n² · d) time and O(n · nClusters) memory, so `silhouetteScore` works on a seeded random sample
 * of `sampleSize` rows when there are more (exactly what sklearn's `sample_size` does: the silhouette of the
 * sample, distances measured within the sample only).
 */

export interface SilhouetteOptions {
  /** Above this many rows, score a seeded random sample of this many rows instead of all rows. Default 2000. */
  sampleSize?: number;
  /** Seed of the sample (used only when sampling). Default 42. */
  seed?: number;
}

export interface ClusterSilhouette {
  /** The cluster label as given. */
  label: number;
  /** Rows of this cluster that were scored (in the sample when sampled). */
  size: number;
  /** Mean silhouette of those rows. */
  mean: number;
}

export interface SilhouetteResult {
  /** Mean silhouette over the scored rows, in [−1, 1]. */
  score: number;
  /** True when the score was computed on a random sample of the rows. */
  sampled: boolean;
  /** Number of rows scored (the sample size when sampled, else X.rows). */
  n: number;
  /** Per-cluster mean silhouette over the scored rows, ascending by label. */
  clusters: ClusterSilhouette[];
}

function checkLabels(name: string, X: Matrix, labels: ArrayLike<number>): void {
  if (labels.length !== X.rows) throw new RangeError(`${name}: ${labels.length} labels for ${X.rows} rows`);
  for (let i = 0; i < labels.length; i++) {
    if (!Number.isInteger(labels[i]))
      throw new TypeError(`${name}: label of row ${i} is not an integer (${labels[i]})`);
  }
}

/**
 * Silhouette of every row (euclidean), like sklearn.metrics.silhouette_samples. Needs 2 ≤ nClusters ≤ n − 1
 * (RangeError otherwise). Labels may be any integers, including −1 (treated as an ordinary cluster, as in sklearn;
 * drop noise rows first if they should not count).
 */
export function silhouetteSamples(X: Matrix, labels: ArrayLike<number>): Float64Array {
  checkLabels('silhouetteSamples', X, labels);
  assertFinite(X);
  const { rows: n, cols: d, data } = X;
  const ids = new Map<number, number>();
  const cl = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let c = ids.get(labels[i]);
    if (c === undefined) {
      c = ids.size;
      ids.set(labels[i], c);
    }
    cl[i] = c;
  }
  const L = ids.size;
  if (L < 2 || L > n - 1) {
    throw new RangeError(`silhouetteSamples: need 2 ≤ number of clusters ≤ n − 1 (got ${L} clusters, n = ${n})`);
  }
  const count = new Float64Array(L);
  for (let i = 0; i < n; i++) count[cl[i]]++;
  // sums[i·L + c] = sum of distances from row i to the rows of cluster c
  const sums = new Float64Array(n * L);
  for (let i = 0; i < n; i++) {
    const oi = i * d,
      si = i * L,
      ci = cl[i];
    for (let j = i + 1; j < n; j++) {
      const oj = j * d;
      let s = 0;
      for (let t = 0; t < d; t++) {
        const diff = data[oi + t] - data[oj + t];
        s += diff * diff;
      }
      const dist = Math.sqrt(s);
      sums[si + cl[j]] += dist;
      sums[j * L + ci] += dist;
    }
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const ci = cl[i];
    if (count[ci] <= 1) continue; // singleton cluster: 0 by definition
    const a = sums[i * L + ci] / (count[ci] - 1);
    let b = Infinity;
    for (let c = 0; c < L; c++) if (c !== ci) b = Math.min(b, sums[i * L + c] / count[c]);
    const den = Math.max(a, b);
    out[i] = den > 0 ? (b - a) / den : 0;
  }
  return out;
}

/**
 * Mean silhouette score plus per-cluster means. Exact when X.rows ≤ sampleSize; otherwise computed on
 * `sampleSize` rows drawn without replacement with Rng(seed) (`sampled: true`), so the same seed scores the same
 * rows — which makes scores of different clusterings of the same X comparable.
 */
export function silhouetteScore(
  X: Matrix,
  labels: ArrayLike<number>,
  options: SilhouetteOptions = {},
): SilhouetteResult {
  const { sampleSize = 2000, seed = 42 } = options;
  if (!Number.isInteger(sampleSize) || sampleSize < 3)
    throw new RangeError(`silhouetteScore: sampleSize must be an integer ≥ 3 (got ${sampleSize})`);
  checkLabels('silhouetteScore', X, labels);
  let rows = X,
    lab: ArrayLike<number> = labels;
  const sampled = X.rows > sampleSize;
  if (sampled) {
    // partial Fisher–Yates: the first sampleSize entries of a seeded permutation of 0..n−1
    const perm = new Int32Array(X.rows);
    for (let i = 0; i < perm.length; i++) perm[i] = i;
    const rng = new Rng(seed);
    for (let i = 0; i < sampleSize; i++) {
      const j = i + rng.int(perm.length - i);
      const t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    const idx = perm.subarray(0, sampleSize);
    const d = X.cols,
      buf = new Float64Array(sampleSize * d),
      l = new Int32Array(sampleSize);
    for (let k = 0; k < sampleSize; k++) {
      buf.set(X.data.subarray(idx[k] * d, (idx[k] + 1) * d), k * d);
      l[k] = labels[idx[k]];
    }
    rows = { data: buf, rows: sampleSize, cols: d };
    lab = l;
  }
  const s = silhouetteSamples(rows, lab);
  const per = new Map<number, { size: number; sum: number }>();
  let total = 0;
  for (let i = 0; i < s.length; i++) {
    total += s[i];
    const e = per.get(lab[i]) ?? { size: 0, sum: 0 };
    e.size++;
    e.sum += s[i];
    per.set(lab[i], e);
  }
  const clusters = [...per.entries()]
    .sort((p, q) => p[0] - q[0])
    .map(([label, e]) => ({ label, size: e.size, mean: e.sum / e.size }));
  return { score: total / s.length, sampled, n: s.length, clusters };
}
