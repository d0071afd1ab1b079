import { describe, expect, it } from 'vitest';
import { GradientBoostingClassifier } from './gbdt';
import { binColumns } from './hist-binning';
import {
  allocateBuffers,
  featureRanges,
  type HistogramBuffers,
  HistogramBuilder,
  histogramViews,
  loopsOn,
} from './hist-builder';
import { matrix } from './matrix';
import { Rng } from './rng';

describe('binColumns', () => {
  it('stores one uint8 column per feature: out[f·n + k] = bin of row rows[k]', () => {
    // 4 rows × 2 features; thresholds x0: [1.5, 2.5] → bins 0,1,2; x1: [10] → bins 0,1.
    const X = matrix([1, 20, 2, 5, 3, 10, 1, 11], 4, 2);
    const out = binColumns(X, null, [[1.5, 2.5], [10]]);
    expect(out).toBeInstanceOf(Uint8Array);
    expect(Array.from(out)).toEqual([0, 1, 2, 0, 1, 0, 0, 1]);
    expect(Array.from(binColumns(X, Int32Array.from([3, 1]), [[1.5, 2.5], [10]]))).toEqual([0, 1, 1, 0]);
  });

  it('refuses more than 256 bins per feature', () => {
    const th = Array.from({ length: 256 }, (_, i) => i + 0.5);
    expect(() => binColumns(matrix([1], 1, 1), null, [th])).toThrow(RangeError);
  });
});

/**
 * The WebAssembly histogram loop (hist-loops.wat) on its own: rows and g/h placed in a buffers' memory, the loop run
 * over features [fLo, fHi) into a node histogram (pre-filled with 99 so untouched slots show), returned.
 */
function wasmHistogram(
  bins: Uint8Array,
  n: number,
  offsets: Int32Array,
  rows: Int32Array,
  ghOrd: Float64Array,
  start: number,
  end: number,
  fLo: number,
  fHi: number,
  identity: number,
): Float64Array {
  const buf = allocateBuffers(bins, n, offsets);
  buf.rows.set(rows);
  buf.ghOrd.set(ghOrd);
  buf.hists.fill(99);
  loopsOn(buf.memory).histogram(
    buf.bins.byteOffset,
    n,
    buf.rows.byteOffset,
    buf.ghOrd.byteOffset,
    start,
    end,
    fLo,
    fHi,
    buf.offsets.byteOffset,
    buf.hists.byteOffset,
    identity,
  );
  return buf.hists.slice();
}

describe('the histogram loop (WebAssembly)', () => {
  // 5 rows × 2 features (3 and 2 bins), node rows [1, 3, 4] with gathered g/h in node order.
  const n = 5;
  const bins = Uint8Array.from([0, 2, 1, 2, 0, /* f1 */ 1, 0, 1, 1, 0]);
  const offsets = Int32Array.from([0, 3, 5]);
  const rows = Int32Array.from([1, 3, 4, 0, 2]);
  const g = [0.5, -1, 2, 0.25, 4];
  const h = [1, 2, 3, 4, 5];

  const interleave = (a: number[], b: number[]) => Float64Array.from(a.flatMap((v, i) => [v, b[i]]));

  it('sums (g, h, count) per bin over the node rows, by hand', () => {
    const ghOrd = interleave([g[1], g[3], g[4], 0, 0], [h[1], h[3], h[4], 0, 0]);
    const hist = wasmHistogram(bins, n, offsets, rows, ghOrd, 0, 3, 0, 2, 0);
    // f0: row1 → bin 2, row3 → bin 2, row4 → bin 0; f1: row1 → 0, row3 → 1, row4 → 0.
    expect(Array.from(hist)).toEqual([4, 5, 1, 0, 0, 0, -0.75, 6, 2, /* f1 */ 3, 7, 2, 0.25, 4, 1]);
  });

  it('with identity rows reads row k at position k (the root), and writes only its features', () => {
    const hist = wasmHistogram(bins, n, offsets, rows, interleave(g, h), 0, 5, 1, 2, 1);
    expect(Array.from(hist.subarray(9))).toEqual([3, 7, 2, 2.75, 8, 3]);
    expect(Array.from(hist.subarray(0, 9))).toEqual(new Array(9).fill(99)); // other features untouched
  });

  it('an empty node zeroes its features', () => {
    const hist = wasmHistogram(bins, n, offsets, rows, interleave(g, h), 2, 2, 0, 2, 0);
    expect(Array.from(hist)).toEqual(new Array(15).fill(0));
  });

  it('pairs and a single feature give exactly the plain sums (7 features, any range, subset and identity)', () => {
    const rng = new Rng(5);
    const nn = 300,
      d = 7;
    const nBins = [256, 3, 17, 200, 2, 64, 9];
    const offs = new Int32Array(d + 1);
    for (let f = 0; f < d; f++) offs[f + 1] = offs[f] + nBins[f];
    const b = new Uint8Array(nn * d);
    for (let f = 0; f < d; f++) for (let i = 0; i < nn; i++) b[f * nn + i] = rng.int(nBins[f]);
    const all = Int32Array.from({ length: nn }, (_, i) => i);
    for (const node of [all.filter((i) => i % 3 !== 1), all]) {
      const identity = node.length === nn ? 1 : 0;
      const gOrd = Float64Array.from(node, () => rng.normal());
      const hOrd = Float64Array.from(node, () => rng.next());
      const ghOrd = interleave(Array.from(gOrd), Array.from(hOrd));
      const expected = new Float64Array(3 * offs[d]);
      for (let f = 0; f < d; f++)
        for (let k = 0; k < node.length; k++) {
          const s = 3 * (offs[f] + b[f * nn + node[k]]);
          expected[s] += gOrd[k];
          expected[s + 1] += hOrd[k];
          expected[s + 2] += 1;
        }
      for (const [lo, hi] of [
        [0, 7], // 3 pairs + 1
        [1, 7], // 3 pairs
        [2, 5], // a pair + 1
        [3, 4], // 1
      ]) {
        const rowsPadded = new Int32Array(nn);
        rowsPadded.set(node);
        const hist = wasmHistogram(b, nn, offs, rowsPadded, ghOrd, 0, node.length, lo, hi, identity);
        expect(hist.subarray(3 * offs[lo], 3 * offs[hi])).toEqual(expected.subarray(3 * offs[lo], 3 * offs[hi]));
        expect(hist.subarray(0, 3 * offs[lo]).every((v) => v === 99)).toBe(true);
        expect(hist.subarray(3 * offs[hi]).every((v) => v === 99)).toBe(true);
      }
    }
  });
});

