import { describe, expect, it } from 'vitest';
import { carryNames, defaultSegmentName, jaccard } from './carry-names';

const ids = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `c${from + i}`);

describe('jaccard', () => {
  it('is |A∩B| / |A∪B|', () => {
    expect(jaccard(new Set(['a', 'b', 'c']), new Set(['b', 'c', 'd']))).toBe(2 / 4);
    expect(jaccard(new Set(['a']), new Set(['a']))).toBe(1);
    expect(jaccard(new Set(['a']), new Set(['b']))).toBe(0);
    expect(jaccard(new Set(), new Set())).toBe(0);
  });
});

describe('carryNames', () => {
  it('carries a name across a reshuffled run when the overlap is at least 0.8, and not below', () => {
    const previous = [
      { name: 'Loyal big spenders', named: true, members: ids(0, 100) },
      { name: 'Bargain hunters', named: true, members: ids(100, 200) },
      { name: 'Segment 3', named: false, members: ids(200, 300) },
    ];
    const next = [
      ids(110, 200).concat(ids(0, 5)), // bargain hunters: 90 shared of 105 in the union → 90/105 = 0.857
      ids(5, 100).concat(ids(300, 310)), // big spenders: 95 shared, union 110 → 0.8636
      ids(200, 300), // identical to the unnamed one: nothing to carry
      ids(0, 79), // 79/100 = 0.79 of big spenders, below 0.8 (and big spenders are taken anyway)
    ];
    expect(carryNames(previous, next)).toEqual([
      { index: 0, name: 'Bargain hunters', jaccard: 90 / 105 },
      { index: 1, name: 'Loyal big spenders', jaccard: 95 / 110 },
    ]);
  });

  it('is one-to-one: the closer of two candidates gets the name', () => {
    const previous = [{ name: 'VIP', named: true, members: ids(0, 100) }];
    const next = [ids(0, 90), ids(0, 95)]; // 0.90 and 0.95
    expect(carryNames(previous, next)).toEqual([{ index: 1, name: 'VIP', jaccard: 0.95 }]);
  });

  it('the threshold is inclusive: exactly 0.8 carries', () => {
    const previous = [{ name: 'Window shoppers', named: true, members: ids(0, 10) }];
    expect(carryNames(previous, [ids(0, 8)])).toEqual([{ index: 0, name: 'Window shoppers', jaccard: 0.8 }]);
  });

  it('gives nothing without a previous run or named segments', () => {
    expect(carryNames([], [ids(0, 10)])).toEqual([]);
    expect(carryNames([{ name: 'Segment 1', named: false, members: ids(0, 10) }], [ids(0, 10)])).toEqual([]);
  });

  it('default names', () => {
    expect(defaultSegmentName(0)).toBe('Segment 1');
    expect(defaultSegmentName(-1)).toBe('Noise (no cluster)');
  });
});
