import { z } from 'zod';
import type { FitOptions } from './cancel';
import { type Criterion, growCart, prepareCart, treeImportances } from './cart';
import { checkFlatTree, checkPredictInput, copyFlatTree, treeValue, ZFlatTree } from './flat-tree';
import { assertBinaryTarget, assertFinite, type Matrix } from './matrix';
import { assertModelJson, type BinaryClassifier, type FlatTree } from './model';
import { Rng } from './rng';

export interface DecisionTreeParams {
  /** Maximum depth (root = depth 0), an integer in 1..64. Default 6. */
  maxDepth?: number;
  /** Minimum number of training rows in each child of a split. Default 1. */
  minSamplesLeaf?: number;
  /** Minimum number of training rows in a node for it to be split. Default 2. */
  minSamplesSplit?: number;
  /**
   * Number of features drawn at random (seeded) and examined at each node, as in random forests; constant
   * features do not count. Default undefined = all features, in order (no randomness).
   */
  maxFeatures?: number;
  /** Impurity: 'gini' (2p(1−p)) or 'entropy' (bits). Default 'gini'. */
  criterion?: Criterion;
  /** Seed for the feature draws. Default 42. */
  seed?: number;
}

export type ResolvedDecisionTreeParams = Required<Omit<DecisionTreeParams, 'maxFeatures'>> & { maxFeatures?: number };

export const ZTreeParams = z.object({
  maxDepth: z.number().int().min(1).max(64),
  minSamplesLeaf: z.number().int().min(1),
  minSamplesSplit: z.number().int().min(2),
  maxFeatures: z.number().int().min(1).optional(),
  criterion: z.enum(['gini', 'entropy']),
  seed: z.number().finite(),
});

const ZModel = z.object({
  kind: z.literal('decision-tree'),
  version: z.literal(1),
  nFeatures: z.number().int().min(1),
  tree: ZFlatTree,
  params: ZTreeParams,
});

export type DecisionTreeJson = z.infer<typeof ZModel>;

/** Validates tree-growing parameters (shared with the random forest); throws RangeError/TypeError. */
export function resolveTreeParams(name: string, params: DecisionTreeParams): ResolvedDecisionTreeParams {
  const p = { maxDepth: 6, minSamplesLeaf: 1, minSamplesSplit: 2, criterion: 'gini' as Criterion, seed: 42, ...params };
  if (p.criterion !== 'gini' && p.criterion !== 'entropy')
    throw new TypeError(`${name}: criterion must be 'gini' or 'entropy' (got ${String(p.criterion)})`);
  const r = ZTreeParams.safeParse(p);
  if (!r.success)
    throw new RangeError(
      `${name}: invalid parameters (${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')})`,
    );
  return r.data;
}

/**
 * CART decision tree for a 0/1 target (see cart.ts): greedy binary splits on Gini or entropy impurity, leaf value
 * = share of positives among the training rows in the leaf, so `predictProba` returns that share. Matches
 * sklearn's `DecisionTreeClassifier(max_depth, min_samples_leaf, min_samples_split, criterion)` on float32 data
 * up to ties between equally good splits. The fitted tree is a FlatTree (model.ts); thresholds are float32 and a
 * row goes left when Math.fround(x) <= threshold (ONNX parity).
 */
export class DecisionTreeClassifier implements BinaryClassifier {
  readonly kind = 'decision-tree' as const;
  readonly params: ResolvedDecisionTreeParams;
  private fittedTree: FlatTree | null = null;
  private nFeatures = 0;

  constructor(params: DecisionTreeParams = {}) {
    this.params = resolveTreeParams('DecisionTreeClassifier', params);
  }

  fit(X: Matrix, y: Float64Array, fitOpts: FitOptions = {}): this {
    assertBinaryTarget(X, y);
    assertFinite(X);
    if (X.rows < 1 || X.cols < 1)
      throw new RangeError('DecisionTreeClassifier.fit: X must have at least one row and one column');
    const { maxFeatures, maxDepth, minSamplesLeaf, minSamplesSplit, criterion, seed } = this.params;
    if (maxFeatures !== undefined && maxFeatures > X.cols)
      throw new RangeError(`DecisionTreeClassifier: maxFeatures ${maxFeatures} exceeds the ${X.cols} columns`);
    const opts = {
      maxDepth,
      minSamplesLeaf,
      minSamplesSplit,
      criterion,
      maxFeatures: maxFeatures ?? X.cols,
      signal: fitOpts.signal,
    };
    this.fittedTree = growCart(prepareCart(X, y), null, opts, new Rng(seed));
    this.nFeatures = X.cols;
    return this;
  }

  /** P(y = 1) per row: the training share of positives in the leaf the row reaches. */
  predictProba(X: Matrix): Float64Array {
    const tree = this.tree;
    checkPredictInput('DecisionTreeClassifier', X, this.nFeatures);
    const out = new Float64Array(X.rows);
    for (let i = 0; i < X.rows; i++) out[i] = treeValue(tree, X, i);
    return out;
  }

  /** The fitted tree (not a copy: do not mutate). */
  get tree(): FlatTree {
    if (!this.fittedTree) throw new Error('DecisionTreeClassifier: call fit() first');
    return this.fittedTree;
  }

  /** Mean decrease in impurity per feature, normalised to sum 1 (sklearn's `feature_importances_`). */
  featureImportances(): Float64Array {
    return treeImportances(this.tree, this.nFeatures, this.params.criterion);
  }

  toJSON(): DecisionTreeJson {
    return {
      kind: 'decision-tree',
      version: 1,
      nFeatures: this.nFeatures,
      tree: copyFlatTree(this.tree),
      params: { ...this.params },
    };
  }

  static fromJSON(json: unknown): DecisionTreeClassifier {
    assertModelJson(json, 'decision-tree', 1);
    const r = ZModel.safeParse(json);
    if (!r.success) throw new TypeError(`DecisionTreeClassifier.fromJSON: invalid JSON (${r.error.message})`);
    checkFlatTree(r.data.tree, r.data.nFeatures, 'DecisionTreeClassifier.fromJSON');
    if (r.data.tree.value.some((v) => !(v >= 0 && v <= 1)))
      throw new TypeError('DecisionTreeClassifier.fromJSON: leaf values must be probabilities');
    const m = new DecisionTreeClassifier(r.data.params);
    m.fittedTree = copyFlatTree(r.data.tree);
    m.nFeatures = r.data.nFeatures;
    return m;
  }
}
