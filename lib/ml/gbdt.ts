import { z } from 'zod';
import type { FitOptions } from './cancel';
import { checkFlatTree, checkPredictInput, copyFlatTree, leafIndex, ZFlatTree } from './flat-tree';
import { binColumns, fitBinThresholds } from './hist-binning';
import { binnedTreeValue, type GrownTree, HistTreeGrower } from './hist-tree-grower';
import { assertBinaryTarget, assertFinite, type Matrix } from './matrix';
import { assertModelJson, type BinaryClassifier, type FlatTree } from './model';
import { trainTestSplit } from './model-selection';
import { Rng } from './rng';

export interface GradientBoostingParams {
  /** Maximum number of boosting rounds (trees). Default 200. */
  nEstimators?: number;
  /** Shrinkage applied to every leaf value (already included in the stored leaf values). Default 0.1. */
  learningRate?: number;
  /** Maximum tree depth (root = 0), or null for no limit (then maxLeaves alone bounds a tree). Default 6. */
  maxDepth?: number | null;
  /** Maximum leaves per tree; trees grow leaf-wise (best gain first). Default 31. */
  maxLeaves?: number;
  /** Minimum rows in each child of a split. Default 20. */
  minSamplesLeaf?: number;
  /** Minimum hessian sum Σp(1−p) in each child of a split. Default 1e-3. */
  minChildWeight?: number;
  /** L2 regularisation λ of leaf values (sklearn's l2_regularization, XGBoost's lambda). Default 1. */
  lambda?: number;
  /** Maximum histogram bins per feature, 2..256. Default 255. */
  maxBins?: number;
  /** Share of the rows (stratified, seeded) held out for early stopping; 0 = no early stopping. Default 0.1. */
  validationFraction?: number;
  /** Stop after this many rounds without a validation log-loss improvement larger than tol. Default 10. */
  patience?: number;
  /** Minimum improvement of the validation log loss that counts. Default 1e-7. */
  tol?: number;
  /** Seed for the validation split and the binning subsample. Default 42. */
  seed?: number;
}

/**
 * How a fit runs, not what it fits (never serialised; the trees are identical for any value).
 * threads: histogram threads including the caller, 1..64; > 1 spreads each node's histogram (features) and the
 * per-row loops (rows) over worker_threads sharing one WebAssembly memory. Default 1, so lib/ml stays
 * single-threaded unless the caller opts in.
 */
export interface GradientBoostingRuntime {
  threads?: number;
}

const ZParams = z.object({
  nEstimators: z.number().int().min(1),
  learningRate: z.number().positive(),
  maxDepth: z.number().int().min(1).nullable(),
  maxLeaves: z.number().int().min(2),
  minSamplesLeaf: z.number().int().min(1),
  minChildWeight: z.number().nonnegative(),
  lambda: z.number().nonnegative(),
  maxBins: z.number().int().min(2).max(256),
  validationFraction: z.number().min(0).lt(1),
  patience: z.number().int().min(1),
  tol: z.number().nonnegative(),
  seed: z.number(),
});

const ZModel = z.object({
  kind: z.literal('gbdt'),
  version: z.literal(1),
  nFeatures: z.number().int().min(1),
  baseScore: z.number(),
  trees: z.array(ZFlatTree),
  params: ZParams,
});

export type GradientBoostingJson = z.infer<typeof ZModel>;

/** How the last fit went (not serialised). */
export interface GradientBoostingFitInfo {
  /** Rounds run (≥ trees kept when early stopping trimmed the ensemble). */
  roundsRun: number;
  /** Trees kept: all rounds, or the rounds up to the best validation loss with early stopping. */
  nTrees: number;
  /** Mean training log loss after the last round run (per-round values are not kept: they would cost a log per row and round). */
  trainLoss: number;
  /** Mean validation log loss after each round (empty without early stopping). */
  validationLoss: number[];
}

function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** Mean log loss of margins z: log(1 + e^z) − y z. */
function meanLogLoss(z: Float64Array, y: Float64Array): number {
  let s = 0;
  for (let i = 0; i < z.length; i++) s += Math.max(z[i], 0) + Math.log1p(Math.exp(-Math.abs(z[i]))) - y[i] * z[i];
  return s / z.length;
}

