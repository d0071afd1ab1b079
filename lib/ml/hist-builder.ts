import { Worker } from 'node:worker_threads';
import { HISTOGRAM_WASM_BASE64 } from './histogram-wasm';

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
 * All of them live in one shared WebAssembly memory (allocateBuffers): the histogram loop is WebAssembly
 * (histogram.wat, ~3× faster than the same loop in TypeScript, see there); the other loops are TypeScript on views
 * of the same memory.
 * With T threads a histogram's FEATURES are split into T contiguous ranges, and the row loops (gradients, gather,
 * margin update) split their ROWS into T contiguous ranges (thread 0 = the calling thread). Every histogram bin is
 * still summed over the same rows in the same order, and the row loops are element-wise, so the histograms — and
 * the fitted trees — are bit-for-bit the same for any T. Workers share every array through SharedArrayBuffers and
 * are woken with Atomics (no message per call).
 */

let histogramModule: WebAssembly.Module | null = null;

/** The compiled histogram loop (histogram.wat), compiled once per thread. */
export function histogramWasm(): WebAssembly.Module {
  histogramModule ??= new WebAssembly.Module(Buffer.from(HISTOGRAM_WASM_BASE64, 'base64'));
  return histogramModule;
}

/** The histogram loop's signature: addresses are byte offsets into the memory (see histogram.wat). */
export type HistogramFn = (
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
) => void;

/** The histogram loop instantiated on a buffers' memory. */
export function histogramOn(memory: WebAssembly.Memory): HistogramFn {
  return new WebAssembly.Instance(histogramWasm(), { env: { memory } }).exports.histogram as HistogramFn;
}

/** ghOrd[2k..2k+1] ← gh[2·rows[k]..] for k in [start, end): a node's g and h gathered into node order. */
export function gatherKernel(rows: Int32Array, gh: Float64Array, ghOrd: Float64Array, start: number, end: number) {
  for (let k = start; k < end; k++) {
    const r = 2 * rows[k];
    ghOrd[2 * k] = gh[r];
    ghOrd[2 * k + 1] = gh[r + 1];
  }
}

/**
 * Log-loss gradient and hessian at the margins z, rows [start, end): p = sigmoid(z), g = p − y, h = p(1 − p),
 * written to gh (interleaved) and, for the root's histogram, to ghOrd (rows in identity order at the root).
 */
export function logLossKernel(
  margin: Float64Array,
  y: Float64Array,
  gh: Float64Array,
  ghOrd: Float64Array,
  start: number,
  end: number,
) {
  for (let i = start; i < end; i++) {
    const z = margin[i];
    let p: number;
    if (z >= 0) p = 1 / (1 + Math.exp(-z));
    else {
      const e = Math.exp(z);
      p = e / (1 + e);
    }
    const g = p - y[i],
      h = p * (1 - p);
    gh[2 * i] = g;
    gh[2 * i + 1] = h;
    ghOrd[2 * i] = g;
    ghOrd[2 * i + 1] = h;
  }
}

/** margin[rows[k]] += leafValue[k] for k in [start, end) (each row once: rows is a permutation). */
export function marginKernel(
  rows: Int32Array,
  leafValue: Float64Array,
  margin: Float64Array,
  start: number,
  end: number,
) {
  for (let k = start; k < end; k++) margin[rows[k]] += leafValue[k];
}

/**
 * Stable partition of rows[start..end) by bin(f) <= b, within that range: the rows going left are compacted to
 * rows[start..start + L) and the others written to tmp[start..end − L), both in their old order; returns L.
 * Branch-free: every row is written to both sides and only the side it belongs to advances (a split sends rows
 * left or right at random, so a branch here is mispredicted about half the time; this is ~4× faster).
 */
export function partitionKernel(
  bins: Uint8Array,
  n: number,
  rows: Int32Array,
  tmp: Int32Array,
  start: number,
  end: number,
  f: number,
  b: number,
): number {
  const col = f * n;
  let l = start,
    r = start;
  for (let k = start; k < end; k++) {
    const row = rows[k];
    const right = (b - bins[col + row]) >>> 31; // 1 when bin > b
    rows[l] = row;
    tmp[r] = row;
    l += 1 - right;
    r += right;
  }
  return l - start;
}

