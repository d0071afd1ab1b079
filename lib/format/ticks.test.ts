import { describe, expect, it } from 'vitest';
import { niceStep, niceTicks } from './ticks';

describe('nice axis ticks', () => {
  it('picks 1, 2, 2.5 or 5 times a power of ten', () => {
    expect([0.07, 0.2, 0.23, 0.3, 0.6, 7, 130, 26_000].map(niceStep)).toEqual([
      0.1, 0.2, 0.25, 0.5, 1, 10, 200, 50_000,
    ]);
    expect(() => niceStep(0)).toThrow(RangeError);
  });

  it('gives quarter ticks on a probability axis and round thousands on a count axis', () => {
    expect(niceTicks(0, 1, 4).ticks).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(niceTicks(0, 1, 5).ticks).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0, 140_000, 4).ticks).toEqual([0, 50_000, 100_000, 150_000]);
    expect(niceTicks(0.65, 1.95, 4).ticks).toEqual([0.5, 1, 1.5, 2]);
  });

  it('covers negative ranges and widens a flat one', () => {
    expect(niceTicks(-39.505, 12, 5).ticks).toEqual([-40, -20, 0, 20]);
    expect(niceTicks(3, 3, 4)).toEqual({ min: 2.6, max: 3.4, step: 0.2, ticks: [2.6, 2.8, 3, 3.2, 3.4] });
    expect(niceTicks(0.1, 0.3, 2).ticks).toEqual([0.1, 0.2, 0.3]);
    expect(niceTicks(0, 0.13, 4).ticks).toEqual([0, 0.05, 0.1, 0.15]);
  });
});
