import { Worker } from 'node:worker_threads';
import { HIST_LOOPS_WASM_BASE64 } from './hist-loops-wasm';

/**
 * The per-node and per-round loops of histogram boosting (hist-tree-grower.ts), on one thread or spread over
 * worker_threads.
 *
 * Memory layout (what makes the loops fast):
 *  - bins: column-major uint8, bins[f·n + i] = bin of row i in feature f (one byte, ≤ 256 bins per feature);
 *  - rows[start..end): a node's rows, ascending (the grower's partition is stable), so the column reads move
 *    forward through memory;
 *  - gh[2i], gh[2i + 1] = gradient and hessian of row i, side by side so one cache line brings both;
 *  - ghOrd[2k], ghOrd[2k + 1] = g and h of rows[k]: gathered into node order, read strictly sequentially;
 *  - hist[3·(offsets[f] + b) + {0, 1, 2}] = (Σg, Σh, count) of bin b of feature f.
 * All of them live in one shared WebAssembly memory (allocateBuffers), and the loops are WebAssembly
 * (hist-loops.wat: ~3× faster than the same loops in TypeScript, see there); the grower reads and writes the same
 * memory through typed-array views.
 * With T threads a histogram's FEATURES are split into T contiguous ranges, and the row loops (gradients, gather,
 * partition, margin update) split their ROWS into T contiguous ranges (thread 0 = the calling thread). Every
 * histogram bin is still summed over the same rows in the same order, and the row loops are element-wise, so the
 * histograms — and the fitted trees — are bit-for-bit the same for any T. Workers share the memory and are woken
 * through Atomics (no message per call).
 */

let loopsModule: WebAssembly.Module | null = null;

/** The compiled loops (hist-loops.wat), compiled once per process and shared with the workers. */
export function histLoopsWasm(): WebAssembly.Module {
  loopsModule ??= new WebAssembly.Module(Buffer.from(HIST_LOOPS_WASM_BASE64, 'base64'));
  return loopsModule;
}

/** A node's best split: gain, feature, bin (bin <= it goes left) and the left side's Σg, Σh and count. */
export interface Split {
  gain: number;
  f: number;
  bin: number;
  gl: number;
  hl: number;
  cl: number;
}

/** What a split must satisfy: rows and hessian per child, and the L2 penalty in the gain. */
export interface SplitRules {
  minSamplesLeaf: number;
  minChildWeight: number;
  lambda: number;
}

/** The loops of hist-loops.wat; every array argument is a byte address in the buffers' memory. */
export interface HistLoops {
  /** hist ← (Σg, Σh, count) per bin of features [fLo, fHi) over rows[start..end) (identity ≠ 0: rows[k] = k) */
  histogram(
    bins: number,
    n: number,
    rows: number,
    ghOrd: number,
    start: number,
    end: number,
    fLo: number,
    fHi: number,
    offsets: number,
    hist: number,
    identity: number,
  ): void;
  /** ghOrd[k] ← gh[rows[k]] (g, h pairs), k in [start, end) */
  gather(rows: number, gh: number, ghOrd: number, start: number, end: number): void;
  /** margin[rows[k]] += leafValue[k], k in [start, end) */
  addLeafValues(rows: number, leafValue: number, margin: number, start: number, end: number): void;
  /** stable partition of rows[start..end) by bin(f) <= b: lefts compacted in place, rights to tmp; returns #lefts */
  partition(
    bins: number,
    n: number,
    rows: number,
    tmp: number,
    start: number,
    end: number,
    f: number,
    b: number,
  ): number;
  /** gh, ghOrd ← log-loss g = p − y, h = p(1 − p) at p = sigmoid(margin), rows [start, end) */
  logLoss(margin: number, y: number, gh: number, ghOrd: number, start: number, end: number): void;
  /** e^x for x <= 0 */
  expNeg(x: number): number;
  /** a[k] −= b[k], k < count (f64) */
  subtract(a: number, b: number, count: number): void;
  /** best split over features [fLo, fHi); writes (gain, f, bin, G_L, H_L, count_L) at out; returns f or −1 */
  bestSplit(
    hist: number,
    offsets: number,
    fLo: number,
    fHi: number,
    G: number,
    H: number,
    C: number,
    minLeaf: number,
    minHess: number,
    lambda: number,
    out: number,
  ): number;
}

/** The loops instantiated on a memory. */
export function loopsOn(memory: WebAssembly.Memory): HistLoops {
  return new WebAssembly.Instance(histLoopsWasm(), { env: { memory } }).exports as unknown as HistLoops;
}

