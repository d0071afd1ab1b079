import { z } from 'zod';
import type { Matrix } from './matrix';
import type { FlatTree } from './model';

/**
 * Helpers shared by the tree models (decision tree, random forest, GBDT) for the FlatTree format of model.ts.
 *
 * Float32 rule (ONNX parity): every threshold is a float32-representable number, and a row goes left when
 * Math.fround(x) <= threshold. ONNX TreeEnsemble operators compare float32 inputs with float32 thresholds, so
 * with this rule a prediction in TypeScript and in onnxruntime follows the same path through every tree.
 */

/** zod schema of a FlatTree (shape only; `checkFlatTree` checks the links). */
export const ZFlatTree = z.object({
  feature: z.array(z.number().int()),
  threshold: z.array(z.number()),
  left: z.array(z.number().int()),
  right: z.array(z.number().int()),
  value: z.array(z.number()),
  cover: z.array(z.number()),
});

/**
 * A threshold between two float32 values a < b, float32-representable, with a <= t < b: the float32 nearest
 * to their midpoint, or a itself when that rounds up to b (adjacent float32 values).
 */
export function float32Midpoint(a: number, b: number): number {
  const t = Math.fround(a / 2 + b / 2);
  return t >= b || !Number.isFinite(t) ? a : t;
}

/** Index of the leaf that row `o` (offset `o` in `data`) reaches: left when fround(x) <= threshold. */
export function leafIndex(tree: FlatTree, data: ArrayLike<number>, o: number): number {
  const { feature, threshold, left, right } = tree;
  let n = 0;
  while (feature[n] >= 0) n = Math.fround(data[o + feature[n]]) <= threshold[n] ? left[n] : right[n];
  return n;
}

/** The leaf value that row i of X reaches. */
export function treeValue(tree: FlatTree, X: Matrix, i: number): number {
  return tree.value[leafIndex(tree, X.data, i * X.cols)];
}

/**
 * Checks that a FlatTree is well formed for `nFeatures` features: equal array lengths, node 0 the root, every
 * internal node with a feature in range, a float32 threshold and two children of higher index, every leaf with
 * feature = left = right = -1, and every node but the root reached exactly once. Throws a TypeError otherwise.
 */
export function checkFlatTree(tree: FlatTree, nFeatures: number, what = 'tree'): void {
  const m = tree.feature.length;
  const arrays = [tree.threshold, tree.left, tree.right, tree.value, tree.cover];
  if (m === 0 || arrays.some((a) => a.length !== m))
    throw new TypeError(`${what}: arrays must be non-empty and of equal length`);
  const seen = new Uint8Array(m);
  for (let n = 0; n < m; n++) {
    const f = tree.feature[n];
    if (f === -1) {
      if (tree.left[n] !== -1 || tree.right[n] !== -1)
        throw new TypeError(`${what}: leaf ${n} must have left = right = -1`);
      continue;
    }
    if (!(f >= 0 && f < nFeatures))
      throw new TypeError(`${what}: node ${n} has feature ${f}, expected -1 or 0..${nFeatures - 1}`);
    if (Math.fround(tree.threshold[n]) !== tree.threshold[n])
      throw new TypeError(`${what}: node ${n} threshold is not a float32 value`);
    for (const c of [tree.left[n], tree.right[n]]) {
      if (!(Number.isInteger(c) && c > n && c < m) || seen[c])
        throw new TypeError(`${what}: node ${n} has a bad child ${c}`);
      seen[c] = 1;
    }
  }
  for (let n = 1; n < m; n++) if (!seen[n]) throw new TypeError(`${what}: node ${n} is unreachable`);
}

/** Throws a RangeError unless X has `nFeatures` columns of finite values. */
export function checkPredictInput(name: string, X: Matrix, nFeatures: number): void {
  if (X.cols !== nFeatures) throw new RangeError(`${name}: X has ${X.cols} columns, model has ${nFeatures}`);
  for (let k = 0; k < X.data.length; k++) {
    if (!Number.isFinite(X.data[k]))
      throw new RangeError(`${name}: non-finite value at row ${Math.floor(k / X.cols)}, column ${k % X.cols}`);
  }
}

/** Deep copy of a FlatTree (plain arrays), for toJSON. */
export function copyFlatTree(t: FlatTree): FlatTree {
  return {
    feature: [...t.feature],
    threshold: [...t.threshold],
    left: [...t.left],
    right: [...t.right],
    value: [...t.value],
    cover: [...t.cover],
  };
}