/**
 * Histogram-based gradient-boosted decision trees for a 0/1 target with the log loss (Friedman 2001; binning and
 * leaf-wise growth as LightGBM and sklearn's HistGradientBoostingClassifier). Features are binned once into ≤ 255
 * quantile bins (hist-binning.ts); each round fits one tree (hist-tree-grower.ts) to g = p − y, h = p(1 − p) with
 * Newton leaf values −G/(H+λ)·learningRate.
 *   margin(x) = baseScore + Σ_trees leaf value,  baseScore = log(p̄/(1 − p̄)) of the training rows,
 *   P(y = 1 | x) = sigmoid(margin).
 * With validationFraction > 0, a stratified share of the rows is held out and boosting stops once the validation
 * log loss has not improved (by more than tol) for `patience` rounds; the trees after the best round are dropped.
 * Trees are FlatTrees with float32 thresholds (left when fround(x) <= threshold) and cover = hessian sum; an
 * internal node's value is what it would output as a leaf (−G/(H+λ)·learningRate), unused by prediction.
 */
export class GradientBoostingClassifier implements BinaryClassifier {
  readonly kind = 'gbdt' as const;
  readonly params: Required<GradientBoostingParams>;
  private fittedTrees: FlatTree[] | null = null;
  private base = 0;
  private nFeatures = 0;
  private info: GradientBoostingFitInfo | null = null;
  private readonly runtime: Required<GradientBoostingRuntime>;

  constructor(params: GradientBoostingParams = {}, runtime: GradientBoostingRuntime = {}) {
    const threads = runtime.threads ?? 1;
    if (!Number.isInteger(threads) || threads < 1 || threads > 64)
      throw new RangeError(`GradientBoostingClassifier: threads must be an integer 1..64 (got ${threads})`);
    this.runtime = { threads };
    const p = {
      nEstimators: 200,
      learningRate: 0.1,
      maxDepth: 6,
      maxLeaves: 31,
      minSamplesLeaf: 20,
      minChildWeight: 1e-3,
      lambda: 1,
      maxBins: 255,
      validationFraction: 0.1,
      patience: 10,
      tol: 1e-7,
      seed: 42,
      ...params,
    };
    const r = ZParams.safeParse(p);
    if (!r.success)
      throw new RangeError(
        `GradientBoostingClassifier: invalid parameters (${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')})`,
      );
    this.params = r.data;
  }

  /** Histogram threads a fit uses (including the calling thread). */
  get threads(): number {
    return this.runtime.threads;
  }

  fit(X: Matrix, y: Float64Array, opts: FitOptions = {}): this {
    assertBinaryTarget(X, y);
    assertFinite(X);
    if (X.cols < 1) throw new RangeError('GradientBoostingClassifier.fit: X has no columns');
    const p = this.params;
    const rng = new Rng(p.seed);
    let trainRows: Int32Array | null = null,
      validRows: Int32Array | null = null;
    if (p.validationFraction > 0) {
      const split = trainTestSplit(y, p.validationFraction, rng.int(0x7fffffff));
      trainRows = split.train;
      validRows = split.test;
    }
    const n = trainRows ? trainRows.length : X.rows,
      d = X.cols;
    const yt = trainRows ? Float64Array.from(trainRows, (r) => y[r]) : y;
    let pos = 0;
    for (let i = 0; i < n; i++) pos += yt[i];
    if (pos === 0 || pos === n)
      throw new RangeError('GradientBoostingClassifier.fit: the training rows need both classes');
    this.base = Math.log(pos / (n - pos));

    const thresholds = fitBinThresholds(X, trainRows, p.maxBins, rng);
    const offsets = new Int32Array(d + 1); // bins per feature: thresholds + 1
    for (let f = 0; f < d; f++) offsets[f + 1] = offsets[f] + thresholds[f].length + 1;
    const threads = Math.min(this.runtime.threads, d);
    const bins = binColumns(X, trainRows, thresholds);
    const grower = new HistTreeGrower(
      { n, d, bins, offsets, thresholds },
      {
        maxLeaves: p.maxLeaves,
        maxDepth: p.maxDepth,
        minSamplesLeaf: p.minSamplesLeaf,
        minChildWeight: p.minChildWeight,
        lambda: p.lambda,
        learningRate: p.learningRate,
        threads,
      },
      yt,
      this.base,
    );
    try {
      this.boost(grower, d, yt, X, y, validRows, thresholds, opts);
    } finally {
      grower.close();
    }
    return this;
  }