describe('allocateBuffers', () => {
  it('places every array, 64-byte aligned and apart, in one shared memory of the pages they need', () => {
    const n = 1000;
    const offsets = Int32Array.from([0, 256, 300]);
    const bins = Uint8Array.from({ length: 2 * n }, (_, i) => i % 251);
    const buf = allocateBuffers(bins, n, offsets, 2);
    expect(buf.memory.buffer).toBeInstanceOf(SharedArrayBuffer);
    const [h0, h1] = histogramViews(buf);
    expect([h0.length, h1.length, h1.byteOffset - h0.byteOffset]).toEqual([900, 900, 7200]);
    const { memory, ...views } = buf;
    const spans = Object.values(views)
      .map((v) => [v.byteOffset, v.byteOffset + v.byteLength])
      .sort((a, b) => a[0] - b[0]);
    // f64: 2 node histograms 2 × 3 × 300 × 8 = 14,400; gh, ghOrd (2n), margin, y, leafValue (n) = 56,000 bytes;
    // split 48 → 64 aligned; i32: rows, tmp 4,000 → 4,032 each; offsets 12 → 64; then the 2,000 bytes of bins
    const bytes = 14_400 + 56_000 + 64 + 2 * 4_032 + 64 + 2_000;
    expect(spans.at(-1)![1]).toBe(bytes);
    expect(memory.buffer.byteLength).toBe(Math.ceil(bytes / 65536) * 65536);
    for (let k = 0; k < spans.length; k++) {
      expect(spans[k][0] % 64).toBe(0);
      if (k > 0) expect(spans[k][0]).toBeGreaterThanOrEqual(spans[k - 1][1]);
    }
    expect(Array.from(buf.bins)).toEqual(Array.from(bins));
    expect(Array.from(buf.offsets)).toEqual([0, 256, 300]);
  });
});

