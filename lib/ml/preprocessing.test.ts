import { describe, expect, it } from 'vitest';
import { fromRows } from './matrix';
import { OneHotEncoder, StandardScaler } from './preprocessing';

describe('StandardScaler', () => {
  // Column 0 = 1, 2, 3, 6: mean 3, deviations −2, −1, 0, 3, Σd² = 14, population variance 3.5, sd √3.5.
  // Column 1 = 10 × column-0-like values 10, 20, 60, 30: mean 30, Σd² = 1400, sd √350 = 10·√3.5.
  // Column 2 is constant 5: scale 1, transformed to 0.
  // (sklearn StandardScaler gives mean [3, 30, 5], scale [1.8708286933869707, 18.708286933869708, 1.0].)
  const X = fromRows([
    [1, 10, 5],
    [2, 20, 5],
    [3, 60, 5],
    [6, 30, 5],
  ]);

  it('learns population mean/sd and gives a zero-variance column scale 1', () => {
    const s = new StandardScaler().fit(X);
    expect(s.means).toEqual([3, 30, 5]);
    expect(s.scales[0]).toBeCloseTo(Math.sqrt(3.5), 14);
    expect(s.scales[1]).toBeCloseTo(Math.sqrt(350), 12);
    expect(s.scales[2]).toBe(1);
  });

  it('transforms to (x − mean) / scale', () => {
    const T = new StandardScaler().fitTransform(X);
    const sd = Math.sqrt(3.5);
    expect(T.data[0]).toBeCloseTo(-2 / sd, 14); // row 0: 1 − 3
    expect(T.data[1]).toBeCloseTo(-20 / (10 * sd), 14); // row 0: 10 − 30
    expect(T.data[2]).toBe(0);
    expect(T.data[6]).toBeCloseTo(0, 14); // row 2, column 0: 3 − 3
    expect(T.data[7]).toBeCloseTo(30 / Math.sqrt(350), 12); // row 2, column 1: 60 − 30
    expect(T.data[11]).toBe(0);
  });

  it('round-trips through JSON and rejects wrong kind, version and shapes', () => {
    const s = new StandardScaler().fit(X);
    const json = JSON.parse(JSON.stringify(s));
    expect(json.kind).toBe('standard-scaler');
    expect(json.version).toBe(1);
    const s2 = StandardScaler.fromJSON(json);
    expect(s2.transform(X).data).toEqual(s.transform(X).data);
    expect(() => StandardScaler.fromJSON({ ...json, version: 2 })).toThrow(TypeError);
    expect(() => StandardScaler.fromJSON({ ...json, kind: 'one-hot-encoder' })).toThrow(TypeError);
    expect(() => StandardScaler.fromJSON({ ...json, scale: [1, 0, 1] })).toThrow(TypeError);
    expect(() => s.transform(fromRows([[1, 2]]))).toThrow(RangeError);
    expect(() => new StandardScaler().transform(X)).toThrow(/fit/);
    expect(() => new StandardScaler().fit(fromRows([[1, NaN]]))).toThrow(RangeError);
  });
});

describe('OneHotEncoder', () => {
  // Columns: 0 = numeric, 1 = category codes {2, 0, 7}, 2 = numeric, 3 = category codes {1, 3}.
  const X = fromRows([
    [0.5, 2, 10, 3],
    [1.5, 0, 20, 1],
    [2.5, 7, 30, 3],
    [3.5, 2, 40, 1],
  ]);

  it('puts passthrough columns first, then each encoded block with sorted categories', () => {
    const enc = new OneHotEncoder({ columns: [3, 1] });
    const T = enc.fitTransform(X);
    // Layout: x0, x2, [x3==1, x3==3], [x1==0, x1==2, x1==7]
    expect(T.cols).toBe(7);
    expect(Array.from(T.data)).toEqual([
      0.5, 10, 0, 1, 0, 1, 0, 1.5, 20, 1, 0, 1, 0, 0, 2.5, 30, 0, 1, 0, 0, 1, 3.5, 40, 1, 0, 0, 1, 0,
    ]);
    expect(enc.outputLayout(4)).toEqual([
      { kind: 'passthrough', source: 0 },
      { kind: 'passthrough', source: 2 },
      { kind: 'indicator', source: 3, category: 1 },
      { kind: 'indicator', source: 3, category: 3 },
      { kind: 'indicator', source: 1, category: 0 },
      { kind: 'indicator', source: 1, category: 2 },
      { kind: 'indicator', source: 1, category: 7 },
    ]);
  });

  it('maps an unseen category to all zeros', () => {
    const enc = new OneHotEncoder({ columns: [1] }).fit(X);
    const T = enc.transform(
      fromRows([
        [9, 5, 8, 1],
        [9, 7, 8, 1],
      ]),
    );
    // Layout: x0, x2, x3, [x1==0, x1==2, x1==7]
    expect(Array.from(T.data)).toEqual([9, 8, 1, 0, 0, 0, 9, 8, 1, 0, 0, 1]);
  });

  it('serialises the documented JSON and replays categories in the listed order', () => {
    const enc = new OneHotEncoder({ columns: [3, 1] }).fit(X);
    expect(JSON.parse(JSON.stringify(enc))).toEqual({
      kind: 'one-hot-encoder',
      version: 1,
      columns: [3, 1],
      categories: [
        [1, 3],
        [0, 2, 7],
      ],
    });
    const custom = OneHotEncoder.fromJSON({ kind: 'one-hot-encoder', version: 1, columns: [1], categories: [[7, 2]] });
    expect(
      Array.from(
        custom.transform(
          fromRows([
            [0, 2, 0, 0],
            [0, 7, 0, 0],
          ]),
        ).data,
      ),
    ).toEqual([0, 0, 0, 0, 1, 0, 0, 0, 1, 0]);
    expect(() =>
      OneHotEncoder.fromJSON({ kind: 'one-hot-encoder', version: 2, columns: [1], categories: [[1]] }),
    ).toThrow(TypeError);
    expect(() => OneHotEncoder.fromJSON({ kind: 'one-hot-encoder', version: 1, columns: [1], categories: [] })).toThrow(
      TypeError,
    );
  });

  it('rejects bad columns and non-integer codes', () => {
    expect(() => new OneHotEncoder({ columns: [1, 1] })).toThrow(RangeError);
    expect(() => new OneHotEncoder({ columns: [-1] })).toThrow(RangeError);
    expect(() => new OneHotEncoder({ columns: [4] }).fit(X)).toThrow(RangeError);
    expect(() => new OneHotEncoder({ columns: [0] }).fit(X)).toThrow(/integer/);
  });
});
