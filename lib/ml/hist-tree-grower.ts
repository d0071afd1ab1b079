import { allocateBuffers, type HistogramBuffers, HistogramBuilder, histogramViews, type Split } from './hist-builder';
import type { FlatTree } from './model';

/**
 * One regression tree of histogram-based gradient boosting (as in LightGBM / sklearn's HistGradientBoosting),
 * grown leaf-wise (best-first): the open leaf whose best split has the largest gain is split next, until
 * `maxLeaves` leaves, or no leaf has a valid split. Split gain with L2 regularisation λ:
 *   gain = G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ)   (must be > 0),
 * children need ≥ minSamplesLeaf rows and a hessian sum ≥ minChildWeight. Leaf value = −G/(H+λ) · learningRate.
 *
 * Rows are pre-binned (≤ 256 bins per feature, column-major uint8, see hist-builder.ts); a node's histogram holds
 * (Σg, Σh, count) per bin of every feature; only the smaller child of a split is histogrammed, the larger one is
 * parent − smaller (subtraction trick). Before a histogram the node's g and h are gathered into node order so the
 * histogram loop reads them sequentially; with threads > 1 the histograms' features, and the rows of the gradient,
 * gather, partition and margin loops, are split over worker_threads (identical trees for any thread count). Those
 * loops, the subtraction and the split search are WebAssembly (hist-loops.wat, through HistogramBuilder); the tree
 * itself — which leaf to split, its children, leaf values — is built here.
 * The grower boosts the log loss: it keeps every training row's margin and computes g = p − y, h = p(1 − p) itself
 * at the start of each round (round()).
 */

export interface GrowerData {
  n: number;
  d: number;
  /** Column-major n × d bins: bins[f * n + i] = bin of row i in feature f (see binColumns). */
  bins: Uint8Array;
  offsets: Int32Array; // first histogram slot of each feature, length d + 1 (offsets[d] = total bins)
  thresholds: number[][]; // float32 threshold of "bin <= b" per feature
}

export interface GrowerOptions {
  maxLeaves: number;
  maxDepth: number | null;
  minSamplesLeaf: number;
  minChildWeight: number;
  lambda: number;
  learningRate: number;
  /** Histogram threads including the caller. Default 1. */
  threads?: number;
}

export interface GrownTree {
  tree: FlatTree;
  /** Bin of each internal node's threshold in its feature (−1 for leaves), for routing binned rows. */
  binThreshold: Int32Array;
}

interface Leaf {
  node: number;
  start: number;
  end: number;
  depth: number;
  g: number;
  h: number;
  c: number;
  hist: Float64Array | null;
  split: Split | null;
}

export class HistTreeGrower {
  private readonly buf: HistogramBuffers;
  private readonly builder: HistogramBuilder;
  /** Free node histograms (views of the buffers' memory; a tree never needs more than it has leaves, plus one). */
  private readonly pool: Float64Array[];

  /**
   * @param y the training rows' 0/1 targets (copied)
   * @param base every row's starting margin
   */
  constructor(
    private readonly data: GrowerData,
    private readonly opts: GrowerOptions,
    y: Float64Array,
    base: number,
  ) {
    const threads = Math.max(1, Math.min(opts.threads ?? 1, data.d));
    const leaves = Math.min(
      opts.maxLeaves,
      opts.maxDepth === null ? Infinity : 2 ** opts.maxDepth,
      Math.max(1, Math.floor(data.n / Math.max(1, opts.minSamplesLeaf))),
    );
    this.buf = allocateBuffers(data.bins, data.n, data.offsets, leaves + 1);
    this.pool = histogramViews(this.buf);
    this.buf.y.set(y);
    this.buf.margin.fill(base);
    this.builder = new HistogramBuilder(this.buf, threads);
  }

  /** Every training row's margin: base + the leaf values of the trees grown so far (do not mutate). */
  get margin(): Float64Array {
    return this.buf.margin;
  }

  /** Histogram threads in use (including the caller). */
  get threads(): number {
    return this.builder.threads;
  }

  /** Stops the histogram workers; call once after the last grow(). */
  close(): void {
    this.builder.close();
  }

