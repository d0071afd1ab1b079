import { z } from 'zod';
import type { FitOptions } from './cancel';
import { type Criterion, growCart, prepareCart, treeImportances } from './cart';
import { resolveTreeParams } from './decision-tree';
import { checkFlatTree, checkPredictInput, copyFlatTree, leafIndex, ZFlatTree } from './flat-tree';
import { assertBinaryTarget, assertFinite, type Matrix } from './matrix';
import { assertModelJson, type BinaryClassifier, type FlatTree } from './model';
import { Rng } from './rng';

export type MaxFeatures = 'sqrt' | 'log2' | 'all' | number;

export interface RandomForestParams {
  /** Number of trees. Default 100. */
  nEstimators?: number;
  /** Maximum depth of each tree, 1..64. Default 8 (sklearn grows to purity; capped here to bound model size). */
  maxDepth?: number;
  /** Minimum (bootstrap-weighted) rows in each child of a split. Default 1. */
  minSamplesLeaf?: number;
  /** Minimum (bootstrap-weighted) rows in a node to split it. Default 2. */
  minSamplesSplit?: number;
  /**
   * Features examined per node: 'sqrt' → max(1, ⌊√d⌋), 'log2' → max(1, ⌊log2 d⌋), 'all' → d, or an integer
   * count. Default 'sqrt' (sklearn's classifier default).
   */
  maxFeatures?: MaxFeatures;
  /** 'gini' or 'entropy'. Default 'gini'. */
  criterion?: Criterion;
  /** Draw a bootstrap sample (n rows with replacement) per tree; false = every tree sees every row once. Default true. */
  bootstrap?: boolean;
  /** Seed for the bootstrap samples and the feature draws. Default 42. */
  seed?: number;
}

const ZParams = z.object({
  nEstimators: z.number().int().min(1),
  maxDepth: z.number().int().min(1).max(64),
  minSamplesLeaf: z.number().int().min(1),
  minSamplesSplit: z.number().int().min(2),
  maxFeatures: z.union([z.enum(['sqrt', 'log2', 'all']), z.number().int().min(1)]),
  criterion: z.enum(['gini', 'entropy']),
  bootstrap: z.boolean(),
  seed: z.number(),
});

const ZModel = z.object({
  kind: z.literal('random-forest'),
  version: z.literal(1),
  nFeatures: z.number().int().min(1),
  trees: z.array(ZFlatTree).min(1),
  params: ZParams,
});

export type RandomForestJson = z.infer<typeof ZModel>;

/** Features examined per node for d columns. */
export function resolveMaxFeatures(maxFeatures: MaxFeatures, d: number): number {
  if (maxFeatures === 'sqrt') return Math.max(1, Math.floor(Math.sqrt(d)));
  if (maxFeatures === 'log2') return Math.max(1, Math.floor(Math.log2(d)));
  if (maxFeatures === 'all') return d;
  if (maxFeatures > d)
    throw new RangeError(`RandomForestClassifier: maxFeatures ${maxFeatures} exceeds the ${d} columns`);
  return maxFeatures;
}

/**
 * Random forest (Breiman 2001) for a 0/1 target: `nEstimators` CART trees (cart.ts), each grown on a bootstrap
 * sample with `maxFeatures` features drawn at each node; P(y = 1) = MEAN over trees of the leaf value (the
 * bootstrap-weighted share of positives in the leaf), as sklearn's `RandomForestClassifier.predict_proba`.
 * Tree t draws from its own Rng seeded from the forest's Rng, so a fit is reproducible for a seed.
 */
export class RandomForestClassifier implements BinaryClassifier {
  readonly kind = 'random-forest' as const;
  readonly params: Required<RandomForestParams>;
  private fittedTrees: FlatTree[] | null = null;
  private nFeatures = 0;

