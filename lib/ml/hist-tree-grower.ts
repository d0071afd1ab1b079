import { allocate, HistogramBuilder } from './hist-builder';
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
 * histogram loop reads them sequentially; with threads > 1 the features are split over worker_threads (identical
 * trees for any thread count).
 */

export interface GrowerData {
  n: number;
  d: number;
  /** Column-major n × d bins: bins[f * n + i] = bin of row i in feature f (see binColumns). */
  bins: Uint8Array;
  nBins: Int32Array; // bins per feature
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
  /** Histogram threads including the caller; > 1 needs `bins` on a SharedArrayBuffer. Default 1. */
  threads?: number;
}

export interface GrownTree {
  tree: FlatTree;
  /** Bin of each internal node's threshold in its feature (−1 for leaves), for routing binned rows. */
  binThreshold: Int32Array;
}

interface Split {
  gain: number;
  f: number;
  bin: number;
  gl: number;
  hl: number;
  cl: number;
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
  private readonly rows: Int32Array;
  private readonly tmp: Int32Array;
  private readonly gOrd: Float64Array;
  private readonly hOrd: Float64Array;
  private readonly builder: HistogramBuilder;
  private readonly pool: Float64Array[] = [];

  constructor(
    private readonly data: GrowerData,
    private readonly opts: GrowerOptions,
  ) {
    const threads = Math.max(1, Math.min(opts.threads ?? 1, data.d));
    const shared = threads > 1;
    this.rows = allocate(Int32Array, data.n, shared);
    this.tmp = new Int32Array(data.n);
    this.gOrd = allocate(Float64Array, data.n, shared);
    this.hOrd = allocate(Float64Array, data.n, shared);
    const buffers = { bins: data.bins, rows: this.rows, gOrd: this.gOrd, hOrd: this.hOrd };
    this.builder = new HistogramBuilder(buffers, data.n, data.offsets, threads);
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
   * Grows a tree on gradients g and hessians h, and adds each row's leaf value to `margin` (training rows; the
   * grower knows which rows sit in which leaf, so no traversal is needed).
   */
  grow(g: Float64Array, h: Float64Array, margin: Float64Array): GrownTree {
    const { n } = this.data;
    const { maxLeaves, maxDepth, minSamplesLeaf, lambda, learningRate } = this.opts;
    const rows = this.rows;
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
      G += g[i];
      H += h[i];
    }
    const root: Leaf = { node: addNode(G, H), start: 0, end: n, depth: 0, g: G, h: H, c: n, hist: null, split: null };
    const open: Leaf[] = [];
    const done: Leaf[] = [];
    if (maxLeaves > 1 && canSplit(0, n)) {
      root.hist = this.histogram(0, n, g, h);
      root.split = this.bestSplit(root);
    }
    (root.split ? open : done).push(root);
    let nLeaves = 1;
    while (open.length > 0 && nLeaves < maxLeaves) {
      let bi = 0;
      for (let k = 1; k < open.length; k++) if (open[k].split!.gain > open[bi].split!.gain) bi = k;
      const leaf = open.splice(bi, 1)[0];
      const s = leaf.split!;
      const mid = this.partition(leaf.start, leaf.end, s.f, s.bin);
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
        small.hist = this.histogram(small.start, small.end, g, h);
        large.hist = leaf.hist!; // parent − smaller, in place
        const ph = large.hist,
          sh = small.hist;
        for (let k = 0; k < ph.length; k++) ph[k] -= sh[k];
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
    for (const leaf of done) {
      const v = tree.value[leaf.node];
      for (let k = leaf.start; k < leaf.end; k++) margin[rows[k]] += v;
    }
    return { tree, binThreshold: Int32Array.from(binTh) };
  }

  /** (Σg, Σh, count) per bin of every feature over rows[start..end). */
  private histogram(start: number, end: number, g: Float64Array, h: Float64Array): Float64Array {
    const { n, offsets } = this.data;
    const hist = this.pool.pop() ?? new Float64Array(3 * offsets[offsets.length - 1]);
    const rows = this.rows,
      gOrd = this.gOrd,
      hOrd = this.hOrd;
    const identity = start === 0 && end === n; // the root, before any partition: rows[k] = k
    if (identity) {
      gOrd.set(g);
      hOrd.set(h);
    } else {
      for (let k = start; k < end; k++) {
        const r = rows[k];
        gOrd[k] = g[r];
        hOrd[k] = h[r];
      }
    }
    this.builder.build(start, end, hist, identity);
    return hist;
  }

  private bestSplit(leaf: Leaf): Split | null {
    const { d, nBins, offsets } = this.data;
    const { minSamplesLeaf, minChildWeight, lambda } = this.opts;
    const hist = leaf.hist!;
    const G = leaf.g,
      H = leaf.h,
      C = leaf.c;
    const parent = (G * G) / (H + lambda);
    let bestGain = 0,
      bf = -1,
      bb = -1,
      bgl = 0,
      bhl = 0,
      bcl = 0; // the best so far in locals: no object per improvement
    for (let f = 0; f < d; f++) {
      let gl = 0,
        hl = 0,
        cl = 0;
      const base = 3 * offsets[f];
      for (let b = 0; b < nBins[f] - 1; b++) {
        const s = base + 3 * b;
        gl += hist[s];
        hl += hist[s + 1];
        cl += hist[s + 2];
        if (cl < minSamplesLeaf || hl < minChildWeight) continue;
        const cr = C - cl,
          hr = H - hl;
        if (cr < minSamplesLeaf || hr < minChildWeight) break;
        const gr = G - gl;
        const gain = (gl * gl) / (hl + lambda) + (gr * gr) / (hr + lambda) - parent;
        if (gain > bestGain) {
          bestGain = gain;
          bf = f;
          bb = b;
          bgl = gl;
          bhl = hl;
          bcl = cl;
        }
      }
    }
    return bf < 0 ? null : { gain: bestGain, f: bf, bin: bb, gl: bgl, hl: bhl, cl: bcl };
  }

  /**
   * Stable partition of rows[start..end) into bin(f) <= b, then the rest; returns the split point. Branch-free:
   * every row is written to both sides and only the side it belongs to advances (a split sends rows left or right
   * at random, so a branch here is mispredicted about half the time; this is ~4× faster).
   */
  private partition(start: number, end: number, f: number, b: number): number {
    const { n, bins } = this.data;
    const rows = this.rows,
      tmp = this.tmp;
    const col = f * n;
    let l = start,
      r = 0;
    for (let k = start; k < end; k++) {
      const row = rows[k];
      const right = (b - bins[col + row]) >>> 31; // 1 when bin > b
      rows[l] = row;
      tmp[r] = row;
      l += 1 - right;
      r += right;
    }
    rows.set(tmp.subarray(0, r), l);
    return l;
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
