import type { Matrix } from './matrix';
import type { FlatTree } from './model';

/**
 * Exact TreeSHAP, path-dependent (Lundberg, Erion & Lee 2018, "Consistent individualized feature attribution
 * for tree ensembles", Algorithm 2), for FlatTrees and sums/means of them.
 *
 * The game is v(S) = E[f(x) | x_S]: walk the tree, follow x at nodes splitting on a feature in S, and at the
 * others take both children weighted by cover[child] / cover[node]. φ are the Shapley values of v, so
 *   expectedValue + Σ φ = model output,   expectedValue = v(∅) (the cover-weighted mean leaf value),
 * for an ensemble output  base + scale · Σ_trees tree(x)  (GBDT margin: base = baseScore, scale = 1;
 * random forest probability: base = 0, scale = 1/nTrees). Routing follows the float32 rule of flat-tree.ts.
 * Cost O(leaves · depth²) per tree and row. Every node needs cover > 0.
 */

export interface TreeShapOptions {
  /** Multiplies every tree's output (1/nTrees for a forest's mean). Default 1. */
  scale?: number;
  /** Added to the output (GBDT baseScore). Default 0. */
  base?: number;
}

export interface TreeShapResult {
  /** Contribution of each feature. */
  phi: Float64Array;
  /** base + scale · Σ_trees v_tree(∅). */
  expectedValue: number;
}

/** v(∅) of one tree: Σ over leaves of value × Π cover ratios along the path. */
export function expectedTreeValue(tree: FlatTree, node = 0): number {
  const f = tree.feature[node];
  if (f < 0) return tree.value[node];
  const l = tree.left[node],
    r = tree.right[node];
  return (tree.cover[l] * expectedTreeValue(tree, l) + tree.cover[r] * expectedTreeValue(tree, r)) / tree.cover[node];
}

function treeDepth(tree: FlatTree, node = 0): number {
  return tree.feature[node] < 0 ? 0 : 1 + Math.max(treeDepth(tree, tree.left[node]), treeDepth(tree, tree.right[node]));
}

/** Path storage of Algorithm 2: one block of `width` slots per recursion level. */
class PathBuffer {
  feature: Int32Array;
  zero: Float64Array;
  one: Float64Array;
  weight: Float64Array;
  constructor(readonly width: number) {
    const size = width * (width + 1);
    this.feature = new Int32Array(size);
    this.zero = new Float64Array(size);
    this.one = new Float64Array(size);
    this.weight = new Float64Array(size);
  }
}

/** EXTEND: add a (feature, zero fraction, one fraction) element at position `depth` of the path at offset p. */
function extend(b: PathBuffer, p: number, depth: number, zero: number, one: number, feature: number): void {
  const { weight: w } = b;
  b.feature[p + depth] = feature;
  b.zero[p + depth] = zero;
  b.one[p + depth] = one;
  w[p + depth] = depth === 0 ? 1 : 0;
  for (let i = depth - 1; i >= 0; i--) {
    w[p + i + 1] += (one * w[p + i] * (i + 1)) / (depth + 1);
    w[p + i] = (zero * w[p + i] * (depth - i)) / (depth + 1);
  }
}

/** UNWIND: remove element `index` of the path of length depth + 1 (undoes `extend`). */
function unwind(b: PathBuffer, p: number, depth: number, index: number): void {
  const { weight: w } = b;
  const one = b.one[p + index],
    zero = b.zero[p + index];
  let next = w[p + depth];
  for (let i = depth - 1; i >= 0; i--) {
    if (one !== 0) {
      const tmp = w[p + i];
      w[p + i] = (next * (depth + 1)) / ((i + 1) * one);
      next = tmp - (w[p + i] * zero * (depth - i)) / (depth + 1);
    } else {
      w[p + i] = (w[p + i] * (depth + 1)) / (zero * (depth - i));
    }
  }
  for (let i = index; i < depth; i++) {
    b.feature[p + i] = b.feature[p + i + 1];
    b.zero[p + i] = b.zero[p + i + 1];
    b.one[p + i] = b.one[p + i + 1];
  }
}

/** Total weight of the path with element `index` unwound (without modifying it). */
function unwoundSum(b: PathBuffer, p: number, depth: number, index: number): number {
  const { weight: w } = b;
  const one = b.one[p + index],
    zero = b.zero[p + index];
  let next = w[p + depth],
    total = 0;
  if (one !== 0) {
    // the hot loop of TreeSHAP: divisions hoisted out
    const a = (depth + 1) / one,
      c = zero / (depth + 1);
    for (let i = depth - 1; i >= 0; i--) {
      const tmp = (next * a) / (i + 1);
      total += tmp;
      next = w[p + i] - tmp * c * (depth - i);
    }
  } else {
    const a = (depth + 1) / zero;
    for (let i = depth - 1; i >= 0; i--) total += (w[p + i] * a) / (depth - i);
  }
  return total;
}

