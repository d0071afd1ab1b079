import { describe, expect, it } from 'vitest';
import { Rng } from './rng';

describe('Rng', () => {
  it('is reproducible for a seed and differs across seeds', () => {
    const a = new Rng(7),
      b = new Rng(7),
      c = new Rng(8);
    const xs = [a.next(), a.next(), a.next()];
    expect([b.next(), b.next(), b.next()]).toEqual(xs);
    expect(c.next()).not.toBe(xs[0]);
  });
  it('draws uniform values with mean close to 1/2 and normals with variance close to 1', () => {
    const r = new Rng(1);
    let s = 0,
      s2 = 0;
    const n = 20000;
    for (let i = 0; i < n; i++) s += r.next();
    for (let i = 0; i < n; i++) {
      const z = r.normal();
      s2 += z * z;
    }
    expect(s / n).toBeCloseTo(0.5, 2);
    expect(s2 / n).toBeGreaterThan(0.97);
    expect(s2 / n).toBeLessThan(1.03);
  });
});
