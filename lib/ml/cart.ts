import type { AbortCheck } from './cancel';
import { float32Midpoint } from './flat-tree';
import type { Matrix } from './matrix';
import type { FlatTree } from './model';
import type { Rng } from './rng';

/**
 * CART growing for binary classification (Breiman et al. 1984), shared by DecisionTreeClassifier and
 * RandomForestClassifier. Exact greedy splits: every boundary between two distinct (float32) values of a feature
 * is a candidate; the split maximising the weighted impurity decrease
 *   W·i(node) − W_L·i(left) − W_R·i(right)
 * wins (first one found on ties, scanning features in order and thresholds upwards). As in sklearn, a split with
 * zero decrease is still taken when the node is impure (so XOR-like patterns can be learnt).
 *
 * Columns are presorted once (`prepareCart`); each node keeps, per feature, its rows in sorted order as a
 * contiguous segment, and a split partitions every segment stably — O(n · d) per tree level, no sorting per node.
 * Thresholds follow the float32 rule of flat-tree.ts (left when fround(x) <= threshold).
 */

export type Criterion = 'gini' | 'entropy';

export interface CartOptions {
  maxDepth: number;
  minSamplesLeaf: number;
  minSamplesSplit: number;
  /** Features examined per node (non-constant ones counted); d = all of them, in order, without randomness. */
  maxFeatures: number;
  criterion: Criterion;
  /** checked at every node: an aborted signal stops the growth by throwing */
  signal?: AbortCheck;
}

/** Training data prepared once for many trees. */
export interface CartData {
  n: number;
  d: number;
  /** Column-major float32 copy of X: xs[f * n + i] = fround(X[i, f]). */
  xs: Float32Array;
  /** order[f * n + k] = row with the k-th smallest xs in column f (ties by row index). */
  order: Int32Array;
  y: Uint8Array;
}

/** Impurity of a node with positive weight p out of total weight w. */
export function impurity(criterion: Criterion, p: number, w: number): number {
  if (w <= 0) return 0;
  const q = p / w;
  if (criterion === 'gini') return 2 * q * (1 - q);
  let e = 0;
  if (q > 0) e -= q * Math.log2(q);
  if (q < 1) e -= (1 - q) * Math.log2(1 - q);
  return e;
}

export function prepareCart(X: Matrix, y: Float64Array): CartData {
  const { rows: n, cols: d, data } = X;
  const xs = new Float32Array(n * d);
  for (let i = 0; i < n; i++) for (let f = 0; f < d; f++) xs[f * n + i] = data[i * d + f] + 0; // + 0 turns −0 into +0
  const order = new Int32Array(n * d);
  for (let f = 0; f < d; f++) argsortFloat32(xs.subarray(f * n, (f + 1) * n), order.subarray(f * n, (f + 1) * n));
  return { n, d, xs, order, y: Uint8Array.from(y) };
}

/**
 * Row indices of `col` sorted by value, ties by index. Up to 2^21 rows this sorts exact float64 keys
 * u32(value) · n + index with the native numeric sort (u32 = order-preserving map of the float32 bit pattern),
 * several times faster than a comparator sort; beyond that it falls back to the comparator.
 */
function argsortFloat32(col: Float32Array, out: Int32Array): void {
  const n = col.length;
  if (n > 1 << 21) {
    for (let i = 0; i < n; i++) out[i] = i;
    out.sort((a, b) => col[a] - col[b] || a - b);
    return;
  }
  const bits = new Uint32Array(col.buffer, col.byteOffset, n);
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const b = bits[i];
    const u = b & 0x80000000 ? ~b >>> 0 : (b | 0x80000000) >>> 0;
    keys[i] = u * n + i;
  }
  keys.sort();
  for (let k = 0; k < n; k++) out[k] = keys[k] % n;
}

/**
 * Grows one tree. `weights` are integer row multiplicities (bootstrap counts; rows with 0 are left out), or null
 * for every row once. Leaf value = weighted share of y = 1; cover = weighted row count. `rng` draws the features
 * examined at each node when opts.maxFeatures < d.
 */