describe('HistogramBuilder', () => {
  it('splits features into even contiguous ranges', () => {
    expect(featureRanges(20, 2)).toEqual([0, 10, 20]);
    expect(featureRanges(5, 2)).toEqual([0, 3, 5]);
    expect(featureRanges(1, 4)).toEqual([0, 1]);
  });

  it('builds the same histograms, partitions, gathers, gradients and margins with a worker thread as alone', () => {
    const rng = new Rng(3);
    const n = 10_000, // over the row loops' parallel threshold (4,096 rows)
      d = 5;
    const offsets = Int32Array.from([0, 7, 263, 270, 300, 556]);
    const make = () => allocateBuffers(new Uint8Array(n * d), n, offsets);
    const one = make(),
      two = make();
    for (let f = 0; f < d; f++) for (let i = 0; i < n; i++) one.bins[f * n + i] = rng.int(offsets[f + 1] - offsets[f]);
    for (let i = 0; i < n; i++) {
      one.rows[i] = i;
      one.y[i] = rng.next() < 0.3 ? 1 : 0;
      one.margin[i] = 3 * rng.normal();
    }
    for (const key of ['bins', 'rows', 'y', 'margin'] as const) two[key].set(one[key]);
    const b1 = new HistogramBuilder(one, 1);
    const b2 = new HistogramBuilder(two, 2);
    const same = (key: Exclude<keyof HistogramBuffers, 'memory'>) =>
      expect(Array.from(two[key])).toEqual(Array.from(one[key]));
    try {
      expect(b2.threads).toBe(2);
      b1.logLoss();
      b2.logLoss();
      same('gh');
      same('ghOrd');
      const hist = (b: HistogramBuilder, start: number, end: number, identity: boolean) => {
        const h = histogramViews(b === b1 ? one : two)[0].fill(-1);
        b.build(start, end, h, identity);
        return Array.from(h);
      };
      expect(hist(b2, 0, n, true)).toEqual(hist(b1, 0, n, true));
      // two levels of splits, each side gathered and histogrammed
      const m1 = b1.partition(0, n, 1, 100),
        m2 = b2.partition(0, n, 1, 100);
      expect(m2).toBe(m1);
      same('rows');
      let left = 0;
      for (let i = 0; i < n; i++) left += one.bins[n + i] <= 100 ? 1 : 0;
      expect(m1).toBe(left);
      expect(b1.partition(m1, n, 4, 30)).toBe(b2.partition(m2, n, 4, 30));
      same('rows');
      for (const [start, end] of [
        [0, m1],
        [m1, n],
        [5, 6],
      ]) {
        b1.gather(start, end);
        b2.gather(start, end);
        same('ghOrd');
        const h1 = hist(b1, start, end, false);
        expect(hist(b2, start, end, false)).toEqual(h1);
        let count = 0;
        for (let s = 2; s < h1.length; s += 3) count += h1[s];
        expect(count).toBe(d * (end - start));
      }
      for (let k = 0; k < n; k++) one.leafValue[k] = two.leafValue[k] = k % 7;
      b1.addLeafValues();
      b2.addLeafValues();
      same('margin');
    } finally {
      b2.close();
    }
  });
});

