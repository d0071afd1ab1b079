import { describe, expect, it } from 'vitest';
import { assignVariant, bucket } from './assignment';
import { chiSquareSf } from './special-functions';
import { chiSquareGoodnessOfFit } from './srm';

/*
 * Reference implementation with Debian's python3-sklearn 1.2.1 (C MurmurHash3) + scipy 1.10.1:
 *   from sklearn.utils import murmurhash3_32 as mm
 *   def h(s, seed): return mm(s.encode('utf-8'), seed, positive=True)
 *   def bucket(key, cid): return h(str(cid), h(key, 0)) / 2**32
 *   u = np.array([bucket('exp-checkout-2024', f'user-{i}') for i in range(100000)])
 *   stats.chisquare(np.bincount((u*20).astype(int), minlength=20))        # 14.335600000000001, p 0.7638
 *   stats.chi2.ppf(0.999, 19) = 43.82019596451753;  stats.chi2.ppf(0.999, 81) = 126.08255833316952
 *   v = same with 'exp-pricing-2024'; tab[(u*10).astype(int), (v*10).astype(int)] += 1
 *   stats.chi2_contingency(tab, correction=False)                         # 65.15117766608417, p 0.9004, dof 81
 *   weights [0.5, 0.3, 0.2] on 'exp-weights': np.searchsorted(np.cumsum(w), x, side='right') counts
 *   [50183, 30080, 19737]; stats.chisquare(counts, w*100000) → 4.341563333333333, p 0.11408840294595166
 */
const ids = Array.from({ length: 100_000 }, (_, i) => `user-${i}`);

describe('bucket — stable known values', () => {
  it.each([
    ['exp-checkout-2024', 'customer-1', 0.9871627390384674],
    ['exp-checkout-2024', 'customer-2', 0.1345592183060944],
    ['exp-checkout-2024', 42, 0.6824123912956566],
    ['exp-checkout-2024', 'ünïcødé', 0.5825024638324976],
    ['exp-pricing-2024', 'customer-1', 0.07013649609871209],
    ['a', 'bc', 0.3278832312207669],
    ['ab', 'c', 0.5880116317421198], // no concatenation collision with ('a', 'bc')
  ])('bucket(%j, %j) = %s', (key, id, expected) => {
    expect(bucket(key, id)).toBe(expected);
  });

  it('a numeric id hashes like its decimal string', () => {
    expect(bucket('exp-checkout-2024', 42)).toBe(bucket('exp-checkout-2024', '42'));
  });

  it('rejects empty keys and non-integer numeric ids', () => {
    expect(() => bucket('', 'x')).toThrow(TypeError);
    expect(() => bucket('k', '')).toThrow(TypeError);
    expect(() => bucket('k', 1.5)).toThrow(TypeError);
  });
});

describe('bucket — statistical properties over 100k ids', () => {
  const u = ids.map((id) => bucket('exp-checkout-2024', id));

  it('uniform: chi-square over 20 buckets below the p = 0.001 critical value (43.82, df 19)', () => {
    const counts = new Array<number>(20).fill(0);
    for (const x of u) counts[Math.floor(x * 20)]++;
    expect(counts.slice(0, 4)).toEqual([4977, 4971, 5060, 5024]);
    const fit = chiSquareGoodnessOfFit(counts, new Array(20).fill(1));
    expect(fit.statistic).toBeCloseTo(14.3356, 9);
    expect(fit.statistic).toBeLessThan(43.82019596451753);
  });

  it('independent across experiment keys: 10×10 contingency chi-square below 126.08 (df 81, p = 0.001)', () => {
    const v = ids.map((id) => bucket('exp-pricing-2024', id));
    const table = Array.from({ length: 10 }, () => new Array<number>(10).fill(0));
    for (let i = 0; i < ids.length; i++) table[Math.floor(u[i] * 10)][Math.floor(v[i] * 10)]++;
    const rows = table.map((r) => r.reduce((a, b) => a + b, 0));
    const cols = table[0].map((_, j) => table.reduce((a, r) => a + r[j], 0));
    let statistic = 0;
    for (let i = 0; i < 10; i++) {
      for (let j = 0; j < 10; j++) {
        const e = (rows[i] * cols[j]) / ids.length;
        statistic += (table[i][j] - e) ** 2 / e;
      }
    }
    expect(statistic).toBeCloseTo(65.15117766608417, 8);
    expect(statistic).toBeLessThan(126.08255833316952);
    expect(chiSquareSf(statistic, 81)).toBeCloseTo(0.9004028868757123, 8);
  });
});

describe('assignVariant', () => {
  const variants = [
    { name: 'control', weight: 0.5 },
    { name: 'b', weight: 0.3 },
    { name: 'c', weight: 0.2 },
  ];

  it('weights honoured: counts match the reference and the split (chi-square p = 0.114)', () => {
    const counts: Record<string, number> = { control: 0, b: 0, c: 0 };
    for (const id of ids) counts[assignVariant('exp-weights', id, variants)]++;
    expect(counts).toEqual({ control: 50183, b: 30080, c: 19737 });
    const fit = chiSquareGoodnessOfFit([counts.control, counts.b, counts.c], [0.5, 0.3, 0.2]);
    expect(fit.statistic).toBeCloseTo(4.341563333333333, 9);
    expect(fit.pValue).toBeCloseTo(0.11408840294595166, 10);
  });

  it('known assignments; weights are normalised (5:3:2 = 0.5:0.3:0.2)', () => {
    // bucket('exp-weights', 'user-0..4') = 0.479, 0.402, 0.325, 0.886, 0.045
    const expected = ['control', 'control', 'control', 'c', 'control'];
    const scaled = variants.map((v) => ({ ...v, weight: v.weight * 10 }));
    for (let i = 0; i < 5; i++) {
      expect(assignVariant('exp-weights', `user-${i}`, variants)).toBe(expected[i]);
      expect(assignVariant('exp-weights', `user-${i}`, scaled)).toBe(expected[i]);
    }
  });

  it('a zero-weight variant never receives traffic', () => {
    const v = [
      { name: 'off', weight: 0 },
      { name: 'on', weight: 1 },
    ];
    for (const id of ids.slice(0, 2000)) expect(assignVariant('exp-weights', id, v)).toBe('on');
  });

  it('rejects bad weights', () => {
    expect(() => assignVariant('k', 'x', [])).toThrow(RangeError);
    expect(() => assignVariant('k', 'x', [{ name: 'a', weight: 0 }])).toThrow(RangeError);
    expect(() =>
      assignVariant('k', 'x', [
        { name: 'a', weight: -1 },
        { name: 'b', weight: 2 },
      ]),
    ).toThrow(RangeError);
    expect(() => assignVariant('k', 'x', [{ name: 'a', weight: Number.NaN }])).toThrow(RangeError);
  });
});
