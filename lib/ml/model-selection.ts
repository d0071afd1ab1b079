import { assertBinaryTarget, type Matrix, takeRows, takeValues } from './matrix';
import { logLoss, rocAuc } from './metrics';
import type { BinaryClassifier } from './model';
import { Rng } from './rng';

/** Row indices of one split, each sorted ascending. */
export interface Split {
  train: Int32Array;
  test: Int32Array;
}

function checkLabels(name: string, y: Float64Array): [number[], number[]] {
  const byClass: [number[], number[]] = [[], []];
  for (let i = 0; i < y.length; i++) {
    if (y[i] !== 0 && y[i] !== 1) throw new RangeError(`${name}: y must be 0/1; index ${i} is ${y[i]}`);
    byClass[y[i]].push(i);
  }
  return byClass;
}

function complement(n: number, test: readonly number[] | Int32Array): Split {
  const inTest = new Uint8Array(n);
  for (const i of test) inTest[i] = 1;
  const testIdx = Int32Array.from(test).sort();
  const train = new Int32Array(n - testIdx.length);
  let k = 0;
  for (let i = 0; i < n; i++) if (!inTest[i]) train[k++] = i;
  return { train, test: testIdx };
}

/**
 * Stratified k-fold split of a 0/1 target: each class's rows are shuffled (seeded) and dealt round-robin to the
 * folds, continuing the deal from one class to the next, so every row is in exactly one test fold, fold sizes
 * differ by at most one, and each class's count per fold differs by at most one. Needs k ≥ 2 and at least k rows
 * of each class (so every test fold has both classes and AUC is defined).
 */
export function stratifiedKFold(y: Float64Array, k: number, seed = 42): Split[] {
  if (!Number.isInteger(k) || k < 2) throw new RangeError(`stratifiedKFold: k must be an integer ≥ 2 (got ${k})`);
  const byClass = checkLabels('stratifiedKFold', y);
  for (const c of [0, 1]) {
    if (byClass[c].length < k)
      throw new RangeError(`stratifiedKFold: class ${c} has ${byClass[c].length} rows, fewer than k = ${k}`);
  }
  const rng = new Rng(seed);
  const folds: number[][] = Array.from({ length: k }, () => []);
  let deal = 0;
  for (const rows of byClass) {
    const shuffled = rng.shuffle(Int32Array.from(rows));
    for (const i of shuffled) folds[deal++ % k].push(i);
  }
  return folds.map((test) => complement(y.length, test));
}

/**
 * Random train/test split. Pass a row count n, or the 0/1 target y. With y, the split is stratified by default
 * (`stratify` = true): each class contributes test rows in proportion, allocated by largest remainder so the
 * total is exact. The test set has ⌈testFraction · n⌉ rows (as in sklearn), and both sets must be non-empty.
 */
export function trainTestSplit(nOrY: number | Float64Array, testFraction = 0.2, seed = 42, stratify?: boolean): Split {
  if (!(testFraction > 0 && testFraction < 1))
    throw new RangeError(`trainTestSplit: testFraction must be in (0, 1) (got ${testFraction})`);
  const isCount = typeof nOrY === 'number';
  const strat = stratify ?? !isCount;
  if (isCount && strat) throw new TypeError('trainTestSplit: stratify needs the target y, not a row count');
  const n = isCount ? nOrY : nOrY.length;
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`trainTestSplit: needs at least 2 rows (got ${n})`);
  const nTest = Math.ceil(testFraction * n - 1e-9);
  if (nTest < 1 || nTest >= n)
    throw new RangeError(`trainTestSplit: testFraction ${testFraction} of ${n} rows leaves an empty set`);
  const rng = new Rng(seed);
  if (!strat) {
    const order = rng.shuffle(Int32Array.from({ length: n }, (_, i) => i));
    return complement(n, order.subarray(0, nTest));
  }
  const groups = checkLabels('trainTestSplit', nOrY as Float64Array);
  const exact = groups.map((g) => (nTest * g.length) / n);
  const take = exact.map(Math.floor);
  let left = nTest - take[0] - take[1];
  const byRemainder = [0, 1].sort((a, b) => exact[b] - take[b] - (exact[a] - take[a]) || a - b);
  for (const c of byRemainder)
    if (left > 0 && take[c] < groups[c].length) {
      take[c]++;
      left--;
    }
  const test: number[] = [];
  groups.forEach((g, c) => {
    const shuffled = rng.shuffle(Int32Array.from(g));
    for (let k = 0; k < take[c]; k++) test.push(shuffled[k]);
  });
  return complement(n, test);
}

export interface MeanStd {
  mean: number;
  /** Population standard deviation over folds (ddof 0, like numpy / sklearn's std_test_score). */
  std: number;
}

function meanStd(v: readonly number[]): MeanStd {
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const variance = v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length;
  return { mean, std: Math.sqrt(variance) };
}

export interface FoldResult {
  /** 0-based fold index. */
  fold: number;
  nTrain: number;
  nTest: number;
  auc: number;
  logLoss: number;
}

export interface CrossValidationResult {
  folds: FoldResult[];
  auc: MeanStd;
  logLoss: MeanStd;
  /** Out-of-fold P(y = 1) for every row (each row predicted by the model that did not see it). */
  oof: Float64Array;
}

