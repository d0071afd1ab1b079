import { describe, expect, it } from 'vitest';
import { fromRows, type Matrix, matrix } from './matrix';
import type { BinaryClassifier, SerializedModel } from './model';
import { crossValidate, expandGrid, gridSearch, stratifiedKFold, trainTestSplit } from './model-selection';

/** Test double: predicts the positive rate of its training labels (or a fixed `p`) for every row. */
class PriorModel implements BinaryClassifier {
  readonly kind = 'logistic-regression' as const;
  fittedOn: number[] = [];
  private q = NaN;
  constructor(private readonly fixed?: number) {}
  fit(X: Matrix, y: Float64Array): this {
    this.fittedOn = Array.from(X.data.filter((_, k) => k % X.cols === 0)); // column 0 holds the row id
    this.q = this.fixed ?? y.reduce((a, b) => a + b, 0) / y.length;
    return this;
  }
  predictProba(X: Matrix): Float64Array {
    return new Float64Array(X.rows).fill(this.q);
  }
  toJSON(): SerializedModel {
    return { kind: this.kind, version: 1 };
  }
}

/** Test double: predicts σ(x[feature]) — no fitting at all. */
class FeatureModel implements BinaryClassifier {
  readonly kind = 'logistic-regression' as const;
  constructor(private readonly feature: number) {}
  fit(): this {
    return this;
  }
  predictProba(X: Matrix): Float64Array {
    return Float64Array.from({ length: X.rows }, (_, i) => 1 / (1 + Math.exp(-X.data[i * X.cols + this.feature])));
  }
  toJSON(): SerializedModel {
    return { kind: this.kind, version: 1 };
  }
}

// 11 rows: 7 negatives then 4 positives; column 0 = row id, column 1 = 3·y − 1.5 + small wiggle (separates classes).
const y11 = Float64Array.from([0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1]);
const X11 = matrix(Float64Array.from(Array.from(y11).flatMap((v, i) => [i, 3 * v - 1.5 + 0.01 * i])), 11, 2);

describe('stratifiedKFold', () => {
  it('deals each class round-robin, continuing across classes (fold sizes by hand)', () => {
    // k = 3: negatives go to folds 0,1,2,0,1,2,0 and positives continue at 7 % 3 = 1: folds 1,2,0,1.
    // fold 0: 3 neg + 1 pos; fold 1: 2 neg + 2 pos; fold 2: 2 neg + 1 pos.
    const folds = stratifiedKFold(y11, 3, 1);
    expect(folds.map((f) => [f.test.length, f.test.filter((i) => y11[i] === 1).length])).toEqual([
      [4, 1],
      [4, 2],
      [3, 1],
    ]);
    const seen = folds.flatMap((f) => Array.from(f.test)).sort((a, b) => a - b);
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    for (const f of folds) {
      expect(f.train.length + f.test.length).toBe(11);
      expect(Array.from(f.train).some((i) => f.test.includes(i))).toBe(false);
      expect(Array.from(f.test)).toEqual(Array.from(f.test).sort((a, b) => a - b));
    }
  });

  it('preserves class proportions (1000 rows, 30% positive, k = 5 → 60 positives per test fold)', () => {
    const y = Float64Array.from({ length: 1000 }, (_, i) => (i % 10 < 3 ? 1 : 0));
    for (const f of stratifiedKFold(y, 5, 42)) {
      expect(f.test.length).toBe(200);
      expect(f.test.reduce((a, i) => a + y[i], 0)).toBe(60);
    }
  });

  it('is reproducible for a seed, differs across seeds, and validates input', () => {
    const y = Float64Array.from({ length: 40 }, (_, i) => i % 2);
    expect(stratifiedKFold(y, 4, 3)).toEqual(stratifiedKFold(y, 4, 3));
    expect(stratifiedKFold(y, 4, 3)[0].test).not.toEqual(stratifiedKFold(y, 4, 4)[0].test);
    expect(() => stratifiedKFold(y, 1)).toThrow(RangeError);
    expect(() => stratifiedKFold(y11, 5)).toThrow(RangeError); // only 4 positives
    expect(() => stratifiedKFold(Float64Array.from([0, 2, 1, 0]), 2)).toThrow(RangeError);
  });
});

