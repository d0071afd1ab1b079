import { describe, expect, it } from 'vitest';
import { dedupe, fillMissing, flagOutliersIqr, flagOutliersRobustZ, median, quantileSorted } from './cleaning';

/*
 * Expected values: by hand where noted, and checked with numpy 2.4 (np.median, np.quantile default
 * method='linear'):
 *   robust: med = np.median(o); mad = np.median(abs(o - med)); bounds med ± 3.5*mad/0.6745;
 *           flagged where abs(0.6745*(x - med)/mad) > 3.5
 *   iqr:    q1, q3 = np.quantile(o, [.25, .75]); bounds q1 - 1.5*(q3-q1), q3 + 1.5*(q3-q1)
 */
const A = [1, 2, 3, 4, 5, 6, 7, 8, 9, 100];
const B = [10, 12, 11, 13, 12, 11, 10, 50, 12, -20, 11.5];
const G = [-1.5, -1, -0.5, -0.2, 0, 0, 0.2, 0.5, 1, 1.5, 2.5];

describe('quantiles', () => {
  it('interpolates linearly like numpy', () => {
    // np.quantile([1,2,3,4], [0,.1,.33,.5,.9,1]) -> [1, 1.3, 1.99, 2.5, 3.7, 4]
    const s = [1, 2, 3, 4];
    expect([0, 0.1, 0.33, 0.5, 0.9, 1].map((q) => quantileSorted(s, q))).toEqual([
      1,
      expect.closeTo(1.3, 12),
      expect.closeTo(1.99, 12),
      2.5,
      expect.closeTo(3.7, 12),
      4,
    ]);
    expect(quantileSorted([7], 0.25)).toBe(7);
    expect(() => quantileSorted([], 0.5)).toThrow(RangeError);
    expect(() => quantileSorted([1], 1.5)).toThrow(RangeError);
  });
  it('median ignores missing values', () => {
    // by hand: sorted observed [1,1,2,3,4,5,6,9] -> (3 + 4) / 2
    expect(median([3, NaN, 1, 4, 1, 5, 9, 2, 6, null])).toBe(3.5);
    expect(median(A)).toBe(5.5);
    expect(median([])).toBeNaN();
  });
});

describe('dedupe', () => {
  it('keeps the first occurrence in order and counts the removed rows', () => {
    const rows = [
      { id: 'a', v: 1 },
      { id: 'b', v: 2 },
      { id: 'a', v: 3 },
      { id: 'c', v: 4 },
      { id: 'b', v: 5 },
    ];
    const r = dedupe(rows, (x) => x.id);
    expect(r.rows.map((x) => x.v)).toEqual([1, 2, 4]);
    expect(r.removed).toBe(2);
    expect(r.step).toEqual({ step: 'dedupe', column: null, strategy: 'keep_first', params: {}, affectedRows: 2 });
  });
});

describe('fillMissing', () => {
  const col = [3, NaN, 1, 4, 1, 5, 9, 2, 6, null];
  it('median: fills with 3.5 (by hand, see median test)', () => {
    const r = fillMissing(col, 'median', { column: 'price' });
    expect(Array.from(r.values)).toEqual([3, 3.5, 1, 4, 1, 5, 9, 2, 6, 3.5]);
    expect([r.filled, r.fillValue, r.indicator]).toEqual([2, 3.5, null]);
    expect(r.step).toEqual({
      step: 'fill_missing',
      column: 'price',
      strategy: 'median',
      params: { fillValue: 3.5 },
      affectedRows: 2,
    });
  });
  it('mode: most frequent value, smallest on ties', () => {
    expect(fillMissing(col, 'mode').fillValue).toBe(1);
    expect(fillMissing([5, 2, 5, 2, 7, NaN], 'mode').fillValue).toBe(2);
  });
  it('zero and flag', () => {
    expect(Array.from(fillMissing(col, 'zero').values)).toEqual([3, 0, 1, 4, 1, 5, 9, 2, 6, 0]);
    const f = fillMissing(col, 'flag');
    expect(Array.from(f.indicator!)).toEqual([0, 1, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(f.values[1]).toBe(3.5);
  });
  it('rejects an all-missing column for median/mode/flag and unknown strategies', () => {
    expect(() => fillMissing([NaN, null], 'median')).toThrow(RangeError);
    expect(Array.from(fillMissing([NaN, null], 'zero').values)).toEqual([0, 0]);
    expect(() => fillMissing([1], 'mean' as never)).toThrow(TypeError);
  });
});

describe('flagOutliersRobustZ', () => {
  it('A: median 5.5, MAD 2.5 -> flags 100 (numpy bounds -7.4725722757598, 18.4725722757598)', () => {
    const r = flagOutliersRobustZ(A, { column: 'x' });
    expect(r.indices).toEqual([9]);
    expect(r.lower).toBeCloseTo(-7.472572275759822, 10);
    expect(r.upper).toBeCloseTo(18.472572275759823, 10);
    expect(r.step.params).toEqual({ threshold: 3.5, median: 5.5, mad: 2.5 });
    expect(r.step.affectedRows).toBe(1);
  });
  it('B: MAD 0.5 flags 50 and -20 (z = 51.94, -42.49)', () => {
    const r = flagOutliersRobustZ(B);
    expect(r.indices).toEqual([7, 9]);
    expect(r.lower).toBeCloseTo(8.905485544848036, 10);
  });
  it('G: 2.5 has z = 3.37 < 3.5, not flagged (IQR flags it)', () => {
    expect(flagOutliersRobustZ(G).indices).toEqual([]);
    expect(flagOutliersRobustZ(G, { threshold: 3 }).indices).toEqual([10]);
  });
  it('flags nothing when MAD is 0, skips missing values', () => {
    const r = flagOutliersRobustZ([1, 1, 1, 1, 2, 50]);
    expect([r.indices, r.lower, r.upper]).toEqual([[], -Infinity, Infinity]);
    expect(flagOutliersRobustZ([NaN, ...A]).indices).toEqual([10]);
  });
});

describe('flagOutliersIqr', () => {
  it('A: Q1 3.25, Q3 7.75, fences [-3.5, 14.5]', () => {
    const r = flagOutliersIqr(A);
    expect([r.q1, r.q3, r.lower, r.upper, r.indices]).toEqual([3.25, 7.75, -3.5, 14.5, [9]]);
    expect(r.step).toEqual({
      step: 'flag_outliers',
      column: null,
      strategy: 'iqr',
      params: { k: 1.5, q1: 3.25, q3: 7.75, lower: -3.5, upper: 14.5 },
      affectedRows: 1,
    });
  });
  it('B: Q1 10.5, Q3 12, fences [8.25, 14.25]', () => {
    const r = flagOutliersIqr(B);
    expect([r.q1, r.q3, r.lower, r.upper, r.indices]).toEqual([10.5, 12, 8.25, 14.25, [7, 9]]);
  });
  it('G: Q1 -0.35, Q3 0.75, upper fence 2.4 flags 2.5; k = 3 flags nothing', () => {
    const r = flagOutliersIqr(G);
    expect(r.q1).toBeCloseTo(-0.35, 12);
    expect(r.upper).toBeCloseTo(2.4, 12);
    expect(r.indices).toEqual([10]);
    expect(flagOutliersIqr(G, { k: 3 }).indices).toEqual([]);
    expect(() => flagOutliersIqr(G, { k: -1 })).toThrow(RangeError);
  });
});
