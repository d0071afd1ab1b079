import { Worker } from 'node:worker_threads';

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
 * With T threads a histogram's FEATURES are split into T contiguous ranges, and the row loops (gradients, gather,
 * margin update) split their ROWS into T contiguous ranges (thread 0 = the calling thread). Every histogram bin is
 * still summed over the same rows in the same order, and the row loops are element-wise, so the histograms — and
 * the fitted trees — are bit-for-bit the same for any T. Workers share every array through SharedArrayBuffers and
 * are woken with Atomics (no message per call).
 */

/**
 * The one histogram loop, for features [fLo, fHi). Self-contained on purpose (no imports, no closures): its source
 * text is also what the workers run, so the calling thread and the workers execute the same code.
 * Features are taken five at a time (then four, two, one): each row's index, g and h are read once per group and
 * the group's histograms (≤ 5 × 256 × 24 bytes) stay in L1, which cuts the loop's loads and its overhead per bin
 * update (five beat four by 12–17 % on the 800k benchmark's bins, 20 features on two threads = 5 + 5 each); each
 * bin still adds the same rows in the same order, so the sums are bit-for-bit those of one feature at a time. The
 * root (identity: rows[k] = k) has its own copy of the wide loop without the row indirection.
 */
export function histogramKernel(
  bins: Uint8Array,
  n: number,
  rows: Int32Array,
  ghOrd: Float64Array,
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
  for (; f + 5 <= fHi; f += 5) {
    const b0 = 3 * offsets[f],
      b1 = 3 * offsets[f + 1],
      b2 = 3 * offsets[f + 2],
      b3 = 3 * offsets[f + 3],
      b4 = 3 * offsets[f + 4];
    const c0 = f * n,
      c1 = c0 + n,
      c2 = c1 + n,
      c3 = c2 + n,
      c4 = c3 + n;
    if (identity === 1) {
      for (let k = start; k < end; k++) {
        const gk = ghOrd[2 * k],
          hk = ghOrd[2 * k + 1];
        const s0 = b0 + 3 * bins[c0 + k],
          s1 = b1 + 3 * bins[c1 + k],
          s2 = b2 + 3 * bins[c2 + k],
          s3 = b3 + 3 * bins[c3 + k],
          s4 = b4 + 3 * bins[c4 + k];
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
        hist[s4] += gk;
        hist[s4 + 1] += hk;
        hist[s4 + 2] += 1;
      }
    } else {
      for (let k = start; k < end; k++) {
        const r = rows[k];
        const gk = ghOrd[2 * k],
          hk = ghOrd[2 * k + 1];
        const s0 = b0 + 3 * bins[c0 + r],
          s1 = b1 + 3 * bins[c1 + r],
          s2 = b2 + 3 * bins[c2 + r],
          s3 = b3 + 3 * bins[c3 + r],
          s4 = b4 + 3 * bins[c4 + r];
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
        hist[s4] += gk;
        hist[s4 + 1] += hk;
        hist[s4 + 2] += 1;
      }
    }
  }
  if (f + 4 <= fHi) {
    const b0 = 3 * offsets[f],
      b1 = 3 * offsets[f + 1],
      b2 = 3 * offsets[f + 2],
      b3 = 3 * offsets[f + 3];
    const c0 = f * n,
      c1 = c0 + n,
      c2 = c1 + n,
      c3 = c2 + n;
    if (identity === 1) {
      for (let k = start; k < end; k++) {
        const gk = ghOrd[2 * k],
          hk = ghOrd[2 * k + 1];
        const s0 = b0 + 3 * bins[c0 + k],
          s1 = b1 + 3 * bins[c1 + k],
          s2 = b2 + 3 * bins[c2 + k],
          s3 = b3 + 3 * bins[c3 + k];
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
    } else {
      for (let k = start; k < end; k++) {
        const r = rows[k];
        const gk = ghOrd[2 * k],
          hk = ghOrd[2 * k + 1];
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
    f += 4;
  }
  if (f + 2 <= fHi) {
    const b0 = 3 * offsets[f],
      b1 = 3 * offsets[f + 1];
    const c0 = f * n,
      c1 = c0 + n;
    for (let k = start; k < end; k++) {
      const r = identity === 1 ? k : rows[k];
      const gk = ghOrd[2 * k],
        hk = ghOrd[2 * k + 1];
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
      hist[s0] += ghOrd[2 * k];
      hist[s0 + 1] += ghOrd[2 * k + 1];
      hist[s0 + 2] += 1;
    }
  }
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

const OP_HISTOGRAM = 0,
  OP_GATHER = 1,
  OP_LOG_LOSS = 2,
  OP_MARGIN = 3,
  OP_PARTITION = 4;

/** Worker body: waits on its control word, runs its share of the requested loop, reports the sequence number. */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const histogramKernel = (${histogramKernel.toString()});
const gatherKernel = (${gatherKernel.toString()});
const logLossKernel = (${logLossKernel.toString()});
const marginKernel = (${marginKernel.toString()});
const partitionKernel = (${partitionKernel.toString()});
const w = workerData;
const bins = new Uint8Array(w.bins), rows = new Int32Array(w.rows);
const gh = new Float64Array(w.gh), ghOrd = new Float64Array(w.ghOrd);
const margin = new Float64Array(w.margin), y = new Float64Array(w.y), leafValue = new Float64Array(w.leafValue);
const tmp = new Int32Array(w.tmp);
const hist = new Float64Array(w.scratch), ctrl = new Int32Array(w.ctrl), offsets = Int32Array.from(w.offsets);
let seen = 0;
for (;;) {
  Atomics.wait(ctrl, 0, seen);
  seen = Atomics.load(ctrl, 0);
  if (ctrl[1] === 1) break;
  const op = ctrl[6], start = ctrl[2], end = ctrl[3];
  if (op === ${OP_HISTOGRAM}) histogramKernel(bins, w.n, rows, ghOrd, start, end, w.fLo, w.fHi, offsets, hist, ctrl[4]);
  else if (op === ${OP_GATHER}) gatherKernel(rows, gh, ghOrd, start, end);
  else if (op === ${OP_LOG_LOSS}) logLossKernel(margin, y, gh, ghOrd, start, end);
  else if (op === ${OP_MARGIN}) marginKernel(rows, leafValue, margin, start, end);
  else ctrl[9] = partitionKernel(bins, w.n, rows, tmp, start, end, ctrl[7], ctrl[8]);
  Atomics.store(ctrl, 5, seen);
  Atomics.notify(ctrl, 5);
}
`;

/** Arrays the grower fills and the loops read; SharedArrayBuffer-backed when threads > 1. */
export interface HistogramBuffers {
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

/** Allocates the buffers for n rows (bins given), shared when threads > 1. */
export function allocateBuffers(bins: Uint8Array, n: number, shared: boolean): HistogramBuffers {
  return {
    bins,
    rows: allocate(Int32Array, n, shared),
    gh: allocate(Float64Array, 2 * n, shared),
    ghOrd: allocate(Float64Array, 2 * n, shared),
    margin: allocate(Float64Array, n, shared),
    y: allocate(Float64Array, n, shared),
    leafValue: allocate(Float64Array, n, shared),
    tmp: allocate(Int32Array, n, shared),
  };
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
  private readonly scratch: Float64Array | null = null;
  private readonly cut: number[];
  private readonly offsets: Int32Array;
  private seq = 0;

  /**
   * @param offsets first histogram slot of each feature, plus the total as offsets[d]
   * @param threads threads including the caller (1 = no workers)
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
    for (const a of Object.values(buf))
      if (!(a.buffer instanceof SharedArrayBuffer)) throw new TypeError('HistogramBuilder: buffers must be shared');
    const scratchBuffer = new SharedArrayBuffer(3 * offsets[d] * Float64Array.BYTES_PER_ELEMENT);
    this.scratch = new Float64Array(scratchBuffer);
    for (let t = 1; t + 1 < this.cut.length; t++) {
      const ctrlBuffer = new SharedArrayBuffer(16 * Int32Array.BYTES_PER_ELEMENT);
      const worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: {
          ...Object.fromEntries(Object.entries(buf).map(([k, a]) => [k, a.buffer])),
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
    const { bins, rows, ghOrd } = this.buf;
    const id = identity ? 1 : 0;
    if (this.workers.length === 0) {
      histogramKernel(bins, this.n, rows, ghOrd, start, end, 0, this.cut[1], this.offsets, hist, id);
      return;
    }
    const seq = this.post(OP_HISTOGRAM, (ctrl) => {
      ctrl[2] = start;
      ctrl[3] = end;
      ctrl[4] = id;
    });
    histogramKernel(bins, this.n, rows, ghOrd, start, end, 0, this.cut[1], this.offsets, hist, id);
    this.wait(seq);
    const scratch = this.scratch!;
    const lo = 3 * this.offsets[this.cut[1]];
    hist.set(scratch.subarray(lo, 3 * this.offsets[this.offsets.length - 1]), lo);
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
      for (let v = Atomics.load(ctrl, 5); v !== seq; v = Atomics.load(ctrl, 5)) Atomics.wait(ctrl, 5, v);
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