export function growCart(data: CartData, weights: Float64Array | null, opts: CartOptions, rng: Rng): FlatTree {
  const { n, d, xs, order, y } = data;
  const w = weights ?? new Float64Array(n).fill(1);
  let m = 0;
  for (let i = 0; i < n; i++) if (w[i] > 0) m++;
  // Per-feature sorted rows of this tree's sample: ord[f * m + k] (branch-free filter; one slack slot at the end).
  const ord = new Int32Array(m * d + 1);
  const inBag = new Uint8Array(n);
  for (let i = 0; i < n; i++) inBag[i] = w[i] > 0 ? 1 : 0;
  for (let f = 0; f < d; f++) {
    let j = f * m;
    for (let k = f * n; k < (f + 1) * n; k++) {
      const r = order[k];
      ord[j] = r;
      j += inBag[r];
    }
  }
  const goLeft = new Uint8Array(n);
  const tmp = new Int32Array(m);
  const feats = Int32Array.from({ length: d }, (_, f) => f);
  const tree: FlatTree = { feature: [], threshold: [], left: [], right: [], value: [], cover: [] };
  const { criterion, minSamplesLeaf, minSamplesSplit, maxDepth, maxFeatures } = opts;
  const gini = criterion === 'gini';

  const build = (start: number, end: number, depth: number): number => {
    opts.signal?.throwIfAborted();
    let W = 0,
      P = 0;
    for (let k = start; k < end; k++) {
      const r = ord[k];
      W += w[r];
      P += w[r] * y[r];
    }
    const id = tree.feature.length;
    tree.feature.push(-1);
    tree.threshold.push(0);
    tree.left.push(-1);
    tree.right.push(-1);
    tree.value.push(P / W);
    tree.cover.push(W);
    const imp = impurity(criterion, P, W);
    if (depth >= maxDepth || W < minSamplesSplit || W < 2 * minSamplesLeaf || imp <= 1e-12) return id;

    let bestProxy = -Infinity,
      bestF = -1,
      bestPos = -1,
      bestT = 0;
    let visited = 0;
    for (let i = 0; i < d && visited < maxFeatures; i++) {
      if (maxFeatures < d) {
        // partial Fisher–Yates: feats[i] is a fresh uniform draw from the remaining features
        const j = i + rng.int(d - i);
        const t = feats[i];
        feats[i] = feats[j];
        feats[j] = t;
      }
      const f = feats[i],
        o = f * m,
        col = f * n;
      if (xs[col + ord[o + start]] === xs[col + ord[o + end - 1]]) continue; // constant in this node
      visited++;
      let wl = 0,
        pl = 0;
      for (let k = start; k < end - 1; k++) {
        const r = ord[o + k];
        wl += w[r];
        pl += w[r] * y[r];
        const a = xs[col + r],
          b = xs[col + ord[o + k + 1]];
        if (a === b || wl < minSamplesLeaf) continue;
        const wr = W - wl;
        if (wr < minSamplesLeaf) break;
        const pr = P - pl;
        const proxy = gini // W_L·i_L + W_R·i_R, with the Gini case inlined (W·2q(1−q) = 2p(W−p)/W)
          ? -2 * ((pl * (wl - pl)) / wl + (pr * (wr - pr)) / wr)
          : -(wl * impurity(criterion, pl, wl) + wr * impurity(criterion, pr, wr));
        if (proxy > bestProxy) {
          bestProxy = proxy;
          bestF = f;
          bestPos = k + 1;
          bestT = float32Midpoint(a, b);
        }
      }
    }
    if (bestF < 0) return id;

    // Partition every feature's segment stably into [left rows | right rows].
    const ob = bestF * m;
    for (let k = start; k < bestPos; k++) goLeft[ord[ob + k]] = 1;
    for (let f = 0; f < d; f++) {
      if (f === bestF) continue;
      const o = f * m;
      let l = o + start,
        r = 0;
      for (let k = o + start; k < o + end; k++) {
        // branch-free: goLeft is unpredictable
        const row = ord[k],
          gl = goLeft[row];
        ord[l] = row;
        tmp[r] = row;
        l += gl;
        r += 1 - gl;
      }
      ord.set(tmp.subarray(0, r), l);
    }
    for (let k = start; k < bestPos; k++) goLeft[ord[ob + k]] = 0;
    // After the partition every feature's segment holds the same rows, so `ord` of any feature (here feature 0)
    // gives the node's rows in `build` (start..end are the same for all features).
    tree.feature[id] = bestF;
    tree.threshold[id] = bestT;
    tree.left[id] = build(start, bestPos, depth + 1);
    tree.right[id] = build(bestPos, end, depth + 1);
    return id;
  };
  if (m > 0) build(0, m, 0);
  return tree;
}

/**
 * Mean decrease in impurity per feature (sklearn's `feature_importances_` of one tree): for every internal node,
 * cover·i(node) − cover_L·i(left) − cover_R·i(right) added to its feature, recomputed from the FlatTree
 * (value = P(y = 1), cover = weight), then normalised to sum 1 (all zeros when the tree is a single leaf).
 */
export function treeImportances(tree: FlatTree, nFeatures: number, criterion: Criterion): Float64Array {
  const out = new Float64Array(nFeatures);
  const imp = (n: number) => tree.cover[n] * impurity(criterion, tree.value[n] * tree.cover[n], tree.cover[n]);
  for (let n = 0; n < tree.feature.length; n++) {
    const f = tree.feature[n];
    if (f >= 0) out[f] += imp(n) - imp(tree.left[n]) - imp(tree.right[n]);
  }
  const s = out.reduce((a, b) => a + b, 0);
  if (s > 0) for (let f = 0; f < nFeatures; f++) out[f] /= s;
  return out;
}