  constructor(params: RandomForestParams = {}) {
    const p = {
      nEstimators: 100,
      maxDepth: 8,
      minSamplesLeaf: 1,
      minSamplesSplit: 2,
      maxFeatures: 'sqrt' as MaxFeatures,
      criterion: 'gini' as Criterion,
      bootstrap: true,
      seed: 42,
      ...params,
    };
    resolveTreeParams('RandomForestClassifier', {
      maxDepth: p.maxDepth,
      minSamplesLeaf: p.minSamplesLeaf,
      minSamplesSplit: p.minSamplesSplit,
      criterion: p.criterion,
      seed: p.seed,
    });
    const r = ZParams.safeParse(p);
    if (!r.success)
      throw new RangeError(
        `RandomForestClassifier: invalid parameters (${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')})`,
      );
    this.params = r.data;
  }

  fit(X: Matrix, y: Float64Array, fitOpts: FitOptions = {}): this {
    assertBinaryTarget(X, y);
    assertFinite(X);
    if (X.rows < 1 || X.cols < 1)
      throw new RangeError('RandomForestClassifier.fit: X must have at least one row and one column');
    const { nEstimators, maxDepth, minSamplesLeaf, minSamplesSplit, criterion, bootstrap, seed } = this.params;
    const opts = {
      maxDepth,
      minSamplesLeaf,
      minSamplesSplit,
      criterion,
      maxFeatures: resolveMaxFeatures(this.params.maxFeatures, X.cols),
    };
    const data = prepareCart(X, y);
    const master = new Rng(seed);
    const n = X.rows;
    const counts = new Float64Array(n);
    const trees: FlatTree[] = [];
    for (let t = 0; t < nEstimators; t++) {
      fitOpts.signal?.throwIfAborted();
      const rng = new Rng(master.int(0x7fffffff));
      if (bootstrap) {
        counts.fill(0);
        for (let k = 0; k < n; k++) counts[rng.int(n)]++;
      }
      trees.push(growCart(data, bootstrap ? counts : null, opts, rng));
    }
    this.fittedTrees = trees;
    this.nFeatures = X.cols;
    return this;
  }

  /** P(y = 1) per row: mean of the trees' leaf values. */
  predictProba(X: Matrix): Float64Array {
    const trees = this.trees;
    checkPredictInput('RandomForestClassifier', X, this.nFeatures);
    const out = new Float64Array(X.rows);
    for (let i = 0; i < X.rows; i++) {
      let s = 0;
      for (const t of trees) s += t.value[leafIndex(t, X.data, i * X.cols)];
      out[i] = s / trees.length;
    }
    return out;
  }

  /** The fitted trees (not copies: do not mutate). */
  get trees(): FlatTree[] {
    if (!this.fittedTrees) throw new Error('RandomForestClassifier: call fit() first');
    return this.fittedTrees;
  }

  /** Mean over trees of each tree's normalised impurity importances, renormalised to sum 1 (as sklearn). */
  featureImportances(): Float64Array {
    const out = new Float64Array(this.nFeatures);
    for (const t of this.trees)
      treeImportances(t, this.nFeatures, this.params.criterion).forEach((v, f) => {
        out[f] += v;
      });
    const s = out.reduce((a, b) => a + b, 0);
    if (s > 0) for (let f = 0; f < out.length; f++) out[f] /= s;
    return out;
  }

  toJSON(): RandomForestJson {
    return {
      kind: 'random-forest',
      version: 1,
      nFeatures: this.nFeatures,
      trees: this.trees.map(copyFlatTree),
      params: { ...this.params },
    };
  }

  static fromJSON(json: unknown): RandomForestClassifier {
    assertModelJson(json, 'random-forest', 1);
    const r = ZModel.safeParse(json);
    if (!r.success) throw new TypeError(`RandomForestClassifier.fromJSON: invalid JSON (${r.error.message})`);
    r.data.trees.forEach((t, k) => {
      checkFlatTree(t, r.data.nFeatures, `RandomForestClassifier.fromJSON: tree ${k}`);
      if (t.value.some((v) => !(v >= 0 && v <= 1)))
        throw new TypeError(`RandomForestClassifier.fromJSON: tree ${k} has a leaf value outside [0, 1]`);
    });
    const m = new RandomForestClassifier(r.data.params);
    m.fittedTrees = r.data.trees.map(copyFlatTree);
    m.nFeatures = r.data.nFeatures;
    return m;
  }
}
