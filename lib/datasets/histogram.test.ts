import { describe, expect, it } from 'vitest';
import { fitHistogram, quantileSorted } from './histogram';

const f64 = (xs: number[]) => Float64Array.from(xs);

describe('histograms that fit the data', () => {
  it('draws one bar per value for 0/1 flags and small whole numbers', () => {
    const flags = fitHistogram(f64([0, 1, 1, 0, 1, Number.NaN]));
    expect(flags).toEqual({
      scale: 'values',
      bins: [
        { x0: 0, x1: 0, count: 2, label: '0' },
        { x0: 1, x1: 1, count: 3, label: '1' },
      ],
    });
    expect(fitHistogram(f64([3, 4, 4, 7]))?.bins.map((b) => [b.label, b.count])).toEqual([
      ['3', 1],
      ['4', 2],
      ['7', 1],
    ]);
  });

  it('uses whole-number bin edges for wide integer columns', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i); // 0..99, evenly spread: no heavy tail
    const h = fitHistogram(f64(xs));
    expect(h?.scale).toBe('linear');
    expect(h?.bins).toHaveLength(20);
    expect(h?.bins[0]).toEqual({ x0: 0, x1: 4, count: 5, label: '0–4' });
    expect(h?.bins[19]).toEqual({ x0: 95, x1: 99, count: 5, label: '95–99' });
  });

  it('puts a positive heavy-tailed column on log-spaced bins', () => {
    // 99 prices of 1..10 and one of 10,000: equal-width bins would put 99 % in the first bar
    const xs = [...Array.from({ length: 99 }, (_, i) => 1 + (i % 10) + 0.5), 10_000];
    const h = fitHistogram(f64(xs));
    expect(h?.scale).toBe('log');
    expect(h?.bins).toHaveLength(20);
    expect(h?.bins.reduce((s, b) => s + b.count, 0)).toBe(100);
    expect(h?.bins[19].count).toBe(1);
    // log10(1.5) = 0.1761, log10(10000) = 4 → step 0.19120; bin 4 is [10^0.9409, 10^1.1321) = [8.73, 13.55):
    // the ten 9.5s and nine 10.5s
    expect(h?.bins[4].count).toBe(19);
    const brute = new Array(20).fill(0);
    const l0 = Math.log10(1.5);
    const step = (4 - l0) / 20;
    for (const x of xs) brute[Math.min(19, Math.floor((Math.log10(x) - l0) / step))]++;
    expect(h?.bins.map((b) => b.count)).toEqual(brute);
  });

  it('clips a heavy tail with zeros at the 99th percentile and summarises what lies beyond', () => {
    const xs = [...Array.from({ length: 199 }, (_, i) => i % 20), 5_000];
    const h = fitHistogram(f64(xs));
    expect(h?.scale).toBe('clipped');
    // 99th percentile of the sorted values (numpy linear) = 19 → bars 0..19, one per value
    expect(h?.bins.map((b) => b.label)).toEqual(Array.from({ length: 20 }, (_, i) => String(i)));
    expect(h?.outliers).toEqual({ count: 1, above: 19, max: 5_000 });
  });

  it('computes quantiles like numpy (linear interpolation)', () => {
    const s = f64([1, 2, 3, 4]);
    expect([quantileSorted(s, 0), quantileSorted(s, 0.5), quantileSorted(s, 0.99), quantileSorted(s, 1)]).toEqual([
      1, 2.5, 3.9699999999999998, 4,
    ]);
    expect(fitHistogram(f64([Number.NaN]))).toBeNull();
  });
});
