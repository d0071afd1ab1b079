import { Worker } from 'node:worker_threads';

/**
 * Gradient histograms of one tree node, on one thread or spread over worker_threads.
 *
 * Memory layout (what makes the loops fast):
 *  - bins: column-major uint8, bins[f·n + i] = bin of row i in feature f (one byte, ≤ 256 bins per feature);
 *  - rows[start..end): the node's rows, ascending (the grower's partition is stable), so the column reads move
 *    forward through memory;
 *  - gOrd/hOrd[k] = g/h of rows[k]: gradients gathered into node order, read strictly sequentially;
 *  - hist[3·(offsets[f] + b) + {0, 1, 2}] = (Σg, Σh, count) of bin b of feature f.
 * With T threads the FEATURES are split into T contiguous ranges (thread 0 = the calling thread); every bin is
 * still summed over the same rows in the same order, so the histograms — and the fitted trees — are bit-for-bit
 * the same for any T. Workers share bins, rows, gOrd, hOrd and a scratch histogram through SharedArrayBuffers and
 * are woken with Atomics (no message per node).
 */

/**
 * The one histogram loop, for features [fLo, fHi). Self-contained on purpose (no imports, no closures): its source
 * text is also what the workers run, so the calling thread and the workers execute the same code.
 * Features are taken four at a time (then two, then one): each row's index, g and h are read once per group and
 * the group's four histograms (≤ 4 × 256 × 24 bytes) stay in L1, which cuts the loop's loads and its overhead per
 * bin update; each bin still adds the same rows in the same order, so the sums are bit-for-bit those of one
 * feature at a time.
 */
export function histogramKernel(
  bins: Uint8Array,
  n: number,
  rows: Int32Array,
  gOrd: Float64Array,
  hOrd: Float64Array,
  start: number,
  end: number,
  fLo: number,
  fHi: number,
  offsets: Int32Array,
  hist: Float64Array,
  identity: number,
): void {
  hist.fill(0, 3 * offsets[fLo], 3 * offsets[fHi]);
  let f = fLo;
  for (; f + 4 <= fHi; f += 4) {
    const b0 = 3 * offsets[f],
      b1 = 3 * offsets[f + 1],
      b2 = 3 * offsets[f + 2],
      b3 = 3 * offsets[f + 3];
    const c0 = f * n,
      c1 = c0 + n,
      c2 = c1 + n,
      c3 = c2 + n;
    for (let k = start; k < end; k++) {
      const r = identity === 1 ? k : rows[k];
      const gk = gOrd[k],
        hk = hOrd[k];
      const s0 = b0 + 3 * bins[c0 + r],
        s1 = b1 + 3 * bins[c1 + r],
        s2 = b2 + 3 * bins[c2 + r],
        s3 = b3 + 3 * bins[c3 + r];
      hist[s0] += gk;
      hist[s0 + 1] += hk;
      hist[s0 + 2] += 1;
      hist[s1] += gk;
      hist[s1 + 1] += hk;
      hist[s1 + 2] += 1;
      hist[s2] += gk;
      hist[s2 + 1] += hk;
      hist[s2 + 2] += 1;
      hist[s3] += gk;
      hist[s3 + 1] += hk;
      hist[s3 + 2] += 1;
    }
  }
  if (f + 2 <= fHi) {
    const b0 = 3 * offsets[f],
      b1 = 3 * offsets[f + 1];
    const c0 = f * n,
      c1 = c0 + n;
    for (let k = start; k < end; k++) {
      const r = identity === 1 ? k : rows[k];
      const gk = gOrd[k],
        hk = hOrd[k];
      const s0 = b0 + 3 * bins[c0 + r],
        s1 = b1 + 3 * bins[c1 + r];
      hist[s0] += gk;
      hist[s0 + 1] += hk;
      hist[s0 + 2] += 1;
      hist[s1] += gk;
      hist[s1 + 1] += hk;
      hist[s1 + 2] += 1;
    }
    f += 2;
  }
  if (f < fHi) {
    const b0 = 3 * offsets[f],
      c0 = f * n;
    for (let k = start; k < end; k++) {
      const s0 = b0 + 3 * bins[c0 + (identity === 1 ? k : rows[k])];
      hist[s0] += gOrd[k];
      hist[s0 + 1] += hOrd[k];
      hist[s0 + 2] += 1;
    }
  }
}

