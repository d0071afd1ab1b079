import { assertFinite, type Matrix } from './matrix';
import { Rng } from './rng';

/**
 * Isolation forest (Liu, Ting & Zhou 2008) for outlier flagging. Each tree isolates a random subsample
 * (`sampleSize`, default 256) by random splits (random feature, random threshold between its min and max) up to
 * depth ⌈log2 sampleSize⌉. Anomaly score s(x) = 2^(−E[h(x)] / c(ψ)), where h is the path length (plus c(size) at
 * an unsplit leaf) and c(n) = 2H(n − 1) − 2(n − 1)/n the average path length of an unsuccessful BST search,
 * H(i) ≈ ln i + 0.5772156649. Scores near 1 are anomalies; ≲ 0.5 normal. Seeded.
 */
export interface IsolationForestParams {
  /** Trees. Default 100. */
  nTrees?: number;
  /** Rows per tree. Default 256 (capped at the number of rows). */
  sampleSize?: number;
  seed?: number;
}

interface Node {
  feature: number;
  threshold: number;
  left: Node | null;
  right: Node | null;
  size: number;
}

/** Average path length of an unsuccessful search in a BST of n nodes (the paper's c(n)). */
export function averagePathLength(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  return 2 * (Math.log(n - 1) + 0.5772156649015329) - (2 * (n - 1)) / n;
}

export class IsolationForest {
  private trees: Node[] = [];
  private psi = 0;
  readonly nTrees: number;
  readonly sampleSize: number;
  readonly seed: number;

  constructor({ nTrees = 100, sampleSize = 256, seed = 42 }: IsolationForestParams = {}) {
    if (!Number.isInteger(nTrees) || nTrees < 1)
      throw new RangeError(`IsolationForest: nTrees must be a positive integer (got ${nTrees})`);
    if (!Number.isInteger(sampleSize) || sampleSize < 2)
      throw new RangeError(`IsolationForest: sampleSize must be an integer ≥ 2 (got ${sampleSize})`);
    this.nTrees = nTrees;
    this.sampleSize = sampleSize;
    this.seed = seed;
  }

  fit(X: Matrix): this {
    if (X.rows < 2) throw new RangeError('IsolationForest.fit: need at least 2 rows');
    assertFinite(X);
    const rng = new Rng(this.seed);
    this.psi = Math.min(this.sampleSize, X.rows);
    const maxDepth = Math.ceil(Math.log2(this.psi));
    const all = Int32Array.from({ length: X.rows }, (_, i) => i);
    this.trees = Array.from({ length: this.nTrees }, () => {
      // partial Fisher–Yates: the first psi entries are a uniform sample without replacement
      for (let i = 0; i < this.psi; i++) {
        const j = i + rng.int(X.rows - i);
        const t = all[i];
        all[i] = all[j];
        all[j] = t;
      }
      return this.grow(X, Array.from(all.subarray(0, this.psi)), 0, maxDepth, rng);
    });
    return this;
  }

  private grow(X: Matrix, rows: number[], depth: number, maxDepth: number, rng: Rng): Node {
    const leaf = { feature: -1, threshold: 0, left: null, right: null, size: rows.length };
    if (depth >= maxDepth || rows.length <= 1) return leaf;
    const candidates = Array.from({ length: X.cols }, (_, j) => j).filter((j) => {
      const v = rows.map((r) => X.data[r * X.cols + j]);
      return Math.min(...v) < Math.max(...v);
    });
    if (candidates.length === 0) return leaf;
    const feature = candidates[rng.int(candidates.length)];
    const v = rows.map((r) => X.data[r * X.cols + feature]);
    const lo = Math.min(...v),
      hi = Math.max(...v);
    const threshold = lo + rng.next() * (hi - lo);
    const l = rows.filter((r) => X.data[r * X.cols + feature] < threshold);
    const rr = rows.filter((r) => X.data[r * X.cols + feature] >= threshold);
    return {
      feature,
      threshold,
      left: this.grow(X, l, depth + 1, maxDepth, rng),
      right: this.grow(X, rr, depth + 1, maxDepth, rng),
      size: rows.length,
    };
  }

  /** Anomaly score in (0, 1] per row. */
  score(X: Matrix): Float64Array {
    if (this.trees.length === 0) throw new Error('IsolationForest.score: fit first');
    const out = new Float64Array(X.rows);
    const c = averagePathLength(this.psi);
    for (let i = 0; i < X.rows; i++) {
      let total = 0;
      for (const t of this.trees) {
        let node = t,
          h = 0;
        while (node.feature >= 0) {
          node = X.data[i * X.cols + node.feature] < node.threshold ? node.left! : node.right!;
          h++;
        }
        total += h + averagePathLength(node.size);
      }
      out[i] = 2 ** (-(total / this.trees.length) / c);
    }
    return out;
  }
}