/**
 * Checks of a control word before a thread sleeps on it (~10 ns each here: ~100 µs). Waking a thread blocked in Atomics.wait costs
 * a futex round trip (measured 53–65 µs here), and a fit posts ~100 loops per tree, each a few hundred µs long or
 * less: sleeping between them cost 1.4 s of a 6 s fit at 200k rows. A bounded spin, like OpenMP's ACTIVE wait
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
const SPIN_CHECKS = 10_000;
const awaitChange = (${awaitChange.toString()});
const gatherKernel = (${gatherKernel.toString()});
const logLossKernel = (${logLossKernel.toString()});
const marginKernel = (${marginKernel.toString()});
const partitionKernel = (${partitionKernel.toString()});
const w = workerData;
const histogram = new WebAssembly.Instance(w.module, { env: { memory: w.memory } }).exports.histogram;
const { bins, rows, gh, ghOrd, margin, y, leafValue, tmp, offsets, scratch } = w.buf;
const ctrl = new Int32Array(w.ctrl);
let seen = 0;
for (;;) {
  seen = awaitChange(ctrl, 0, seen);
  if (ctrl[1] === 1) break;
  const op = ctrl[6], start = ctrl[2], end = ctrl[3];
  if (op === ${OP_HISTOGRAM})
    histogram(bins.byteOffset, w.n, rows.byteOffset, ghOrd.byteOffset, start, end, w.fLo, w.fHi, offsets.byteOffset,
      scratch.byteOffset, ctrl[4]);
  else if (op === ${OP_GATHER}) gatherKernel(rows, gh, ghOrd, start, end);
  else if (op === ${OP_LOG_LOSS}) logLossKernel(margin, y, gh, ghOrd, start, end);
  else if (op === ${OP_MARGIN}) marginKernel(rows, leafValue, margin, start, end);
  else ctrl[9] = partitionKernel(bins, w.n, rows, tmp, start, end, ctrl[7], ctrl[8]);
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
  /** 3 · offsets[d]: the histogram loop's output (every thread writes its own features' slots) */
  scratch: Float64Array;
}

/**
 * Allocates the buffers for n rows in one shared WebAssembly memory of exactly the size they need, and copies the
 * column-major bins and the histogram offsets into it.
 */
export function allocateBuffers(bins: Uint8Array, n: number, offsets: Int32Array): HistogramBuffers {
  const slots = offsets[offsets.length - 1];
  const parts = [
    ['gh', Float64Array, 2 * n],
    ['ghOrd', Float64Array, 2 * n],
    ['margin', Float64Array, n],
    ['y', Float64Array, n],
    ['leafValue', Float64Array, n],
    ['scratch', Float64Array, 3 * slots],
    ['rows', Int32Array, n],
    ['tmp', Int32Array, n],
    ['offsets', Int32Array, offsets.length],
    ['bins', Uint8Array, bins.length],
  ] as const;
  const align = (b: number) => Math.ceil(b / 64) * 64;
  const bytes = parts.reduce((sum, [, Ctor, len]) => sum + align(len * Ctor.BYTES_PER_ELEMENT), 0);
  const pages = Math.max(1, Math.ceil(bytes / 65536));
  if (pages > 65536) throw new RangeError(`HistogramBuffers: ${bytes} bytes exceed the 4 GiB of a WebAssembly memory`);
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

export class HistogramBuilder {
  private readonly workers: { worker: Worker; ctrl: Int32Array }[] = [];
  private readonly histogram: HistogramFn;
  private readonly cut: number[];
  private seq = 0;

  /** @param threads threads including the caller (1 = no workers) */
  constructor(
    private readonly buf: HistogramBuffers,
    private readonly n: number,
    threads: number,
  ) {
    const d = buf.offsets.length - 1;
    this.histogram = histogramOn(buf.memory);
    this.cut = featureRanges(d, threads);
    for (let t = 1; t + 1 < this.cut.length; t++) {
      const ctrlBuffer = new SharedArrayBuffer(16 * Int32Array.BYTES_PER_ELEMENT);
      const { memory, ...views } = buf;
      const worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: {
          module: histogramWasm(),
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

  /** hist ← (Σg, Σh, count) per bin over rows[start..end) (identity: rows[k] = k there, the root). */
  build(start: number, end: number, hist: Float64Array, identity: boolean): void {
    const { bins, rows, ghOrd, offsets, scratch } = this.buf;
    const id = identity ? 1 : 0;
    const seq =
      this.workers.length === 0
        ? 0
        : this.post(OP_HISTOGRAM, (ctrl) => {
            ctrl[2] = start;
            ctrl[3] = end;
            ctrl[4] = id;
          });
    this.histogram(
      bins.byteOffset,
      this.n,
      rows.byteOffset,
      ghOrd.byteOffset,
      start,
      end,
      0,
      this.cut[1],
      offsets.byteOffset,
      scratch.byteOffset,
      id,
    );
    if (seq) this.wait(seq);
    hist.set(scratch);
  }

  /** ghOrd ← g, h of rows[start..end) in node order. */
  gather(start: number, end: number): void {
    const { rows, gh, ghOrd } = this.buf;
    this.rowLoop(OP_GATHER, start, end, (s, e) => gatherKernel(rows, gh, ghOrd, s, e));
  }

  /** gh and ghOrd ← log-loss gradient and hessian at every row's margin. */
  logLoss(): void {
    const { margin, y, gh, ghOrd } = this.buf;
    this.rowLoop(OP_LOG_LOSS, 0, this.n, (s, e) => logLossKernel(margin, y, gh, ghOrd, s, e));
  }

  /** margin[rows[k]] += leafValue[k] for every k. */
  addLeafValues(): void {
    const { rows, leafValue, margin } = this.buf;
    this.rowLoop(OP_MARGIN, 0, this.n, (s, e) => marginKernel(rows, leafValue, margin, s, e));
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
      const left = partitionKernel(bins, this.n, rows, tmp, start, end, f, b);
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
    const lefts = [partitionKernel(bins, this.n, rows, tmp, start, at(1), f, b)];
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