describe('row loops (WebAssembly), by hand', () => {
  it('partition compacts the lefts in place and writes the rights to tmp, both in order', () => {
    // rows 10..15 of one feature; bins of rows 10..15 = [3, 0, 5, 1, 2, 4]; split bin <= 2
    const n = 16;
    const bins = new Uint8Array(n);
    bins.set([3, 0, 5, 1, 2, 4], 10);
    const buf = allocateBuffers(bins, n, Int32Array.from([0, 6]));
    const { rows, tmp } = buf;
    rows.set([9, 10, 11, 12, 13, 14, 15]);
    tmp.fill(-1);
    const loops = loopsOn(buf.memory);
    expect(loops.partition(buf.bins.byteOffset, n, rows.byteOffset, tmp.byteOffset, 1, 7, 0, 2)).toBe(3);
    expect(Array.from(rows.subarray(1, 4))).toEqual([11, 13, 14]);
    expect(Array.from(tmp.subarray(1, 4))).toEqual([10, 12, 15]);
    expect(rows[0]).toBe(9); // outside the range: untouched
    expect(tmp[0]).toBe(-1);
    // an empty range moves nothing
    expect(loops.partition(buf.bins.byteOffset, n, rows.byteOffset, tmp.byteOffset, 4, 4, 0, 2)).toBe(0);
  });

  it('gather, addLeafValues and logLoss', () => {
    const buf = allocateBuffers(new Uint8Array(4), 4, Int32Array.from([0, 1]));
    const loops = loopsOn(buf.memory);
    const { rows, gh, ghOrd, margin, y, leafValue } = buf;
    gh.set([1, 2, 3, 4, 5, 6, 7, 8]);
    rows.set([2, 0, 1, 3]);
    loops.gather(rows.byteOffset, gh.byteOffset, ghOrd.byteOffset, 0, 2);
    expect(Array.from(ghOrd)).toEqual([5, 6, 1, 2, 0, 0, 0, 0]);
    margin.set([1, 2, 3, 4]);
    leafValue.set([0.5, -1, 10, 100]);
    loops.addLeafValues(rows.byteOffset, leafValue.byteOffset, margin.byteOffset, 1, 3); // rows 0 and 1
    expect(Array.from(margin)).toEqual([0, 12, 3, 4]);
    // margins 0, ln 3, −ln 3, −800: p = 0.5, 0.75, 0.25, 0 (e^−800 underflows)
    margin.set([0, Math.log(3), -Math.log(3), -800]);
    y.set([1, 0, 1, 0]);
    loops.logLoss(margin.byteOffset, y.byteOffset, gh.byteOffset, ghOrd.byteOffset, 0, 4);
    expect(Array.from(gh).map((v) => +v.toFixed(12))).toEqual([-0.5, 0.25, 0.75, 0.1875, -0.75, 0.1875, 0, 0]);
    expect(Array.from(ghOrd)).toEqual(Array.from(gh));
  });

  it('bestSplit and subtract, by hand', () => {
    // feature 0: 3 bins (g, h, count) = (−2, 1, 2), (1, 1, 2), (3, 2, 2); feature 1: 2 bins (1, 2, 3) twice
    const buf = allocateBuffers(new Uint8Array(6), 6, Int32Array.from([0, 3, 5]), 2);
    const [hist, other] = histogramViews(buf);
    hist.set([-2, 1, 2, 1, 1, 2, 3, 2, 2, /* f1 */ 1, 2, 3, 1, 2, 3]);
    const b = new HistogramBuilder(buf, 1);
    // G = 2, H = 4 (+ the same again in f1), C = 6, λ = 1: parent term 4/5 = 0.8.
    // f0, bin 0: 4/2 + 16/4 − 0.8 = 5.2; bin 1: 1/3 + 9/3 − 0.8 = 2.53; f1, bin 0: 1/3 + 1/3 − 0.8 < 0
    const rules = { minSamplesLeaf: 1, minChildWeight: 0, lambda: 1 };
    const best = b.bestSplit(hist, 2, 4, 6, rules)!;
    expect({ ...best, gain: +best.gain.toFixed(12) }).toEqual({ gain: 5.2, f: 0, bin: 0, gl: -2, hl: 1, cl: 2 });
    // a hessian minimum of 1.5 rules out bin 0 (H_L = 1): bin 1 wins
    expect(b.bestSplit(hist, 2, 4, 6, { ...rules, minChildWeight: 1.5 })).toMatchObject({ f: 0, bin: 1, cl: 4 });
    // three rows per child: f0 bin 0 has 2 left, bin 1 leaves 2 right; f1's only split loses: no split
    expect(b.bestSplit(hist, 2, 4, 6, { ...rules, minSamplesLeaf: 3 })).toBeNull();
    other.set(hist);
    other[0] = 10;
    b.subtract(other, hist);
    expect(Array.from(other)).toEqual([12, ...new Array(14).fill(0)]);
  });

  it('expNeg is e^x within 2 units in the last place (Python math.exp values and Math.exp on a grid)', () => {
    const { expNeg } = loopsOn(allocateBuffers(new Uint8Array(1), 1, Int32Array.from([0, 1])).memory);
    expect(expNeg(0)).toBe(1);
    expect(expNeg(-0)).toBe(1);
    expect(expNeg(-708.5)).toBe(0);
    expect(expNeg(-Infinity)).toBe(0);
    expect(expNeg(Number.NaN)).toBeNaN();
    const ulps = (a: number, b: number) => Math.abs(a - b) / (Math.abs(b) * Number.EPSILON);
    for (const [x, e] of [
      [-1, 0.36787944117144233],
      [-10, 4.5399929762484854e-5],
      [-0.5, 0.6065306597126334],
      [-700, 9.85967654375977e-305],
      [-1e-9, 0.999999999],
    ])
      expect(ulps(expNeg(x), e)).toBeLessThanOrEqual(2);
    let worst = 0;
    for (let x = -708; x <= 0; x += 0.0137) worst = Math.max(worst, ulps(expNeg(x), Math.exp(x)));
    expect(worst).toBeLessThanOrEqual(2);
  });
});

describe('GradientBoostingClassifier threads', () => {
  it('fits the identical model with 1 and 2 threads (early stopping on)', () => {
    const rng = new Rng(9);
    const n = 3000,
      d = 6;
    const X = matrix(
      Array.from({ length: n * d }, () => rng.normal()),
      n,
      d,
    );
    const y = Float64Array.from({ length: n }, (_, i) => {
      const o = i * d;
      const z = Math.sin(2 * X.data[o]) + X.data[o + 1] * X.data[o + 2] - 0.5 * Math.abs(X.data[o + 3]);
      return rng.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
    });
    const params = { nEstimators: 40, minSamplesLeaf: 10 };
    const m1 = new GradientBoostingClassifier(params).fit(X, y);
    const m2 = new GradientBoostingClassifier(params, { threads: 2 }).fit(X, y);
    expect(m1.threads).toBe(1);
    expect(m2.threads).toBe(2);
    expect(m1.trees.length).toBeGreaterThan(5);
    expect(JSON.stringify(m2.toJSON())).toBe(JSON.stringify(m1.toJSON()));
    expect(m2.fitInfo).toEqual(m1.fitInfo);
    expect(() => new GradientBoostingClassifier({}, { threads: 0 })).toThrow(RangeError);
    expect(() => new GradientBoostingClassifier({}, { threads: 1.5 })).toThrow(RangeError);
  });
});
