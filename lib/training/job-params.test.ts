import { describe, expect, it } from 'vitest';
import { countFits, ZTrainJobParams } from './job-params';

describe('countFits', () => {
  it('counts candidates × folds + one refit per algorithm (by hand)', () => {
    const p = ZTrainJobParams.parse({
      folds: 4,
      algorithms: [
        { name: 'gbdt', grid: { learningRate: [0.05, 0.1], maxLeaves: [15, 31, 63], nEstimators: [100] } },
        { name: 'logistic-regression' }, // default grid: l2 ∈ {0.1, 1, 10}
      ],
    });
    // gbdt: 2 × 3 × 1 = 6 candidates → 6 × 4 + 1 = 25; LR: 3 × 4 + 1 = 13
    expect(countFits(p)).toEqual({
      total: 38,
      perAlgorithm: [
        { name: 'gbdt', candidates: 6, fits: 25 },
        { name: 'logistic-regression', candidates: 3, fits: 13 },
      ],
    });
  });

  it('finds the 3,320-fit job of the issue: every algorithm at its largest grid with 10 folds', () => {
    const p = ZTrainJobParams.parse({
      folds: 10,
      algorithms: [
        { name: 'logistic-regression', grid: { l2: [1, 2, 3, 4, 5, 6, 7, 8] } },
        {
          name: 'mlp',
          grid: { hidden: [[1], [2], [3], [4]], learningRate: [0.1, 0.2, 0.3, 0.4], l2: [0, 0.1, 0.2, 0.3] },
        },
        { name: 'decision-tree', grid: { maxDepth: [1, 2, 3, 4, 5], minSamplesLeaf: [1, 2, 3, 4] } },
        {
          name: 'random-forest',
          grid: { nEstimators: [1, 2, 3], maxDepth: [1, 2, 3, 4], minSamplesLeaf: [1, 2, 3, 4] },
        },
        {
          name: 'gbdt',
          grid: {
            learningRate: [0.1, 0.2, 0.3, 0.4],
            maxLeaves: [2, 3, 4, 5],
            nEstimators: [1, 2, 3],
            minSamplesLeaf: [1, 2, 3, 4],
          },
        },
      ],
    });
    // 8 + 64 + 20 + 48 + 192 = 332 candidates × 10 folds = 3,320, plus 5 refits
    expect(countFits(p).total).toBe(3325);
  });
});