export interface CrossValidateOptions {
  /** Number of stratified folds. Default 5. */
  k?: number;
  /** Seed of the fold assignment. Default 42. */
  seed?: number;
  /** Called after each fold. */
  onFold?: (fold: FoldResult, k: number) => void;
}

function checkData(name: string, X: Matrix, y: Float64Array): void {
  if (y.length !== X.rows) throw new RangeError(`${name}: y has ${y.length} labels, X has ${X.rows} rows`);
  assertBinaryTarget(X, y);
}

function runFolds(
  factory: () => BinaryClassifier,
  X: Matrix,
  y: Float64Array,
  splits: Split[],
  onFold?: (fold: FoldResult) => void,
): CrossValidationResult {
  const oof = new Float64Array(y.length);
  const folds = splits.map(({ train, test }, fold) => {
    const model = factory();
    model.fit(takeRows(X, train), takeValues(y, train));
    const p = model.predictProba(takeRows(X, test));
    const yTest = takeValues(y, test);
    test.forEach((i, k) => {
      oof[i] = p[k];
    });
    const r: FoldResult = {
      fold,
      nTrain: train.length,
      nTest: test.length,
      auc: rocAuc(yTest, p),
      logLoss: logLoss(yTest, p),
    };
    onFold?.(r);
    return r;
  });
  return { folds, auc: meanStd(folds.map((f) => f.auc)), logLoss: meanStd(folds.map((f) => f.logLoss)), oof };
}

/**
 * Stratified k-fold cross-validation: for each fold, fits a fresh model from `factory` on the other folds and
 * scores ROC AUC and log loss on the held-out fold.
 */
export function crossValidate(
  factory: () => BinaryClassifier,
  X: Matrix,
  y: Float64Array,
  options: CrossValidateOptions = {},
): CrossValidationResult {
  checkData('crossValidate', X, y);
  const k = options.k ?? 5;
  const splits = stratifiedKFold(y, k, options.seed ?? 42);
  return runFolds(factory, X, y, splits, options.onFold && ((f) => options.onFold!(f, k)));
}

/** Cartesian product of a parameter grid, keys in insertion order, the LAST key varying fastest. {} → [{}]. */
export function expandGrid<P extends Record<string, unknown>>(grid: { [K in keyof P]: readonly P[K][] }): P[] {
  let out: Record<string, unknown>[] = [{}];
  for (const key of Object.keys(grid)) {
    const values = grid[key as keyof P];
    if (!Array.isArray(values) || values.length === 0)
      throw new RangeError(`expandGrid: "${key}" needs a non-empty array of values`);
    const next: Record<string, unknown>[] = [];
    for (const partial of out) for (const v of values) next.push({ ...partial, [key]: v });
    out = next;
  }
  return out as P[];
}

export interface GridCandidate<P> {
  params: P;
  /** 1 = best by the chosen metric. */
  rank: number;
  auc: MeanStd;
  logLoss: MeanStd;
  folds: FoldResult[];
}

export interface GridSearchOptions {
  /** Number of stratified folds (the same folds for every candidate). Default 5. */
  k?: number;
  /** Seed of the fold assignment. Default 42. */
  seed?: number;
  /** Ranking metric: highest mean AUC or lowest mean log loss. Default 'auc'. */
  metric?: 'auc' | 'logLoss';
  /** Called after each (candidate, fold) fit; `done` counts up to `total` = candidates × k. */
  onProgress?: (p: {
    done: number;
    total: number;
    candidate: number;
    fold: number;
    params: Record<string, unknown>;
  }) => void;
}

export interface GridSearchResult<P> {
  /** All candidates, best first (ties keep grid order). */
  candidates: GridCandidate<P>[];
  best: GridCandidate<P>;
  bestParams: P;
}

/** Exhaustive search over `expandGrid(grid)` with stratified k-fold cross-validation. */
export function gridSearch<P extends Record<string, unknown>>(
  grid: { [K in keyof P]: readonly P[K][] },
  factory: (params: P) => BinaryClassifier,
  X: Matrix,
  y: Float64Array,
  options: GridSearchOptions = {},
): GridSearchResult<P> {
  checkData('gridSearch', X, y);
  const k = options.k ?? 5;
  const metric = options.metric ?? 'auc';
  if (metric !== 'auc' && metric !== 'logLoss') throw new RangeError(`gridSearch: unknown metric ${String(metric)}`);
  const all = expandGrid<P>(grid);
  const splits = stratifiedKFold(y, k, options.seed ?? 42);
  const total = all.length * k;
  let done = 0;
  const scored = all.map((params, candidate) => {
    const cv = runFolds(
      () => factory(params),
      X,
      y,
      splits,
      (f) => {
        options.onProgress?.({ done: ++done, total, candidate, fold: f.fold, params });
      },
    );
    return { params, rank: 0, auc: cv.auc, logLoss: cv.logLoss, folds: cv.folds, order: candidate };
  });
  const score = (c: (typeof scored)[number]) => (metric === 'auc' ? -c.auc.mean : c.logLoss.mean);
  scored.sort((a, b) => score(a) - score(b) || a.order - b.order);
  const candidates = scored.map(({ order: _order, ...c }, i) => ({ ...c, rank: i + 1 }));
  return { candidates, best: candidates[0], bestParams: candidates[0].params };
}