function recurse(
  tree: FlatTree,
  x: ArrayLike<number>,
  phi: Float64Array,
  scale: number,
  b: PathBuffer,
  level: number,
  node: number,
  depth: number,
  zero: number,
  one: number,
  feature: number,
): void {
  const p = level * b.width;
  if (level > 0) {
    // copy the parent's path (its first `depth` elements)
    const q = p - b.width;
    b.feature.copyWithin(p, q, q + depth);
    b.zero.copyWithin(p, q, q + depth);
    b.one.copyWithin(p, q, q + depth);
    b.weight.copyWithin(p, q, q + depth);
  }
  extend(b, p, depth, zero, one, feature);
  const f = tree.feature[node];
  if (f < 0) {
    const v = tree.value[node] * scale;
    for (let i = 1; i <= depth; i++)
      phi[b.feature[p + i]] += unwoundSum(b, p, depth, i) * (b.one[p + i] - b.zero[p + i]) * v;
    return;
  }
  const goLeft = Math.fround(x[f]) <= tree.threshold[node];
  const hot = goLeft ? tree.left[node] : tree.right[node],
    cold = goLeft ? tree.right[node] : tree.left[node];
  const c = tree.cover[node];
  let inZero = 1,
    inOne = 1;
  let k = 0;
  while (k <= depth && b.feature[p + k] !== f) k++;
  if (k <= depth) {
    // the feature was split on above: undo that element and fold its fractions into this split
    inZero = b.zero[p + k];
    inOne = b.one[p + k];
    unwind(b, p, depth, k);
    depth--;
  }
  recurse(tree, x, phi, scale, b, level + 1, hot, depth + 1, (tree.cover[hot] / c) * inZero, inOne, f);
  recurse(tree, x, phi, scale, b, level + 1, cold, depth + 1, (tree.cover[cold] / c) * inZero, 0, f);
}

function checkTrees(trees: readonly FlatTree[], nFeatures: number): number {
  let maxDepth = 0;
  for (const t of trees) {
    for (let n = 0; n < t.feature.length; n++) {
      if (!(t.cover[n] > 0))
        throw new RangeError(`treeShap: node ${n} has cover ${t.cover[n]}; every cover must be > 0`);
      if (t.feature[n] >= nFeatures)
        throw new RangeError(`treeShap: node ${n} splits on feature ${t.feature[n]} ≥ nFeatures ${nFeatures}`);
    }
    maxDepth = Math.max(maxDepth, treeDepth(t));
  }
  return maxDepth;
}

/** SHAP values of one row x for the ensemble output base + scale · Σ tree(x). */
export function treeShap(
  trees: readonly FlatTree[],
  x: Float64Array | number[],
  nFeatures: number,
  opts: TreeShapOptions = {},
): TreeShapResult {
  if (x.length !== nFeatures) throw new RangeError(`treeShap: x has ${x.length} values, expected ${nFeatures}`);
  const buf = new PathBuffer(checkTrees(trees, nFeatures) + 2);
  const phi = new Float64Array(nFeatures);
  for (const t of trees) recurse(t, x, phi, opts.scale ?? 1, buf, 0, 0, 0, 1, 1, -1);
  return { phi, expectedValue: ensembleExpectedValue(trees, opts) };
}

/** SHAP values of every row of X: phi is rows × cols (row-major); expectedValue is the same for all rows. */
export function treeShapMatrix(
  trees: readonly FlatTree[],
  X: Matrix,
  opts: TreeShapOptions = {},
): { phi: Matrix; expectedValue: number } {
  const d = X.cols;
  const buf = new PathBuffer(checkTrees(trees, d) + 2);
  const out = new Float64Array(X.rows * d);
  for (let i = 0; i < X.rows; i++) {
    const x = X.data.subarray(i * d, (i + 1) * d),
      phi = out.subarray(i * d, (i + 1) * d);
    for (const t of trees) recurse(t, x, phi, opts.scale ?? 1, buf, 0, 0, 0, 1, 1, -1);
  }
  return { phi: { data: out, rows: X.rows, cols: d }, expectedValue: ensembleExpectedValue(trees, opts) };
}

function ensembleExpectedValue(trees: readonly FlatTree[], opts: TreeShapOptions): number {
  let e = 0;
  for (const t of trees) e += expectedTreeValue(t);
  return (opts.base ?? 0) + (opts.scale ?? 1) * e;
}
