import { assertFinite, type Matrix } from './matrix';

/**
 * DBSCAN (Ester et al. 1996) with euclidean distances, giving the same labels as sklearn.cluster.DBSCAN:
 *   - a row is a core point when at least minPts rows (itself included) lie within distance ≤ eps;
 *   - clusters are grown from core points in row order and numbered 0, 1, … in that order; a border point
 *     (non-core, within eps of a core point) joins the first cluster that reaches it; the rest is noise (−1).
 * Neighbours come from a k-d tree (bounding-box pruning, leaves of ≤ 16 rows), so 5,000 × 6 takes well under a
 * second. `kDistance` and `suggestEps` help choose eps from the sorted k-distance curve.
 */

export interface DbscanParams {
  /** Neighbourhood radius (> 0). Required. */
  eps: number;
  /** Rows within eps (the row itself included) that make a core point; an integer ≥ 1. Default 5. */
  minPts?: number;
}

export interface DbscanResult {
  /** Cluster index 0..nClusters−1 per row, −1 for noise. */
  labels: Int32Array;
  nClusters: number;
  nNoise: number;
  /** 1 for core points, 0 otherwise. */
  core: Uint8Array;
}

const LEAF_SIZE = 16;

/** Static k-d tree over the rows of X; rows are copied in tree order for locality. */
class KdTree {
  readonly d: number;
  private readonly pts: Float64Array;
  private readonly idx: Int32Array;
  private readonly start: number[] = [];
  private readonly end: number[] = [];
  private readonly left: number[] = [];
  private readonly right: number[] = [];
  private readonly lo: number[] = [];
  private readonly hi: number[] = [];

  constructor(X: Matrix) {
    const { rows: n, cols: d, data } = X;
    this.d = d;
    this.idx = new Int32Array(n);
    for (let i = 0; i < n; i++) this.idx[i] = i;
    if (n > 0) this.build(data, 0, n);
    this.pts = new Float64Array(n * d);
    for (let k = 0; k < n; k++) this.pts.set(data.subarray(this.idx[k] * d, (this.idx[k] + 1) * d), k * d);
  }

  private build(data: Float64Array, s: number, e: number): number {
    const d = this.d,
      node = this.start.length,
      idx = this.idx;
    this.start.push(s);
    this.end.push(e);
    this.left.push(-1);
    this.right.push(-1);
    let widest = 0,
      width = -1;
    for (let t = 0; t < d; t++) {
      let mn = Infinity,
        mx = -Infinity;
      for (let k = s; k < e; k++) {
        const v = data[idx[k] * d + t];
        if (v < mn) mn = v;
        if (v > mx) mx = v;
      }
      this.lo.push(mn);
      this.hi.push(mx);
      if (mx - mn > width) {
        width = mx - mn;
        widest = t;
      }
    }
    if (e - s <= LEAF_SIZE || width === 0) return node;
    const mid = (s + e) >>> 1;
    select(idx, data, d, widest, s, e - 1, mid);
    this.left[node] = this.build(data, s, mid);
    this.right[node] = this.build(data, mid, e);
    return node;
  }

  /** Squared distance from q to the bounding box of a node (0 inside). */
  private boxDist(node: number, q: Float64Array, qo: number): number {
    const d = this.d,
      b = node * d;
    let s = 0;
    for (let t = 0; t < d; t++) {
      const v = q[qo + t];
      const diff = v < this.lo[b + t] ? this.lo[b + t] - v : v > this.hi[b + t] ? v - this.hi[b + t] : 0;
      s += diff * diff;
    }
    return s;
  }

  /**
   * Calls visit(row) for every row within squared distance r2 of q[qo..qo+d). Stops early (returns true) once
   * visit returns true.
   */
  within(q: Float64Array, qo: number, r2: number, visit: (row: number) => boolean | void): boolean {
    const d = this.d,
      pts = this.pts,
      stack = [0];
    if (this.idx.length === 0) return false;
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (this.boxDist(node, q, qo) > r2) continue;
      if (this.left[node] >= 0) {
        stack.push(this.right[node], this.left[node]);
        continue;
      }
      for (let k = this.start[node]; k < this.end[node]; k++) {
        let s = 0;
        for (let t = 0; t < d && s <= r2; t++) {
          const diff = pts[k * d + t] - q[qo + t];
          s += diff * diff;
        }
        if (s <= r2 && visit(this.idx[k])) return true;
      }
    }
    return false;
  }

  /** Squared distance from q to its k-th nearest row (rows at distance 0, q itself included, count). */
  kthNearest(q: Float64Array, qo: number, k: number): number {
    const best = new Float64Array(k).fill(Infinity); // ascending
    const d = this.d,
      pts = this.pts;
    const visit = (node: number): void => {
      if (this.boxDist(node, q, qo) > best[k - 1]) return;
      const l = this.left[node];
      if (l >= 0) {
        const r = this.right[node];
        if (this.boxDist(l, q, qo) <= this.boxDist(r, q, qo)) {
          visit(l);
          visit(r);
        } else {
          visit(r);
          visit(l);
        }
        return;
      }
      for (let p = this.start[node]; p < this.end[node]; p++) {
        let s = 0;
        for (let t = 0; t < d; t++) {
          const diff = pts[p * d + t] - q[qo + t];
          s += diff * diff;
        }
        if (s < best[k - 1]) {
          let j = k - 1;
          while (j > 0 && best[j - 1] > s) {
            best[j] = best[j - 1];
            j--;
          }
          best[j] = s;
        }
      }
    };
    visit(0);
    return best[k - 1];
  }
}