describe('trainTestSplit', () => {
  it('takes ⌈fraction · n⌉ test rows from a count', () => {
    const s = trainTestSplit(10, 0.25, 1); // ⌈2.5⌉ = 3
    expect(s.test.length).toBe(3);
    expect([...s.train, ...s.test].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(trainTestSplit(10, 0.25, 1)).toEqual(s);
  });

  it('stratifies by y with largest-remainder allocation (by hand)', () => {
    // n = 10 (8 neg, 2 pos), fraction 0.3 → 3 test rows; exact shares 2.4 neg / 0.6 pos → 2 neg + 1 pos.
    const y = Float64Array.from([0, 1, 0, 0, 0, 0, 1, 0, 0, 0]);
    for (const seed of [1, 2, 3]) {
      const s = trainTestSplit(y, 0.3, seed);
      expect(s.test.length).toBe(3);
      expect(s.test.reduce((a, i) => a + y[i], 0)).toBe(1);
    }
    expect(() => trainTestSplit(10, 0.3, 1, true)).toThrow(TypeError);
    expect(() => trainTestSplit(10, 1)).toThrow(RangeError);
    expect(() => trainTestSplit(3, 0.01)).not.toThrow(); // ⌈0.03⌉ = 1 test row
  });
});

describe('crossValidate', () => {
  it('fits each fold on the other folds and scores the held-out fold (prior model, by hand)', () => {
    // With the k = 3 folds above (test: 3n+1p, 2n+2p, 2n+1p) the prior model predicts the train positive rate:
    //   fold 0: q = 3/7, loss = −(ln(3/7) + 3 ln(4/7)) / 4
    //   fold 1: q = 2/7, loss = −(2 ln(2/7) + 2 ln(5/7)) / 4
    //   fold 2: q = 3/8, loss = −(ln(3/8) + 2 ln(5/8)) / 3
    // numpy: l = [0.6315363060483679, 0.7946176025582905, 0.6402788371677325];
    //        np.mean(l) = 0.6888109152581303, np.std(l) (ddof 0) = 0.07490171013031537
    const expected = [
      -(Math.log(3 / 7) + 3 * Math.log(4 / 7)) / 4,
      -(2 * Math.log(2 / 7) + 2 * Math.log(5 / 7)) / 4,
      -(Math.log(3 / 8) + 2 * Math.log(5 / 8)) / 3,
    ];
    const models: PriorModel[] = [];
    const seenFolds: number[] = [];
    const cv = crossValidate(
      () => {
        const m = new PriorModel();
        models.push(m);
        return m;
      },
      X11,
      y11,
      { k: 3, seed: 1, onFold: (f) => seenFolds.push(f.fold) },
    );
    expect(cv.folds.map((f) => f.logLoss)).toEqual(expected.map((v) => expect.closeTo(v, 14)));
    expect(cv.folds.map((f) => f.auc)).toEqual([0.5, 0.5, 0.5]); // constant scores: all ties
    expect(cv.logLoss.mean).toBeCloseTo(0.6888109152581303, 14);
    expect(cv.logLoss.std).toBeCloseTo(0.07490171013031537, 14);
    expect(cv.auc).toEqual({ mean: 0.5, std: 0 });
    expect(seenFolds).toEqual([0, 1, 2]);
    const folds = stratifiedKFold(y11, 3, 1);
    models.forEach((m, f) => {
      expect(m.fittedOn).toEqual(Array.from(folds[f].train));
    });
    // out-of-fold predictions: row 0's fold model predicted that fold's q
    const f0 = folds.findIndex((f) => f.test.includes(0));
    expect(cv.oof[0]).toBeCloseTo([3 / 7, 2 / 7, 3 / 8][f0], 15);
  });
});

describe('expandGrid', () => {
  it('builds the cartesian product in stable order, last key fastest', () => {
    expect(expandGrid({ a: [1, 2], b: ['x', 'y', 'z'] })).toEqual([
      { a: 1, b: 'x' },
      { a: 1, b: 'y' },
      { a: 1, b: 'z' },
      { a: 2, b: 'x' },
      { a: 2, b: 'y' },
      { a: 2, b: 'z' },
    ]);
    expect(expandGrid({})).toEqual([{}]);
    expect(() => expandGrid({ a: [] })).toThrow(RangeError);
  });
});

describe('gridSearch', () => {
  it('ranks by mean log loss (by hand) and keeps grid order for AUC ties', () => {
    // Constant predictions p: AUC 0.5 for all; log loss per row −[y ln p + (1 − y) ln(1 − p)], 4/11 positives,
    // so 0.4 (closest to 0.36) beats 0.1, which beats 0.9 (0.9 is very wrong on the 7 negatives).
    const grid = { p: [0.9, 0.1, 0.4] };
    const byLoss = gridSearch(grid, ({ p }) => new PriorModel(p), X11, y11, { k: 3, seed: 1, metric: 'logLoss' });
    expect(byLoss.candidates.map((c) => [c.params.p, c.rank])).toEqual([
      [0.4, 1],
      [0.1, 2],
      [0.9, 3],
    ]);
    expect(byLoss.bestParams).toEqual({ p: 0.4 });
    // fold 0 (3 neg, 1 pos) for p = 0.4: −(ln 0.4 + 3 ln 0.6) / 4
    expect(byLoss.best.folds[0].logLoss).toBeCloseTo(-(Math.log(0.4) + 3 * Math.log(0.6)) / 4, 14);
    const byAuc = gridSearch(grid, ({ p }) => new PriorModel(p), X11, y11, { k: 3, seed: 1 });
    expect(byAuc.candidates.map((c) => c.params.p)).toEqual([0.9, 0.1, 0.4]);
  });

  it('prefers the informative feature by AUC and reports progress per fit', () => {
    // Column 1 separates the classes perfectly (AUC 1 in every fold); column 2 = −column 1 (AUC 0).
    const X = fromRows(Array.from(y11).map((v, i) => [i, 3 * v - 1.5 + 0.01 * i, -(3 * v - 1.5 + 0.01 * i)]));
    const progress: number[] = [];
    const r = gridSearch({ feature: [2, 1] }, ({ feature }) => new FeatureModel(feature), X, y11, {
      k: 3,
      seed: 1,
      onProgress: (e) => progress.push(e.done),
    });
    expect(r.bestParams).toEqual({ feature: 1 });
    expect(r.candidates.map((c) => c.auc.mean)).toEqual([1, 0]);
    expect(progress).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
