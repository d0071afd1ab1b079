import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import type { Matrix } from '../matrix';
import { Rng } from '../rng';
import { exportToOnnx } from './export-onnx';
import { randomLogisticJson, randomMlpJson, randomPreprocess, randomRawRows, randomTrees } from './random-models';
import { createReferencePredictor } from './reference-predict';

/**
 * Parity of the exported graphs (run by onnxruntime, an independent implementation) with the float64
 * reference evaluator, plus small known-answer graphs whose outputs were computed by hand.
 */

async function runOnnx(bytes: Uint8Array, X: Matrix): Promise<Float32Array> {
  // Same session options as lib/serving/onnx-sessions.ts.
  const session = await ort.InferenceSession.create(Buffer.from(bytes), {
    graphOptimizationLevel: 'all',
    intraOpNumThreads: 1,
  });
  const out = await session.run({ features: new ort.Tensor('float32', Float32Array.from(X.data), [X.rows, X.cols]) });
  await session.release();
  expect(out.probability.dims).toEqual([X.rows, 1]);
  return out.probability.data as Float32Array;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

function spread(a: ArrayLike<number>): number {
  let lo = Infinity,
    hi = -Infinity;
  for (let i = 0; i < a.length; i++) {
    lo = Math.min(lo, a[i]);
    hi = Math.max(hi, a[i]);
  }
  return hi - lo;
}

const names = (n: number) => Array.from({ length: n }, (_, j) => `f${j}`);

describe('exportToOnnx: parity with the reference evaluator on 1,000 random rows (scaler + one-hot)', () => {
  const nRaw = 8,
    categorical = [5, 2],
    nCodes = 4;
  const setup = (seed: number) => {
    const rng = new Rng(seed);
    const pre = randomPreprocess(rng, { nRaw, categorical, nCodes });
    const X = randomRawRows(rng, { rows: 1000, nRaw, categorical, nCodes });
    return { rng, pre, X };
  };
  const cases: [string, (rng: Rng, width: number) => unknown][] = [
    ['logistic-regression', (rng, w) => randomLogisticJson(rng, w)],
    ['mlp', (rng, w) => randomMlpJson(rng, [w, 16, 8, 1])],
    [
      'decision-tree',
      (rng, w) => ({
        kind: 'decision-tree',
        version: 1,
        nFeatures: w,
        tree: randomTrees(rng, { nTrees: 1, depth: 7, nFeatures: w, leafValue: () => rng.next() })[0],
      }),
    ],
    [
      'random-forest',
      (rng, w) => ({
        kind: 'random-forest',
        version: 1,
        nFeatures: w,
        trees: randomTrees(rng, { nTrees: 25, depth: 5, nFeatures: w, leafValue: () => rng.next() }),
      }),
    ],
    [
      'gbdt',
      (rng, w) => ({
        kind: 'gbdt',
        version: 1,
        nFeatures: w,
        baseScore: -0.4,
        trees: randomTrees(rng, { nTrees: 60, depth: 4, nFeatures: w, leafValue: () => rng.normal() * 0.3 }),
      }),
    ],
  ];
  cases.forEach(([kind, make], k) => {
    it(kind, async () => {
      const { rng, pre, X } = setup(100 + k);
      const model = make(rng, pre.width);
      const preprocess = { oneHot: pre.oneHot, scaler: pre.scaler };
      const bytes = exportToOnnx({ model, preprocess, featureNames: names(nRaw), metadata: {} });
      const expected = createReferencePredictor({ model, preprocess }, nRaw).predictProba(X);
      const got = await runOnnx(bytes, X);
      expect(maxAbsDiff(got, expected)).toBeLessThan(1e-5);
      expect(spread(expected)).toBeGreaterThan(0.3); // the rows reach very different predictions
    });
  });

  it('LR and GBDT without preprocessing, and with the scaler only', async () => {
    const rng = new Rng(7);
    const X = randomRawRows(rng, { rows: 1000, nRaw: 5, categorical: [], nCodes: 0 });
    const gbdt = {
      kind: 'gbdt',
      version: 1,
      nFeatures: 5,
      baseScore: 0.2,
      trees: randomTrees(rng, { nTrees: 20, depth: 3, nFeatures: 5, leafValue: () => rng.normal() * 0.5 }),
    };
    const scaler = {
      kind: 'standard-scaler' as const,
      version: 1 as const,
      mean: [1, -1, 0, 2, 0.5],
      scale: [2, 3, 1, 0.5, 4],
    };
    for (const [model, preprocess] of [
      [randomLogisticJson(rng, 5), undefined],
      [gbdt, undefined],
      [gbdt, { scaler }],
    ] as const) {
      const bytes = exportToOnnx({ model, preprocess, featureNames: names(5), metadata: {} });
      const expected = createReferencePredictor({ model, preprocess }, 5).predictProba(X);
      expect(maxAbsDiff(await runOnnx(bytes, X), expected)).toBeLessThan(1e-5);
    }
  });
});

describe('exportToOnnx: known answers', () => {
  // Tree: node 0 splits x0 <= 0.5 → leaf 1 (0.1) else node 2; node 2 splits x1 <= fround(1/3) → leaf 3 (0.2)
  // else leaf 4 (0.9).
  const tree = {
    feature: [0, -1, 1, -1, -1],
    threshold: [0.5, 0, Math.fround(1 / 3), 0, 0],
    left: [1, -1, 3, -1, -1],
    right: [2, -1, 4, -1, -1],
    value: [0, 0.1, 0, 0.2, 0.9],
    cover: [1, 1, 1, 1, 1],
  };
  const X: Matrix = { data: Float64Array.from([0.75, 0.25, 0.25, 0, 0.75, 0.5]), rows: 3, cols: 2 };

  it('GBDT with two copies of the tree and baseScore 0.3', async () => {
    const bytes = exportToOnnx({
      model: { kind: 'gbdt', version: 1, nFeatures: 2, baseScore: 0.3, trees: [tree, tree] },
      featureNames: ['a', 'b'],
      metadata: {},
    });
    // Rows reach leaves 3, 1, 4: margins 0.3+0.4, 0.3+0.2, 0.3+1.8; python: [1/(1+math.exp(-m)) for m in (0.7, 0.5, 2.1)]
    const want = [0.6681877721681662, 0.6224593312018546, 0.8909031788043871];
    const got = await runOnnx(bytes, X);
    want.forEach((w, i) => {
      expect(got[i]).toBeCloseTo(w, 6);
    });
  });

  it('random forest averages leaf values', async () => {
    const other = { ...tree, value: [0, 0.5, 0, 0.6, 0.0] };
    const bytes = exportToOnnx({
      model: { kind: 'random-forest', version: 1, nFeatures: 2, trees: [tree, other] },
      featureNames: ['a', 'b'],
      metadata: {},
    });
    // leaves 3, 1, 4 → (0.2+0.6)/2, (0.1+0.5)/2, (0.9+0)/2
    const got = await runOnnx(bytes, X);
    [0.4, 0.3, 0.45].forEach((w, i) => {
      expect(got[i]).toBeCloseTo(w, 6);
    });
  });

  it('trees see the scaled value rounded to float32 (x > threshold in float64 but fround(x) == threshold goes left)', async () => {
    const t = Math.fround(1 / 3);
    const s = 1 / (t + 1e-8); // raw 1 scales to 1/s ≈ t + 1e-8, above t by less than half a float32 ulp (1.5e-8)
    expect(1 / s > t && Math.fround(1 / s) === t).toBe(true);
    const stump = {
      feature: [0, -1, -1],
      threshold: [t, 0, 0],
      left: [1, -1, -1],
      right: [2, -1, -1],
      value: [0, 0.25, 0.75],
      cover: [1, 1, 1],
    };
    const bytes = exportToOnnx({
      model: { kind: 'decision-tree', version: 1, nFeatures: 1, tree: stump },
      preprocess: { scaler: { kind: 'standard-scaler', version: 1, mean: [0], scale: [s] } },
      featureNames: ['x'],
      metadata: {},
    });
    const got = await runOnnx(bytes, { data: Float64Array.from([1, 1.0000001]), rows: 2, cols: 1 });
    expect(Array.from(got)).toEqual([0.25, 0.75]);
  });

  it('LR with one-hot then scaler: layout [x1, x0==3, x0==1] and an unknown code gives zeros', async () => {
    const model = { kind: 'logistic-regression', version: 1, coef: [1, 2, -3], intercept: 0.5 };
    const preprocess = {
      oneHot: { kind: 'one-hot-encoder' as const, version: 1 as const, columns: [0], categories: [[3, 1]] },
      scaler: { kind: 'standard-scaler' as const, version: 1 as const, mean: [1, 0, 0], scale: [2, 1, 1] },
    };
    const bytes = exportToOnnx({ model, preprocess, featureNames: ['code', 'amount'], metadata: {} });
    // Row [3, 5]: encoded [5, 1, 0] → scaled [2, 1, 0] → z = 2 + 2 + 0.5 = 4.5.
    // Row [1, 1]: [1, 0, 1] → [0, 0, 1] → z = -3 + 0.5 = -2.5.   Row [7, -1] (unknown code): [-1, 0, 0] → [-1, 0, 0] → z = -0.5.
    // python: [1/(1+math.exp(-z)) for z in (4.5, -2.5, -0.5)]
    const want = [0.9890130573694068, 0.07585818002124355, 0.3775406687981454];
    const got = await runOnnx(bytes, { data: Float64Array.from([3, 5, 1, 1, 7, -1]), rows: 3, cols: 2 });
    want.forEach((w, i) => {
      expect(got[i]).toBeCloseTo(w, 6);
    });
  });
});

describe('exportToOnnx: refuses inconsistent input', () => {
  const lr = { kind: 'logistic-regression', version: 1, coef: [1, 2], intercept: 0 };
  it('checks widths, names, JSON and metadata keys', () => {
    expect(() => exportToOnnx({ model: lr, featureNames: ['a', 'b', 'c'] })).toThrow(RangeError);
    expect(() => exportToOnnx({ model: lr, featureNames: ['a', 'a'] })).toThrow(TypeError);
    expect(() => exportToOnnx({ model: { ...lr, kind: 'svm' }, featureNames: ['a', 'b'] })).toThrow(TypeError);
    expect(() =>
      exportToOnnx({
        model: lr,
        featureNames: ['a', 'b'],
        preprocess: { scaler: { kind: 'standard-scaler', version: 1, mean: [0], scale: [1] } },
      }),
    ).toThrow(RangeError);
    expect(() => exportToOnnx({ model: lr, featureNames: ['a', 'b'], metadata: { kind: 'x' } })).toThrow(/reserved/);
    const badTree = {
      feature: [0, -1, -1],
      threshold: [0.1, 0, 0],
      left: [1, -1, -1],
      right: [2, -1, -1],
      value: [0, 0, 1],
      cover: [1, 1, 1],
    };
    expect(() =>
      exportToOnnx({ model: { kind: 'decision-tree', version: 1, nFeatures: 1, tree: badTree }, featureNames: ['a'] }),
    ).toThrow(/float32/);
  });
});