/** Worker body: waits on its control word, builds its feature range into the shared scratch histogram. */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const histogramKernel = (${histogramKernel.toString()});
const w = workerData;
const bins = new Uint8Array(w.bins), rows = new Int32Array(w.rows);
const gOrd = new Float64Array(w.gOrd), hOrd = new Float64Array(w.hOrd);
const hist = new Float64Array(w.scratch), ctrl = new Int32Array(w.ctrl), offsets = Int32Array.from(w.offsets);
let seen = 0;
for (;;) {
  Atomics.wait(ctrl, 0, seen);
  seen = Atomics.load(ctrl, 0);
  if (ctrl[1] === 1) break;
  histogramKernel(bins, w.n, rows, gOrd, hOrd, ctrl[2], ctrl[3], w.fLo, w.fHi, offsets, hist, ctrl[4]);
  Atomics.store(ctrl, 5, seen);
  Atomics.notify(ctrl, 5);
}
`;

/** Arrays the grower fills and the builder reads; SharedArrayBuffer-backed when threads > 1. */
export interface HistogramBuffers {
  bins: Uint8Array;
  rows: Int32Array;
  gOrd: Float64Array;
  hOrd: Float64Array;
}

/** Allocates a typed array on a SharedArrayBuffer (threads > 1) or an ordinary buffer. */
export function allocate<T extends Uint8Array | Int32Array | Float64Array>(
  Ctor: { new (buffer: ArrayBufferLike): T; BYTES_PER_ELEMENT: number },
  length: number,
  shared: boolean,
): T {
  const bytes = length * Ctor.BYTES_PER_ELEMENT;
  return new Ctor(shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
}

/** Contiguous feature ranges [cut[t], cut[t+1]) for T threads, as even as the feature count allows. */
export function featureRanges(d: number, threads: number): number[] {
  const t = Math.max(1, Math.min(threads, d));
  return Array.from({ length: t + 1 }, (_, k) => Math.round((k * d) / t));
}

export class HistogramBuilder {
  private readonly workers: { worker: Worker; ctrl: Int32Array }[] = [];
  private readonly scratch: Float64Array | null = null;
  private readonly cut: number[];
  private readonly offsets: Int32Array;
  private seq = 0;

  /**
   * @param offsets first histogram slot of each feature, plus the total as offsets[d]
   * @param threads histogram threads including the caller (1 = no workers)
   */
  constructor(
    private readonly buf: HistogramBuffers,
    private readonly n: number,
    offsets: Int32Array,
    threads: number,
  ) {
    const d = offsets.length - 1;
    this.offsets = offsets;
    this.cut = featureRanges(d, threads);
    if (this.cut.length <= 2) return;
    for (const a of [buf.bins, buf.rows, buf.gOrd, buf.hOrd])
      if (!(a.buffer instanceof SharedArrayBuffer)) throw new TypeError('HistogramBuilder: buffers must be shared');
    const scratchBuffer = new SharedArrayBuffer(3 * offsets[d] * Float64Array.BYTES_PER_ELEMENT);
    this.scratch = new Float64Array(scratchBuffer);
    for (let t = 1; t + 1 < this.cut.length; t++) {
      const ctrlBuffer = new SharedArrayBuffer(8 * Int32Array.BYTES_PER_ELEMENT);
      const worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: {
          bins: buf.bins.buffer,
          rows: buf.rows.buffer,
          gOrd: buf.gOrd.buffer,
          hOrd: buf.hOrd.buffer,
          scratch: scratchBuffer,
          ctrl: ctrlBuffer,
          offsets: Array.from(offsets),
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
    const { bins, rows, gOrd, hOrd } = this.buf;
    const id = identity ? 1 : 0;
    if (this.workers.length === 0) {
      histogramKernel(bins, this.n, rows, gOrd, hOrd, start, end, 0, this.cut[1], this.offsets, hist, id);
      return;
    }
    const seq = ++this.seq;
    for (const { ctrl } of this.workers) {
      ctrl[2] = start;
      ctrl[3] = end;
      ctrl[4] = id;
      Atomics.store(ctrl, 0, seq);
      Atomics.notify(ctrl, 0);
    }
    histogramKernel(bins, this.n, rows, gOrd, hOrd, start, end, 0, this.cut[1], this.offsets, hist, id);
    for (const { ctrl } of this.workers) {
      for (let v = Atomics.load(ctrl, 5); v !== seq; v = Atomics.load(ctrl, 5)) Atomics.wait(ctrl, 5, v);
    }
    const scratch = this.scratch!;
    const lo = 3 * this.offsets[this.cut[1]];
    hist.set(scratch.subarray(lo, 3 * this.offsets[this.offsets.length - 1]), lo);
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
