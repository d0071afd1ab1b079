import { describe, expect, it } from 'vitest';
import { FingerprintSet } from './fingerprint-set';
import { cyrb53 } from './natural-key';

describe('FingerprintSet', () => {
  it('finds every repeat among 200,000 hashes, across table growth, and counts the distinct ones', () => {
    const set = new FingerprintSet();
    let fresh = 0;
    let repeats = 0;
    for (let i = 0; i < 200_000; i++) {
      // every 10th row repeats the row 7,919 rows earlier (long after that row's table has doubled)
      const key = i % 10 === 9 && i >= 7919 ? i - 7919 : i;
      if (set.add(cyrb53(`row-${key}`))) fresh++;
      else repeats++;
    }
    // rows i ≡ 9 (mod 10) from 7,919 to 199,999: (199,999 − 7,919) / 10 + 1 = 19,209 repeats, each of a row
    // i − 7,919 ≡ 0 (mod 10) that was added itself
    expect([fresh, repeats, set.size]).toEqual([180_791, 19_209, 180_791]);
    expect(set.has(cyrb53('row-0'))).toBe(true);
    expect(set.has(cyrb53('row-199998'))).toBe(true);
    expect(set.has(cyrb53('row-199999'))).toBe(false); // a repeat position: its own key was never added
    expect(set.has(cyrb53('row-200000'))).toBe(false);
  });

  it('holds the extreme 53-bit values and zero (slots store hash + 1)', () => {
    const set = new FingerprintSet();
    for (const h of [0, 1, 2 ** 32, 2 ** 32 - 1, 2 ** 53 - 1]) expect(set.add(h)).toBe(true);
    for (const h of [0, 1, 2 ** 32, 2 ** 32 - 1, 2 ** 53 - 1]) expect(set.add(h)).toBe(false);
    expect(set.size).toBe(5);
    expect(set.has(2 ** 53 - 2)).toBe(false);
  });

  it('refuses what is not a 53-bit fingerprint', () => {
    const set = new FingerprintSet();
    expect(() => set.add(-1)).toThrow(RangeError);
    expect(() => set.add(1.5)).toThrow(RangeError);
    expect(() => set.add(2 ** 53)).toThrow(RangeError);
  });

  it('holds 8 bytes a slot at a load of 3/8 to 3/4: at most 21.4 bytes a hash, past the initial tables', () => {
    const set = new FingerprintSet();
    for (let i = 0; i < 300_000; i++) set.add(cyrb53(`k${i}`));
    expect(set.size).toBe(300_000);
    // 300,000 / 64 tables ≈ 4,688 a table → 8,192 slots each (load 0.57): 64 × 8,192 × 8 B = 4 MiB
    expect(set.bytes).toBe(64 * 8192 * 8);
    expect(set.bytes / set.size).toBeLessThan(21.4);
  });
});
