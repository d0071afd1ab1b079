import { describe, expect, it } from 'vitest';
import {
  decileEdges,
  describeColumn,
  driftLevel,
  driftSample,
  featureDrift,
  numericShares,
  psi,
} from './feature-drift';

describe('psi', () => {
  it('matches Σ (a − e) ln(a / e) worked out by hand', () => {
    // (−0.15) ln 0.4 + (−0.05) ln 0.8 + 0.05 ln 1.2 + 0.15 ln 1.6
    expect(psi([0.25, 0.25, 0.25, 0.25], [0.1, 0.2, 0.3, 0.4])).toBeCloseTo(0.22821740957339182, 14);
    expect(psi([0.3, 0.7], [0.3, 0.7])).toBe(0);
  });

  it('replaces an empty share by 1e-4', () => {
    // 0 + (−0.1) ln 0.8 + (0.1 − 1e-4) ln(0.1 / 1e-4)
    expect(psi([0.5, 0.5, 0], [0.5, 0.4, 0.1])).toBeCloseTo(0.7123991075017365, 14);
  });

  it('reads < 0.1 as stable, 0.1–0.2 as watch, > 0.2 as drift', () => {
    expect([0.05, 0.1, 0.15, 0.2, 0.21].map(driftLevel)).toEqual(['stable', 'stable', 'watch', 'watch', 'drift']);
  });
});

describe('numeric bins', () => {
  it('uses the training deciles as edges (numpy linear quantiles) and counts x in (e[k−1], e[k]]', () => {
    // 1…10: quantile at k/10 sits at position 0.9k → 1 + 0.9k
    const edges = decileEdges([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    [1.9, 2.8, 3.7, 4.6, 5.5, 6.4, 7.3, 8.2, 9.1].forEach((e, k) => {
      expect(edges[k]).toBeCloseTo(e, 12);
    });
    expect(numericShares([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], edges)).toEqual(new Array(10).fill(0.1));
    // half the recent customers at each end: 2 · 0.4 ln 5 + 8 · (1e-4 − 0.1) ln(1e-4 / 0.1)
    const d = featureDrift(
      describeColumn('views', 'numeric', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]),
      [1, 1, 1, 1, 1, 10, 10, 10, 10, 10],
    );
    expect(d.psi).toBeCloseTo(6.808228348909806, 12);
    expect(d.level).toBe('drift');
    expect(d.bins[0]).toEqual({ label: '≤ 1.9', training: 0.1, recent: 0.5 });
    expect(d.bins[9]).toEqual({ label: '> 9.1', training: 0.1, recent: 0.5 });
  });

  it('merges the edges of a feature with few values', () => {
    // quantiles at 0.1 … 0.7 are 0, at 0.8 (position 7.2) 0.2, at 0.9 (position 8.1) 1
    const edges = decileEdges([0, 0, 0, 0, 0, 0, 0, 0, 1, 1]);
    expect(edges).toHaveLength(3);
    [0, 0.2, 1].forEach((e, k) => {
      expect(edges[k]).toBeCloseTo(e, 12);
    });
  });
});

describe('categorical bins', () => {
  it('has one bin per training code and one for codes never seen in training', () => {
    const train = describeColumn('country', 'categorical', [0, 0, 1, -1]);
    expect(train).toEqual({ name: 'country', type: 'categorical', codes: [-1, 0, 1], shares: [0.25, 0.5, 0.25, 0] });
    // 2 · (1e-4 − 0.25) ln(1e-4 / 0.25) + 0 + (0.5 − 1e-4) ln(0.5 / 1e-4)
    const d = featureDrift(train, [0, 2], (c) => ['GB', 'FR'][c] ?? 'unknown');
    expect(d.psi).toBeCloseTo(8.168203072614952, 12);
    expect(d.bins.map((b) => b.label)).toEqual(['unknown', 'GB', 'FR', 'other']);
  });
});

describe('driftSample', () => {
  const ids = Array.from({ length: 5000 }, (_, i) => `c${String(i).padStart(5, '0')}`);
  it('keeps every customer up to the cap, in their order', () => {
    expect(driftSample(ids.slice(0, 30), 30)).toEqual(ids.slice(0, 30));
  });
  it('draws the cap of distinct customers from a longer list, the same ones in any input order', () => {
    const s = driftSample(ids, 2000);
    expect(s).toHaveLength(2000);
    expect(new Set(s).size).toBe(2000);
    expect(s.every((id) => ids.includes(id))).toBe(true);
    expect(new Set(driftSample([...ids].reverse(), 2000))).toEqual(new Set(s));
    // uniform: about half of it from each half of the list (sd ≈ 0.9 points with the finite-population correction; 5 sd)
    const low = s.filter((id) => id < 'c02500').length / 2000;
    expect(Math.abs(low - 0.5)).toBeLessThan(0.045);
  });
});