/**
 * Checks of a control word before a thread sleeps on it (~10 ns each here: ~100 µs). Waking a thread blocked in
 * Atomics.wait costs a futex round trip (measured 53–65 µs here), and a fit posts ~100 loops per tree, each a few
 * hundred µs long or less: sleeping between them cost 1.4 s of a 6 s fit at 200k rows. A bounded spin, like OpenMP's ACTIVE wait
 * policy but capped, keeps the handover at cache-line speed while the work flows and still sleeps between fits or
 * when the machine is too busy to give the thread its turn.
 */
const SPIN_CHECKS = 10_000;

/** Returns ctrl[i] once it differs from `seen`: spins SPIN_CHECKS loads, then sleeps in Atomics.wait. */
function awaitChange(ctrl: Int32Array, i: number, seen: number): number {
  for (let k = 0; k < SPIN_CHECKS; k++) {
    const v = Atomics.load(ctrl, i);
    if (v !== seen) return v;
  }
  Atomics.wait(ctrl, i, seen);
  return Atomics.load(ctrl, i);
}

const OP_HISTOGRAM = 0,
  OP_GATHER = 1,
  OP_LOG_LOSS = 2,
  OP_MARGIN = 3,
  OP_PARTITION = 4;

/** Worker body: waits on its control word, runs its share of the requested loop, reports the sequence number. */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const SPIN_CHECKS = ${SPIN_CHECKS};
const awaitChange = (${awaitChange.toString()});
const w = workerData;
const loops = new WebAssembly.Instance(w.module, { env: { memory: w.memory } }).exports;
const { bins, rows, gh, ghOrd, margin, y, leafValue, tmp, offsets } = w.buf;
const ctrl = new Int32Array(w.ctrl);
let seen = 0;
for (;;) {
  seen = awaitChange(ctrl, 0, seen);
  if (ctrl[1] === 1) break;
  const op = ctrl[6], start = ctrl[2], end = ctrl[3];
  if (op === ${OP_HISTOGRAM})
    loops.histogram(bins.byteOffset, w.n, rows.byteOffset, ghOrd.byteOffset, start, end, w.fLo, w.fHi,
      offsets.byteOffset, ctrl[10] >>> 0, ctrl[4]);
  else if (op === ${OP_GATHER}) loops.gather(rows.byteOffset, gh.byteOffset, ghOrd.byteOffset, start, end);
  else if (op === ${OP_LOG_LOSS})
    loops.logLoss(margin.byteOffset, y.byteOffset, gh.byteOffset, ghOrd.byteOffset, start, end);
  else if (op === ${OP_MARGIN}) loops.addLeafValues(rows.byteOffset, leafValue.byteOffset, margin.byteOffset, start, end);
  else ctrl[9] = loops.partition(bins.byteOffset, w.n, rows.byteOffset, tmp.byteOffset, start, end, ctrl[7], ctrl[8]);
  Atomics.store(ctrl, 5, seen);
  Atomics.notify(ctrl, 5);
}
`;

/** Arrays the grower fills and the loops read: views of one shared WebAssembly memory (allocateBuffers). */
export interface HistogramBuffers {
  memory: WebAssembly.Memory;
  /** n × d column-major bins */
  bins: Uint8Array;
  /** n: row permutation, each node's rows contiguous */
  rows: Int32Array;
  /** 2n: g, h per row */
  gh: Float64Array;
  /** 2n: g, h of rows[k] */
  ghOrd: Float64Array;
  /** n: boosting margins */
  margin: Float64Array;
  /** n: 0/1 targets */
  y: Float64Array;
  /** n: leaf value of rows[k], for the margin update */
  leafValue: Float64Array;
  /** n: the partition's scratch */
  tmp: Int32Array;
  /** d + 1: first histogram slot of each feature, plus the total */
  offsets: Int32Array;
  /** 6: the best split found by bestSplit (gain, feature, bin, G_L, H_L, count_L) */
  split: Float64Array;
  /** room for node histograms, 3 · offsets[d] values each (histogramViews) */
  hists: Float64Array;
}

/** The node histograms of buffers' `hists`, as separate views. */
export function histogramViews(buf: HistogramBuffers): Float64Array[] {
  const length = 3 * buf.offsets[buf.offsets.length - 1];
  return Array.from({ length: buf.hists.length / length }, (_, i) => buf.hists.subarray(i * length, (i + 1) * length));
}

/**
 * Allocates the buffers for n rows in one shared WebAssembly memory of exactly the size they need, and copies the
 * column-major bins and the histogram offsets into it, with room for `histograms` node histograms.
 */
export function allocateBuffers(bins: Uint8Array, n: number, offsets: Int32Array, histograms = 1): HistogramBuffers {
  const parts = [
    ['hists', Float64Array, histograms * 3 * offsets[offsets.length - 1]],
    ['gh', Float64Array, 2 * n],
    ['ghOrd', Float64Array, 2 * n],
    ['margin', Float64Array, n],
    ['y', Float64Array, n],
    ['leafValue', Float64Array, n],
    ['split', Float64Array, 6],
    ['rows', Int32Array, n],
    ['tmp', Int32Array, n],
    ['offsets', Int32Array, offsets.length],
    ['bins', Uint8Array, bins.length],
  ] as const;
  const align = (b: number) => Math.ceil(b / 64) * 64;
  const bytes = parts.reduce((sum, [, Ctor, len]) => sum + align(len * Ctor.BYTES_PER_ELEMENT), 0);
  const pages = Math.max(1, Math.ceil(bytes / 65536));
  if (pages > 65536) throw new RangeError(`HistogramBuffers: ${bytes} bytes exceed the 4 GiB of a WebAssembly memory`);
  // fixed size: growing a shared memory while workers run it is signalled to them asynchronously
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
  const views: Record<string, Uint8Array | Int32Array | Float64Array> = {};
  let at = 0;
  for (const [name, Ctor, len] of parts) {
    views[name] = new Ctor(memory.buffer, at, len);
    at += align(len * Ctor.BYTES_PER_ELEMENT);
  }
  const buf = { memory, ...views } as unknown as HistogramBuffers;
  buf.bins.set(bins);
  buf.offsets.set(offsets);
  return buf;
}

/** Contiguous ranges [cut[t], cut[t+1]) of d items for T threads, as even as the count allows. */
export function featureRanges(d: number, threads: number): number[] {
  const t = Math.max(1, Math.min(threads, d));
  return Array.from({ length: t + 1 }, (_, k) => Math.round((k * d) / t));
}

/** Rows below which a row loop is not worth waking the workers for. */
const MIN_PARALLEL_ROWS = 4096;
/** Node rows below which the calling thread histograms all features: 1,024 rows × 20 features is ~35 µs of work,
 * and a handover costs 1–60 µs (a spinning or a sleeping worker). */
const MIN_PARALLEL_HIST_ROWS = 1024;

export class HistogramBuilder {
  private readonly workers: { worker: Worker; ctrl: Int32Array }[] = [];
  private readonly loops: HistLoops;
  private readonly cut: number[];
  private seq = 0;

  /** Rows (buf.rows.length). */
  private readonly n: number;

  /** @param threads threads including the caller (1 = no workers) */
  constructor(
    private readonly buf: HistogramBuffers,
    threads: number,
  ) {
    const n = buf.rows.length;
    const d = buf.offsets.length - 1;
    this.n = n;
    this.loops = loopsOn(buf.memory);
    this.cut = featureRanges(d, threads);
    for (let t = 1; t + 1 < this.cut.length; t++) {
      const ctrlBuffer = new SharedArrayBuffer(16 * Int32Array.BYTES_PER_ELEMENT);
      const { memory, ...views } = buf;
      const worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: {
          module: histLoopsWasm(),
          memory,
          buf: views,
          ctrl: ctrlBuffer,
          n,
          fLo: this.cut[t],
          fHi: this.cut[t + 1],
        },
      });
      worker.unref();
      this.workers.push({ worker, ctrl: new Int32Array(ctrlBuffer) });
    }
  }

  /** Threads in use, including the caller. */
  get threads(): number {
    return this.cut.length - 1;
  }

  /**
   * hist ← (Σg, Σh, count) per bin over rows[start..end) (identity: rows[k] = k there, the root); hist must be one of
   * these buffers' node histograms (histogramViews).
   */
  build(start: number, end: number, hist: Float64Array, identity: boolean): void {
    const { bins, rows, ghOrd, offsets } = this.buf;
    const id = identity ? 1 : 0;
    const alone = this.workers.length === 0 || end - start < MIN_PARALLEL_HIST_ROWS;
    const seq = alone
      ? 0
      : this.post(OP_HISTOGRAM, (ctrl) => {
          ctrl[2] = start;
          ctrl[3] = end;
          ctrl[4] = id;
          ctrl[10] = hist.byteOffset;
        });
    this.loops.histogram(
      bins.byteOffset,
      this.n,
      rows.byteOffset,
      ghOrd.byteOffset,
      start,
      end,
      0,
      alone ? this.cut.at(-1)! : this.cut[1],
      offsets.byteOffset,
      hist.byteOffset,
      id,
    );
    if (seq) this.wait(seq);
  }

  /** parent ← parent − small, both node histograms of these buffers. */
  subtract(parent: Float64Array, small: Float64Array): void {
    this.loops.subtract(parent.byteOffset, small.byteOffset, parent.length);
  }

  /** The best split of a node from its histogram (see bestSplit in hist-loops.wat), or null. */
  bestSplit(hist: Float64Array, G: number, H: number, C: number, rules: SplitRules): Split | null {
    const { offsets, split } = this.buf;
    const f = this.loops.bestSplit(
      hist.byteOffset,
      offsets.byteOffset,
      0,
      offsets.length - 1,
      G,
      H,
      C,
      rules.minSamplesLeaf,
      rules.minChildWeight,
      rules.lambda,
      split.byteOffset,
    );
    return f < 0 ? null : { gain: split[0], f, bin: split[2], gl: split[3], hl: split[4], cl: split[5] };
  }

  /** ghOrd ← g, h of rows[start..end) in node order. */
  gather(start: number, end: number): void {
    const { rows, gh, ghOrd } = this.buf;
    this.rowLoop(OP_GATHER, start, end, (s, e) =>
      this.loops.gather(rows.byteOffset, gh.byteOffset, ghOrd.byteOffset, s, e),
    );
  }

  /** gh and ghOrd ← log-loss gradient and hessian at every row's margin. */
  logLoss(): void {
    const { margin, y, gh, ghOrd } = this.buf;
    this.rowLoop(OP_LOG_LOSS, 0, this.n, (s, e) =>
      this.loops.logLoss(margin.byteOffset, y.byteOffset, gh.byteOffset, ghOrd.byteOffset, s, e),
    );
  }

  /** margin[rows[k]] += leafValue[k] for every k. */
  addLeafValues(): void {
    const { rows, leafValue, margin } = this.buf;
    this.rowLoop(OP_MARGIN, 0, this.n, (s, e) =>
      this.loops.addLeafValues(rows.byteOffset, leafValue.byteOffset, margin.byteOffset, s, e),
    );
  }

  /**
   * Stable partition of rows[start..end) into bin(f) <= b, then the rest; returns the split point. With T threads
   * each partitions a contiguous share of the range in place (its lefts compacted at its share's start, its rights
   * in tmp), then the calling thread moves the shares' lefts together and copies the rights after them: the same
   * order as one pass over the whole range.
   */
  partition(start: number, end: number, f: number, b: number): number {
    const { bins, rows, tmp } = this.buf;
    const T = this.threads;
    if (T === 1 || end - start < MIN_PARALLEL_ROWS) {
      const left = this.loops.partition(bins.byteOffset, this.n, rows.byteOffset, tmp.byteOffset, start, end, f, b);
      rows.set(tmp.subarray(start, end - left), start + left);
      return start + left;
    }
    const at = (t: number) => start + Math.floor(((end - start) * t) / T);
    let t = 0;
    const seq = this.post(OP_PARTITION, (ctrl) => {
      t++;
      ctrl[2] = at(t);
      ctrl[3] = at(t + 1);
      ctrl[7] = f;
      ctrl[8] = b;
    });
    const lefts = [this.loops.partition(bins.byteOffset, this.n, rows.byteOffset, tmp.byteOffset, start, at(1), f, b)];
    this.wait(seq);
    for (const { ctrl } of this.workers) lefts.push(ctrl[9]);
    let l = start + lefts[0];
    for (let u = 1; u < T; u++) {
      rows.copyWithin(l, at(u), at(u) + lefts[u]); // moves down: never over a later share's lefts
      l += lefts[u];
    }
    const mid = l;
    for (let u = 0; u < T; u++) {
      const rights = at(u + 1) - at(u) - lefts[u];
      rows.set(tmp.subarray(at(u), at(u) + rights), l);
      l += rights;
    }
    return mid;
  }

  /** Runs an element-wise row loop over [start, end), its rows split evenly between the threads. */
  private rowLoop(op: number, start: number, end: number, own: (s: number, e: number) => void): void {
    const T = this.threads;
    if (T === 1 || end - start < MIN_PARALLEL_ROWS) {
      own(start, end);
      return;
    }
    const at = (t: number) => start + Math.floor(((end - start) * t) / T);
    let t = 0;
    const seq = this.post(op, (ctrl) => {
      t++;
      ctrl[2] = at(t);
      ctrl[3] = at(t + 1);
    });
    own(start, at(1));
    this.wait(seq);
  }

  private post(op: number, fill: (ctrl: Int32Array) => void): number {
    const seq = ++this.seq;
    for (const { ctrl } of this.workers) {
      fill(ctrl);
      ctrl[6] = op;
      Atomics.store(ctrl, 0, seq);
      Atomics.notify(ctrl, 0);
    }
    return seq;
  }

  private wait(seq: number): void {
    for (const { ctrl } of this.workers) {
      for (let v = Atomics.load(ctrl, 5); v !== seq; ) v = awaitChange(ctrl, 5, v);
    }
  }

  /** Stops the workers (idempotent). */
  close(): void {
    for (const { worker, ctrl } of this.workers) {
      ctrl[1] = 1;
      Atomics.store(ctrl, 0, ++this.seq);
      Atomics.notify(ctrl, 0);
      void worker.terminate();
    }
    this.workers.length = 0;
  }
}
