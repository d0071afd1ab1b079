import { describe, expect, it } from 'vitest';
import { matrix } from '../ml/matrix';
import { rocAuc } from '../ml/metrics';
import { Rng } from '../ml/rng';
import { ModelPipeline } from './pipeline';
import { bestF1Threshold, trainAndEvaluate } from './train-and-evaluate';

describe('bestF1Threshold', () => {
  it('picks the cut with the best F1 (by hand)', () => {
    // sorted p: .9(1) .8(0) .7(1) .2(0): F1 at .9 = 2/(1+2)=.667, at .8 = 2/(2+2)=.5, at .7 = 4/(3+2)=.8, at .2 = 4/(4+2)=.667
    expect(bestF1Threshold(Float64Array.from([1, 0, 1, 0]), Float64Array.from([0.9, 0.8, 0.7, 0.2]))).toBe(0.7);
  });
});

describe('trainAndEvaluate', () => {
  // y ~ Bernoulli(sigmoid(1.5 x0 − x1 + 0.8·[c = 2] − 1)), c a 3-level categorical column
  const rng = new Rng(3);
  const n = 3000;
  const data = new Float64Array(n * 3);
  const y = new Float64Array(n);
  const truth = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x0 = rng.normal(),
      x1 = rng.normal(),
      c = rng.int(3);
    data.set([x0, x1, c], i * 3);
    truth[i] = 1 / (1 + Math.exp(-(1.5 * x0 - x1 + 0.8 * (c === 2 ? 1 : 0) - 1)));
    y[i] = rng.next() < truth[i] ? 1 : 0;
  }
  const X = matrix(data, n, 3);

  it('selects by CV, evaluates once on the holdout, and comes close to the oracle AUC', async () => {
    const progress: number[] = [];
    const [r] = await trainAndEvaluate({
      X,
      y,
      categoricalColumns: [2],
      folds: 3,
      holdoutFraction: 0.25,
      seed: 7,
      algorithms: [{ name: 'logistic-regression', grid: { l2: [0.01, 1000] } }],
      onProgress: async (p) => void progress.push(p.fraction),
    });
    expect(r.candidates.map((c) => c.params.l2)).toEqual([0.01, 1000]);
    expect(r.bestParams).toEqual({ l2: 0.01 }); // a huge penalty flattens the model
    expect(r.candidates[0].meanAuc).toBeGreaterThan(r.candidates[1].meanAuc);
    expect(progress.length).toBe(2 * 3 + 1);
    expect(progress[progress.length - 1]).toBe(1);
    expect([r.metrics.nTrain, r.metrics.nHoldout]).toEqual([2250, 750]);
    // the oracle (true probabilities) on the same holdout rows bounds what any model can reach
    const restored = ModelPipeline.fromJSON(r.pipeline);
    const p = restored.predictProba(X);
    const oracle = rocAuc(y, truth);
    expect(Math.abs(rocAuc(y, p) - oracle)).toBeLessThan(0.01);
    expect(r.metrics.auc).toBeGreaterThan(0.75);
    expect(r.curves.lift).toHaveLength(10);
    expect(r.curves.roc[0]).toEqual({ fpr: 0, tpr: 0 });
    expect(r.curves.roc[r.curves.roc.length - 1]).toEqual({ fpr: 1, tpr: 1 });
  });
});