/** Quickselect: reorders idx[s..e] so that idx[m] holds the row with the m-th smallest value in column t. */
function select(idx: Int32Array, data: Float64Array, d: number, t: number, s: number, e: number, m: number): void {
  while (e > s) {
    const pivot = data[idx[(s + e) >>> 1] * d + t];
    let i = s,
      j = e;
    while (i <= j) {
      while (data[idx[i] * d + t] < pivot) i++;
      while (data[idx[j] * d + t] > pivot) j--;
      if (i <= j) {
        const tmp = idx[i];
        idx[i] = idx[j];
        idx[j] = tmp;
        i++;
        j--;
      }
    }
    if (m <= j) e = j;
    else if (m >= i) s = i;
    else return;
  }
}

function checkX(name: string, X: Matrix): void {
  if (X.cols < 1) throw new RangeError(`${name}: X has no columns`);
  assertFinite(X);
}

/** Clusters the rows of X with DBSCAN; see the file comment for the exact rules. */
export function dbscan(X: Matrix, params: DbscanParams): DbscanResult {
  const { eps, minPts = 5 } = params ?? ({} as DbscanParams);
  if (!(eps > 0) || !Number.isFinite(eps)) throw new RangeError(`dbscan: eps must be a finite number > 0 (got ${eps})`);
  if (!Number.isInteger(minPts) || minPts < 1)
    throw new RangeError(`dbscan: minPts must be an integer ≥ 1 (got ${minPts})`);
  checkX('dbscan', X);
  const n = X.rows,
    d = X.cols,
    data = X.data,
    r2 = eps * eps;
  const tree = new KdTree(X);
  const core = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let count = 0;
    core[i] = tree.within(data, i * d, r2, () => ++count >= minPts) ? 1 : 0;
  }
  const labels = new Int32Array(n).fill(-1);
  let nClusters = 0;
  const stack: number[] = [];
  for (let i = 0; i < n; i++) {
    if (labels[i] !== -1 || !core[i]) continue;
    const c = nClusters++;
    labels[i] = c;
    stack.push(i);
    while (stack.length > 0) {
      const p = stack.pop()!;
      tree.within(data, p * d, r2, (q) => {
        if (labels[q] !== -1) return;
        labels[q] = c;
        if (core[q]) stack.push(q);
      });
    }
  }
  let nNoise = 0;
  for (let i = 0; i < n; i++) if (labels[i] === -1) nNoise++;
  return { labels, nClusters, nNoise, core };
}

/**
 * Sorted (ascending) k-distance curve: for every row, the distance to its k-th nearest row counting the row
 * itself as the first (like sklearn NearestNeighbors(n_neighbors=k).kneighbors(X)[0][:, k−1]). With k = minPts,
 * a row is a DBSCAN core point exactly when its k-distance is ≤ eps. Default k = 5.
 */
export function kDistance(X: Matrix, k = 5): Float64Array {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`kDistance: k must be an integer ≥ 1 (got ${k})`);
  if (k > X.rows) throw new RangeError(`kDistance: k = ${k} exceeds the ${X.rows} rows`);
  checkX('kDistance', X);
  const tree = new KdTree(X);
  const out = new Float64Array(X.rows);
  for (let i = 0; i < X.rows; i++) out[i] = Math.sqrt(tree.kthNearest(X.data, i * X.cols, k));
  return out.sort();
}

export interface EpsSuggestion {
  /** The k-distance at the knee: a candidate eps for dbscan with minPts = k. */
  eps: number;
  /** Position of the knee in the sorted curve. */
  index: number;
  /** The sorted k-distance curve (for plotting). */
  curve: Float64Array;
}

/**
 * Knee of the sorted k-distance curve: the point farthest from the chord joining its first and last points,
 * after scaling both axes to [0, 1] (so the answer does not depend on the units of X). A flat curve gives
 * index 0. Default k = 5 (use k = minPts).
 */
export function suggestEps(X: Matrix, k = 5): EpsSuggestion {
  const curve = kDistance(X, k);
  return { ...kneeOf(curve), curve };
}

/** Knee of an ascending curve y[0..n−1] (exported for tests): max distance to the chord, axes scaled to [0, 1]. */
export function kneeOf(y: Float64Array): { eps: number; index: number } {
  const n = y.length;
  if (n === 0) throw new RangeError('kneeOf: empty curve');
  const y0 = y[0],
    span = y[n - 1] - y0;
  if (n < 3 || span <= 0) return { eps: y[0], index: 0 };
  // chord from (0, 0) to (1, 1) in scaled coordinates: distance ∝ |x − y|
  let best = -Infinity,
    index = 0;
  for (let i = 0; i < n; i++) {
    const dist = Math.abs(i / (n - 1) - (y[i] - y0) / span);
    if (dist > best) {
      best = dist;
      index = i;
    }
  }
  return { eps: y[index], index };
}
