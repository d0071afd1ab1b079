import { describe, expect, it } from 'vitest';
import { calibrationByDecile } from './calibration-deciles';

// 20 predictions 0.05, 0.10, …, 1.00. Decile edges (numpy linear quantiles at k/10, position 1.9k of 0…19):
// 0.05 + 0.095k → 0.05, 0.145, 0.24, …, 1.0, so the predictions fall two to a bin: (0.05, 0.10), (0.15, 0.20), …
const p = Array.from({ length: 20 }, (_, i) => (i + 1) / 20);
const y = [0, 0, 0, 1, 0, 1, 0, 1, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1, 1];

describe('calibrationByDecile', () => {
  it('bins by quantile edges, with counts, means, realised rates and Wilson intervals worked out by hand', () => {
    const c = calibrationByDecile(p, y);
    expect(c.bins.map((b) => b.n)).toEqual([2, 2, 2, 2, 2, 2, 2, 2, 2, 2]);
    // mean prediction of bin k = ((2k − 1) + 2k) / 2 / 20 = (4k − 1) / 40
    c.bins.forEach((b, k) => {
      expect(b.meanPredicted).toBeCloseTo((4 * (k + 1) - 1) / 40, 12);
    });
    expect(c.bins.map((b) => b.realised)).toEqual([0, 0.5, 0.5, 0.5, 1, 0.5, 1, 0.5, 1, 1]);
    expect(c.bins[1].lo).toBeCloseTo(0.145, 12);
    expect(c.bins[1].hi).toBeCloseTo(0.24, 12);
    // Wilson 95 % (z = 1.959964): 0/2 → [0, 0.657620], 1/2 → [0.094531, 0.905469], 2/2 → [0.342380, 1]
    expect(c.bins[0].ci[0]).toBe(0);
    expect(c.bins[0].ci[1]).toBeCloseTo(0.6576197724933469, 12);
    expect(c.bins[1].ci[0]).toBeCloseTo(0.09453120573423074, 12);
    expect(c.bins[1].ci[1]).toBeCloseTo(0.9054687942657693, 12);
    expect(c.bins[4].ci[0]).toBeCloseTo(0.34238022750665303, 12);
    expect(c.bins[4].ci[1]).toBe(1);
    // ECE = 0.1 · (0.075 + 0.325 + 0.225 + 0.125 + 0.525 + 0.075 + 0.325 + 0.275 + 0.125 + 0.025) = 0.21
    expect(c.ece).toBeCloseTo(0.21, 12);
    expect(c.meanPredicted).toBeCloseTo(0.525, 12);
    expect(c.realised).toBeCloseTo(13 / 20, 12);
    expect(c.miscalibratedBins).toBe(0);
  });

  it('does not depend on the order of the rows', () => {
    const a = calibrationByDecile(p, y);
    const b = calibrationByDecile([...p].reverse(), [...y].reverse());
    expect(b).toEqual(a);
  });

  it('puts tied predictions in one bin and flags a mean prediction outside the realised interval', () => {
    // 100 predictions of 0.5 with 10 conversions: every edge is 0.5, one bin; Wilson(10, 100) = [0.055229, 0.174366]
    const c = calibrationByDecile(
      new Array(100).fill(0.5),
      Array.from({ length: 100 }, (_, i) => (i < 10 ? 1 : 0)),
    );
    expect(c.bins).toHaveLength(1);
    expect(c.bins[0]).toMatchObject({ decile: 1, n: 100, conversions: 10, realised: 0.1, miscalibrated: true });
    expect(c.bins[0].ci[0]).toBeCloseTo(0.0552291370606751, 12);
    expect(c.bins[0].ci[1]).toBeCloseTo(0.17436566150491345, 12);
    expect(c.ece).toBeCloseTo(0.4, 12);
    expect(c.miscalibratedBins).toBe(1);
  });

  it('returns no bins for no rows and refuses bad input', () => {
    expect(calibrationByDecile([], []).bins).toEqual([]);
    expect(() => calibrationByDecile([0.2], [])).toThrow(RangeError);
    expect(() => calibrationByDecile([1.2], [1])).toThrow(RangeError);
    expect(() => calibrationByDecile([0.2], [2])).toThrow(RangeError);
  });
});
