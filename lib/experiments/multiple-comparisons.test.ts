import { describe, expect, it } from 'vitest';
import { adjustPValues, bonferroniAdjust, holmAdjust } from './multiple-comparisons';

describe('Holm step-down', () => {
  it('matches the hand computation (= R p.adjust(c(.01,.04,.03,.005), "holm"))', () => {
    // sorted: 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, 0.04·1 = 0.04 → running max 0.06
    const adj = holmAdjust([0.01, 0.04, 0.03, 0.005]);
    [0.03, 0.06, 0.06, 0.02].forEach((e, i) => {
      expect(adj[i]).toBeCloseTo(e, 15);
    });
  });

  it('caps at 1 and keeps ties in input order', () => {
    expect(holmAdjust([0.6, 0.6, 0.1])).toEqual([1, 1, 0.30000000000000004]);
  });

  it('is the identity for a single p-value', () => {
    expect(holmAdjust([0.0371])).toEqual([0.0371]);
  });

  it('Bonferroni multiplies by m (capped) and none copies', () => {
    expect(bonferroniAdjust([0.01, 0.5])).toEqual([0.02, 1]);
    expect(adjustPValues([0.01, 0.5], 'none')).toEqual([0.01, 0.5]);
  });

  it('rejects values outside [0, 1]', () => {
    expect(() => holmAdjust([0.1, 1.2])).toThrow(RangeError);
    expect(() => holmAdjust([Number.NaN])).toThrow(RangeError);
  });
});
