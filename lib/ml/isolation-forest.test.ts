import { describe, expect, it } from 'vitest';
import { averagePathLength, IsolationForest } from './isolation-forest';
import { matrix } from './matrix';
import { Rng } from './rng';

describe('averagePathLength', () => {
  it('follows c(n) = 2H(n−1) − 2(n−1)/n with H(i) ≈ ln i + γ (by hand)', () => {
    // c(256) = 2(ln 255 + 0.5772156649) − 2·255/256 = 2·6.118432 − 1.992188 = 10.244771
    // python3: 2*(math.log(255)+0.5772156649015329) - 2*255/256 → 10.244770920119917
    expect(averagePathLength(256)).toBeCloseTo(10.244770920119917, 12);
    expect([averagePathLength(1), averagePathLength(2)]).toEqual([0, 1]);
  });
});

describe('IsolationForest', () => {
  const rng = new Rng(3);
  const n = 500;
  const data = new Float64Array(n * 2);
  for (let i = 0; i < n - 2; i++) data.set([rng.normal(), rng.normal()], i * 2);
  data.set([8, 8], (n - 2) * 2); // two planted outliers
  data.set([-7, 9], (n - 1) * 2);
  const X = matrix(data, n, 2);

  it('scores planted outliers highest and typical points near or below 0.5', () => {
    const s = new IsolationForest({ seed: 1 }).fit(X).score(X);
    const order = Array.from(s.keys()).sort((a, b) => s[b] - s[a]);
    expect(order.slice(0, 2).sort()).toEqual([n - 2, n - 1]);
    expect(s[n - 2]).toBeGreaterThan(0.7);
    const median = [...s].sort((a, b) => a - b)[n / 2];
    expect(median).toBeLessThan(0.5);
  });
  it('is deterministic for a seed', () => {
    const a = new IsolationForest({ seed: 5, nTrees: 20 }).fit(X).score(X);
    const b = new IsolationForest({ seed: 5, nTrees: 20 }).fit(X).score(X);
    expect(Array.from(a)).toEqual(Array.from(b));
  });
});
