import { describe, expect, it } from 'vitest';
import { logTransformSkewed, sampleSkewness } from './skew-transform';

describe('sampleSkewness', () => {
  it('is the biased moment estimator g1 = m3 / m2^1.5 (scipy.stats.skew, bias=True)', () => {
    // scipy.stats.skew([1, 2, 3, 4, 100]) = 1.4975367033335198 (scipy 1.17)
    expect(sampleSkewness([1, 2, 3, 4, 100])).toBeCloseTo(1.4975367033335198, 12);
    // scipy.stats.skew([0, 0, 0, 0, 0, 0, 0, 0, 0, 10]) = 2.6666666...
    expect(sampleSkewness([0, 0, 0, 0, 0, 0, 0, 0, 0, 10])).toBeCloseTo(8 / 3, 12);
    expect(sampleSkewness([1, 2, 3])).toBe(0);
    expect(sampleSkewness([5, 5, 5, 5])).toBe(0);
  });
});

describe('logTransformSkewed', () => {
  it('log1p-transforms only the non-negative columns skewed beyond the threshold', () => {
    // columns: heavy tail (skew 8/3 > 2), symmetric, heavy tail with a negative value (left alone)
    const rows = 10;
    const data = new Float64Array(rows * 3);
    for (let i = 0; i < rows; i++) {
      data[i * 3] = i === 9 ? 10 : 0;
      data[i * 3 + 1] = i;
      data[i * 3 + 2] = i === 9 ? 10 : i === 0 ? -1 : 0;
    }
    const r = logTransformSkewed(data, rows, 3);
    expect(r.transformed).toEqual([0]);
    expect(r.data[9 * 3]).toBeCloseTo(Math.log(11), 12);
    expect(r.data[0]).toBe(0);
    expect(Array.from({ length: rows }, (_, i) => r.data[i * 3 + 1])).toEqual(
      Array.from({ length: rows }, (_, i) => i),
    );
    expect(r.data[9 * 3 + 2]).toBe(10);
    expect(data[9 * 3]).toBe(10); // the input is not modified
  });
});
