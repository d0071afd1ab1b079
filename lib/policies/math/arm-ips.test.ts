import { describe, expect, it } from 'vitest';
import { armIpsValue } from './arm-ips';

describe('armIpsValue', () => {
  it('matches a hand computation (φ = [4, 0, 8, 0])', () => {
    const rows = [
      { arm: 'new', probability: 0.5, y: 2 },
      { arm: 'baseline', probability: 0.5, y: 7 },
      { arm: 'new', probability: 0.5, y: 4 },
      { arm: 'baseline', probability: 0.5, y: 1 },
    ];
    const r = armIpsValue(rows, 'new');
    // φ = [4, 0, 8, 0]: mean 3, sample variance ((1 + 9 + 25 + 9)/3) = 44/3, se = √(44/3 / 4)
    expect(r.value).toBe(3);
    expect(r.se).toBeCloseTo(Math.sqrt(44 / 3 / 4), 12);
    expect(r.ci[0]).toBeCloseTo(3 - 1.959963984540054 * Math.sqrt(44 / 12), 9);
    expect(() => armIpsValue([rows[0]], 'new')).toThrow(RangeError);
    expect(() => armIpsValue([rows[0], { arm: 'new', probability: 0, y: 1 }], 'new')).toThrow(RangeError);
  });
});