  private boost(
    grower: HistTreeGrower,
    d: number,
    yt: Float64Array,
    X: Matrix,
    y: Float64Array,
    validRows: Int32Array | null,
    thresholds: number[][],
    opts: FitOptions,
  ): void {
    const p = this.params;

    const vBins = validRows ? binColumns(X, validRows, thresholds) : null;
    const nv = validRows ? validRows.length : 0;
    const yv = validRows ? Float64Array.from(validRows, (r) => y[r]) : null;
    const vMargin = new Float64Array(validRows ? validRows.length : 0).fill(this.base);
    const grown: GrownTree[] = [];
    const info: GradientBoostingFitInfo = { roundsRun: 0, nTrees: 0, trainLoss: NaN, validationLoss: [] };
    let bestLoss = Infinity,
      bestRounds = 0;
    for (let round = 0; round < p.nEstimators; round++) {
      opts.signal?.throwIfAborted();
      const t = grower.round();
      grown.push(t);
      if (vBins && yv) {
        for (let i = 0; i < vMargin.length; i++) vMargin[i] += binnedTreeValue(t, vBins, nv, i);
        const vLoss = meanLogLoss(vMargin, yv);
        info.validationLoss.push(vLoss);
        if (vLoss < bestLoss - p.tol) {
          bestLoss = vLoss;
          bestRounds = round + 1;
        } else if (round + 1 - bestRounds >= p.patience) break;
      }
    }
    info.trainLoss = meanLogLoss(grower.margin, yt);
    info.roundsRun = grown.length;
    const keep = vBins ? Math.max(bestRounds, 1) : grown.length;
    this.fittedTrees = grown.slice(0, keep).map((t) => t.tree);
    info.nTrees = keep;
    this.info = info;
    this.nFeatures = d;
  }

  /** margin = baseScore + Σ trees' leaf values, per row (log-odds of y = 1). */
  predictMargin(X: Matrix): Float64Array {
    const trees = this.trees;
    checkPredictInput('GradientBoostingClassifier', X, this.nFeatures);
    const out = new Float64Array(X.rows);
    for (let i = 0; i < X.rows; i++) {
      let s = this.base;
      const o = i * X.cols;
      for (const t of trees) s += t.value[leafIndex(t, X.data, o)];
      out[i] = s;
    }
    return out;
  }

  /** P(y = 1) per row = sigmoid(margin). */
  predictProba(X: Matrix): Float64Array {
    const z = this.predictMargin(X);
    for (let i = 0; i < z.length; i++) z[i] = sigmoid(z[i]);
    return z;
  }

  /** The fitted trees (not copies: do not mutate); leaf values include the learning rate. */
  get trees(): FlatTree[] {
    if (!this.fittedTrees) throw new Error('GradientBoostingClassifier: call fit() first');
    return this.fittedTrees;
  }

  /** log-odds of the training prior, the margin before any tree. */
  get baseScore(): number {
    if (!this.fittedTrees) throw new Error('GradientBoostingClassifier: call fit() first');
    return this.base;
  }

  /** How the last fit went; null before fit or after fromJSON. */
  get fitInfo(): GradientBoostingFitInfo | null {
    return this.info;
  }

  toJSON(): GradientBoostingJson {
    return {
      kind: 'gbdt',
      version: 1,
      nFeatures: this.nFeatures,
      baseScore: this.baseScore,
      trees: this.trees.map(copyFlatTree),
      params: { ...this.params },
    };
  }

  static fromJSON(json: unknown): GradientBoostingClassifier {
    assertModelJson(json, 'gbdt', 1);
    const r = ZModel.safeParse(json);
    if (!r.success) throw new TypeError(`GradientBoostingClassifier.fromJSON: invalid JSON (${r.error.message})`);
    r.data.trees.forEach((t, k) => {
      checkFlatTree(t, r.data.nFeatures, `GradientBoostingClassifier.fromJSON: tree ${k}`);
    });
    const m = new GradientBoostingClassifier(r.data.params);
    m.fittedTrees = r.data.trees.map(copyFlatTree);
    m.base = r.data.baseScore;
    m.nFeatures = r.data.nFeatures;
    return m;
  }
}
