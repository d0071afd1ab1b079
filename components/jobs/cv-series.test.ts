import { describe, expect, it } from 'vitest';
import { cvSeries } from './cv-series';

describe('cross-validation series from the job log', () => {
  it('keeps each candidate on its own line, folds on the x axis', () => {
    const logs = [
      { msg: 'loading data' },
      { msg: 'logistic-regression {"l2":1} fold 1/2: AUC 0.7000', point: { fold: 1, auc: 0.7 } },
      { msg: 'logistic-regression {"l2":1} fold 2/2: AUC 0.7200', point: { fold: 2, auc: 0.72 } },
      { msg: 'logistic-regression {"l2":10} fold 1/2: AUC 0.6900', point: { fold: 1, auc: 0.69 } },
      { msg: 'gbdt {"learningRate":0.1} fold 1/2: AUC 0.7500', point: { fold: 1, auc: 0.75 } },
      { msg: 'gbdt {"learningRate":0.1} fold 2/2: AUC 0.7400', point: { fold: 2, auc: 0.74 } },
    ];
    const cv = cvSeries(logs);
    expect(cv.series.map((s) => [s.label, s.algorithm])).toEqual([
      ['logistic-regression #1', 'logistic-regression'],
      ['logistic-regression #2', 'logistic-regression'],
      ['gbdt #1', 'gbdt'],
    ]);
    expect(cv.rows).toEqual([
      {
        fold: 1,
        'logistic-regression {"l2":1}': 0.7,
        'logistic-regression {"l2":10}': 0.69,
        'gbdt {"learningRate":0.1}': 0.75,
      },
      { fold: 2, 'logistic-regression {"l2":1}': 0.72, 'gbdt {"learningRate":0.1}': 0.74 },
    ]);
  });
});