  /**
   * One boosting round: the log-loss gradients at the current margins, a tree grown on them, and each training
   * row's leaf value added to its margin (the grower knows which rows sit in which leaf: no traversal needed).
   */
  round(): GrownTree {
    const { n } = this.data;
    const { maxLeaves, maxDepth, minSamplesLeaf, lambda, learningRate } = this.opts;
    const { rows, gh, leafValue } = this.buf;
    this.builder.logLoss();
    for (let i = 0; i < n; i++) rows[i] = i;
    const tree: FlatTree = { feature: [], threshold: [], left: [], right: [], value: [], cover: [] };
    const binTh: number[] = [];
    const addNode = (gs: number, hs: number): number => {
      tree.feature.push(-1);
      tree.threshold.push(0);
      tree.left.push(-1);
      tree.right.push(-1);
      tree.value.push(hs + lambda > 0 ? (-gs / (hs + lambda)) * learningRate : 0);
      tree.cover.push(hs);
      binTh.push(-1);
      return tree.feature.length - 1;
    };
    const canSplit = (depth: number, c: number) => (maxDepth === null || depth < maxDepth) && c >= 2 * minSamplesLeaf;

    let G = 0,
      H = 0;
    for (let i = 0; i < n; i++) {
      G += gh[2 * i];
      H += gh[2 * i + 1];
    }
    const root: Leaf = { node: addNode(G, H), start: 0, end: n, depth: 0, g: G, h: H, c: n, hist: null, split: null };
    const open: Leaf[] = [];
    const done: Leaf[] = [];
    if (maxLeaves > 1 && canSplit(0, n)) {
      root.hist = this.histogram(0, n);
      root.split = this.bestSplit(root);
    }
    (root.split ? open : done).push(root);
    let nLeaves = 1;
    while (open.length > 0 && nLeaves < maxLeaves) {
      let bi = 0;
      for (let k = 1; k < open.length; k++) if (open[k].split!.gain > open[bi].split!.gain) bi = k;
      const leaf = open.splice(bi, 1)[0];
      const s = leaf.split!;
      const mid = this.builder.partition(leaf.start, leaf.end, s.f, s.bin); // stable: bin <= s.bin first
      const left: Leaf = {
        node: addNode(s.gl, s.hl),
        start: leaf.start,
        end: mid,
        depth: leaf.depth + 1,
        g: s.gl,
        h: s.hl,
        c: s.cl,
        hist: null,
        split: null,
      };
      const right: Leaf = {
        node: addNode(leaf.g - s.gl, leaf.h - s.hl),
        start: mid,
        end: leaf.end,
        depth: leaf.depth + 1,
        g: leaf.g - s.gl,
        h: leaf.h - s.hl,
        c: leaf.c - s.cl,
        hist: null,
        split: null,
      };
      const p = leaf.node;
      tree.feature[p] = s.f;
      tree.threshold[p] = this.data.thresholds[s.f][s.bin];
      binTh[p] = s.bin;
      tree.left[p] = left.node;
      tree.right[p] = right.node;
      nLeaves++;
      const children = [left, right];
      if (nLeaves < maxLeaves && (canSplit(left.depth, left.c) || canSplit(right.depth, right.c))) {
        const [small, large] = left.c <= right.c ? [left, right] : [right, left];
        small.hist = this.histogram(small.start, small.end);
        large.hist = leaf.hist!; // parent − smaller, in place
        this.builder.subtract(large.hist, small.hist);
        for (const ch of children) if (canSplit(ch.depth, ch.c)) ch.split = this.bestSplit(ch);
      } else if (leaf.hist) {
        this.pool.push(leaf.hist);
      }
      for (const ch of children) {
        if (ch.split) open.push(ch);
        else {
          if (ch.hist) this.pool.push(ch.hist);
          ch.hist = null;
          done.push(ch);
        }
      }
    }
    for (const leaf of open) {
      if (leaf.hist) this.pool.push(leaf.hist);
      done.push(leaf);
    }
    for (const leaf of done) leafValue.fill(tree.value[leaf.node], leaf.start, leaf.end);
    this.builder.addLeafValues();
    return { tree, binThreshold: Int32Array.from(binTh) };
  }

  /** (Σg, Σh, count) per bin of every feature over rows[start..end). */
  private histogram(start: number, end: number): Float64Array {
    const { n } = this.data;
    const hist = this.pool.pop();
    if (!hist) throw new Error('HistTreeGrower: more node histograms in use than a tree has leaves');
    // the root, before any partition: rows[k] = k, and the gradient loop wrote ghOrd in that order already
    const identity = start === 0 && end === n;
    if (!identity) this.builder.gather(start, end);
    this.builder.build(start, end, hist, identity);
    return hist;
  }

  private bestSplit(leaf: Leaf): Split | null {
    return this.builder.bestSplit(leaf.hist!, leaf.g, leaf.h, leaf.c, this.opts);
  }
}

/** Leaf value of row i of column-major bins with `rows` rows. */
export function binnedTreeValue(t: GrownTree, bins: Uint8Array, rows: number, i: number): number {
  const { feature, left, right, value } = t.tree;
  const bt = t.binThreshold;
  let n = 0;
  while (feature[n] >= 0) n = bins[feature[n] * rows + i] <= bt[n] ? left[n] : right[n];
  return value[n];
}
