import { describe, expect, it } from 'vitest';
import { binOf, binValue, featureBinner, featureThresholds, paddedThresholds } from './hist-binning';
import { Rng } from './rng';

/** bin(x) by definition: the number of thresholds below fround(x). */
const bruteBin = (t: number[], x: number) => t.filter((th) => th < Math.fround(x)).length;

describe('featureThresholds', () => {
  it('puts one float32 midpoint between neighbours when there are few distinct values', () => {
    expect(featureThresholds(Float32Array.from([3, 1, 2, 2, 1]), 255)).toEqual([1.5, 2.5]);
  });

  it('cuts at the quantiles of many distinct values (4 bins of 0..99 → 3 cuts)', () => {
    const v = Float32Array.from({ length: 100 }, (_, i) => 99 - i);
    // 25, 50, 75 values at or below each cut: between 24|25, 49|50, 74|75
    expect(featureThresholds(v, 4)).toEqual([24.5, 49.5, 74.5]);
  });
});

describe('binValue', () => {
  it('equals binOf and the definition on thresholds, neighbours, tails, ties and NaN', () => {
    const rng = new Rng(11);
    const features: number[][] = [
      [], // constant feature
      [0.5],
      [1.5, 2.5],
      featureThresholds(
        Float32Array.from({ length: 5000 }, () => rng.normal()),
        255,
      ),
      // a heavy tail: most thresholds crowd near 0, a few far out (cells with many thresholds → binOf fallback)
      featureThresholds(
        Float32Array.from({ length: 5000 }, () => Math.exp(4 * rng.normal())),
        255,
      ),
      featureThresholds(
        Float32Array.from({ length: 5000 }, () => rng.int(10)),
        255,
      ),
    ];
    for (const t of features) {
      const fb = featureBinner(t),
        padded = paddedThresholds(t);
      const probes = [NaN, -Infinity, Infinity, 0, -0, 1e30, -1e30];
      for (const th of t)
        probes.push(th, Math.fround(th * (1 + 2 ** -23)), Math.fround(th * (1 - 2 ** -23)), th + 1e-9);
      for (let i = 0; i < 2000; i++) probes.push(Math.exp(4 * rng.normal()), rng.normal() * 3, rng.int(12) - 1);
      for (const x of probes) {
        const want = Number.isNaN(x) ? 0 : bruteBin(t, x);
        expect([binValue(fb, x), binOf(padded, x)]).toEqual([want, want]);
      }
    }
  });
});
