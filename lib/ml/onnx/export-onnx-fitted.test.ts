import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { DecisionTreeClassifier } from '../decision-tree';
import { GradientBoostingClassifier } from '../gbdt';
import { LogisticRegression } from '../logistic-regression';
import type { Matrix } from '../matrix';
import { MLPClassifier } from '../mlp';
import type { BinaryClassifier } from '../model';
import { OneHotEncoder, StandardScaler } from '../preprocessing';
import { RandomForestClassifier } from '../random-forest';
import { Rng } from '../rng';
import { exportToOnnx } from './export-onnx';
import { randomRawRows } from './random-models';
import { createReferencePredictor } from './reference-predict';

/**
 * Models fitted by the real lib/ml classes (with a fitted OneHotEncoder and StandardScaler) and exported:
 * onnxruntime must agree with the class's own predictProba on the preprocessed rows, and with the reference
 * evaluator, on 1,000 unseen rows (some with category codes never seen in fit).
 */

const nRaw = 6,
  categorical = [1, 4];

function labels(rng: Rng, X: Matrix): Float64Array {
  const y = new Float64Array(X.rows);
  for (let i = 0; i < X.rows; i++) {
    const r = X.data.subarray(i * nRaw, (i + 1) * nRaw);
    const z = 0.8 * r[0] - 0.5 * r[2] + (r[1] === 2 ? 1.5 : 0) - (r[4] === 0 ? 1 : 0) + 0.3 * r[3] * r[5];
    y[i] = rng.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return y;
}

async function runOnnx(bytes: Uint8Array, X: Matrix): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(Buffer.from(bytes), {
    graphOptimizationLevel: 'all',
    intraOpNumThreads: 1,
  });
  const out = await session.run({ features: new ort.Tensor('float32', Float32Array.from(X.data), [X.rows, X.cols]) });
  await session.release();
  return out.probability.data as Float32Array;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('exportToOnnx with models fitted by lib/ml', () => {
  const rng = new Rng(2024);
  const Xtrain = randomRawRows(rng, { rows: 400, nRaw, categorical, nCodes: 3 }); // codes 0..3
  const y = labels(rng, Xtrain);
  const Xtest = randomRawRows(rng, { rows: 1000, nRaw, categorical, nCodes: 5 }); // codes 4, 5 unseen in fit
  const encoder = new OneHotEncoder({ columns: categorical }).fit(Xtrain);
  const encoded = encoder.transform(Xtrain);
  const scaler = new StandardScaler().fit(encoded);
  const Ztrain = scaler.transform(encoded);
  const Ztest = scaler.transform(encoder.transform(Xtest));
  const preprocess = { oneHot: encoder.toJSON(), scaler: scaler.toJSON() };

  const models: [string, () => BinaryClassifier][] = [
    ['logistic-regression', () => new LogisticRegression()],
    ['mlp', () => new MLPClassifier({ hidden: [8, 4], maxEpochs: 30, seed: 3 })],
    ['decision-tree', () => new DecisionTreeClassifier({ maxDepth: 6 })],
    ['random-forest', () => new RandomForestClassifier({ nEstimators: 20, maxDepth: 6, seed: 5 })],
    ['gbdt', () => new GradientBoostingClassifier({ nEstimators: 30, seed: 7 })],
  ];
  for (const [kind, make] of models) {
    it(kind, async () => {
      const model = make().fit(Ztrain, y);
      const json = model.toJSON();
      expect(json.kind).toBe(kind);
      const bytes = exportToOnnx({
        model: json,
        preprocess,
        featureNames: ['spend', 'channel', 'age', 'visits', 'tier', 'days'],
        metadata: { modelVersionId: 'mv_1' },
      });
      const got = await runOnnx(bytes, Xtest);
      const fromClass = model.predictProba(Ztest);
      const fromReference = createReferencePredictor({ model: json, preprocess }, nRaw).predictProba(Xtest);
      expect(maxAbsDiff(got, fromClass)).toBeLessThan(1e-5);
      expect(maxAbsDiff(fromReference, fromClass)).toBeLessThan(1e-12);
    });
  }
});
