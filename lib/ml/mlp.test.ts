import { describe, expect, it } from 'vitest';
import { fromRows, type Matrix, matrix } from './matrix';
import { accuracy } from './metrics';
import { type DenseLayer, MLPClassifier, mlpLossAndGradients } from './mlp';
import { Rng } from './rng';

/** XOR-like clusters: centres (±1, ±1) with N(0, 0.2²) noise, label 1 when the signs differ. */
function xorData(n: number, seed: number): { X: Matrix; y: Float64Array } {
  const rng = new Rng(seed);
  const X = new Float64Array(n * 2),
    y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = rng.next() < 0.5 ? -1 : 1,
      b = rng.next() < 0.5 ? -1 : 1;
    X[2 * i] = a + 0.2 * rng.normal();
    X[2 * i + 1] = b + 0.2 * rng.normal();
    y[i] = a * b < 0 ? 1 : 0;
  }
  return { X: matrix(X, n, 2), y };
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

describe('MLPClassifier', () => {
  it('learns XOR-like data to training accuracy 1', () => {
    const { X, y } = xorData(200, 1);
    const m = new MLPClassifier({ hidden: [8], learningRate: 1e-2 }).fit(X, y);
    expect(accuracy(y, m.predictProba(X))).toBe(1);
    const test = xorData(200, 2);
    expect(accuracy(test.y, m.predictProba(test.X))).toBe(1);
  });

  it('backprop matches central finite differences on a tiny 3-4-3-1 net', () => {
    const rng = new Rng(5);
    const sizes = [3, 4, 3, 1];
    const layers: DenseLayer[] = sizes.slice(1).map((out, l) => ({
      inSize: sizes[l],
      outSize: out,
      weights: Float64Array.from({ length: sizes[l] * out }, () => rng.normal()),
      bias: Float64Array.from({ length: out }, () => 0.1 * rng.normal()),
      activation: l === sizes.length - 2 ? 'sigmoid' : 'relu',
    }));
    const X = matrix(
      Float64Array.from({ length: 18 }, () => rng.normal()),
      6,
      3,
    );
    const y = Float64Array.from([1, 0, 0, 1, 1, 0]);
    const l2 = 0.1;
    const { gradWeights, gradBias } = mlpLossAndGradients(layers, X, y, l2);
    const h = 1e-6;
    let worst = 0,
      checked = 0;
    layers.forEach((L, l) => {
      for (const [arr, grad] of [
        [L.weights, gradWeights[l]],
        [L.bias, gradBias[l]],
      ] as const) {
        for (let k = 0; k < arr.length; k++) {
          const keep = arr[k];
          arr[k] = keep + h;
          const up = mlpLossAndGradients(layers, X, y, l2).loss;
          arr[k] = keep - h;
          const down = mlpLossAndGradients(layers, X, y, l2).loss;
          arr[k] = keep;
          const numeric = (up - down) / (2 * h);
          worst = Math.max(worst, Math.abs(numeric - grad[k]) / Math.max(1e-3, Math.abs(numeric) + Math.abs(grad[k])));
          checked++;
        }
      }
    });
    expect(checked).toBe(3 * 4 + 4 + 4 * 3 + 3 + 3 * 1 + 1);
    expect(worst).toBeLessThan(1e-6);
  });

  it('computes the loss as mean cross-entropy + ½ l2 ΣW² (by hand, single sigmoid layer)', () => {
    // W = [0.5, −1], b = 0.2; rows x1 = [1, 1] (y 1): z = −0.3; x2 = [2, 0] (y 0): z = 1.2.
    // loss = ½ [−ln σ(−0.3) − ln(1 − σ(1.2))] + ½ · 0.5 · (0.25 + 1)
    const layers: DenseLayer[] = [
      {
        inSize: 2,
        outSize: 1,
        weights: Float64Array.from([0.5, -1]),
        bias: Float64Array.from([0.2]),
        activation: 'sigmoid',
      },
    ];
    const r = mlpLossAndGradients(
      layers,
      fromRows([
        [1, 1],
        [2, 0],
      ]),
      Float64Array.from([1, 0]),
      0.5,
    );
    const expected = 0.5 * (-Math.log(sigmoid(-0.3)) - Math.log(1 - sigmoid(1.2))) + 0.25 * 1.25;
    expect(r.loss).toBeCloseTo(expected, 14);
    // ∂/∂b = mean(p − y) = ½ [(σ(−0.3) − 1) + σ(1.2)]
    expect(r.gradBias[0][0]).toBeCloseTo(0.5 * (sigmoid(-0.3) - 1 + sigmoid(1.2)), 14);
  });

  it('reads the documented JSON layout: out = in · W + b, W row-major [inSize][outSize]', () => {
    // Layer 1: W = [[1, −1], [2, 0.5]], b = [0, 1]; layer 2: W = [[0.5], [−2]], b = [0.25].
    // x = [1, 2]:  h = relu([1 + 4, −1 + 1 + 1]) = [5, 1];  z = 2.5 − 2 + 0.25 = 0.75
    // x = [−1, 0]: h = relu([−1, 1 + 1]) = [0, 2];          z = −4 + 0.25 = −3.75
    const json = {
      kind: 'mlp',
      version: 1,
      layers: [
        { inSize: 2, outSize: 2, weights: [1, -1, 2, 0.5], bias: [0, 1], activation: 'relu' },
        { inSize: 2, outSize: 1, weights: [0.5, -2], bias: [0.25], activation: 'sigmoid' },
      ],
      params: new MLPClassifier({ hidden: [2] }).params,
    };
    const p = MLPClassifier.fromJSON(json).predictProba(
      fromRows([
        [1, 2],
        [-1, 0],
      ]),
    );
    expect(p[0]).toBeCloseTo(sigmoid(0.75), 15);
    expect(p[1]).toBeCloseTo(sigmoid(-3.75), 15);
    const bad = (patch: object) => () => MLPClassifier.fromJSON({ ...json, ...patch });
    expect(bad({ version: 2 })).toThrow(TypeError);
    expect(bad({ kind: 'gbdt' })).toThrow(TypeError);
    expect(bad({ layers: [json.layers[0]] })).toThrow(TypeError); // last layer must be sigmoid with outSize 1
    expect(bad({ layers: [{ ...json.layers[0], weights: [1, 2, 3] }, json.layers[1]] })).toThrow(TypeError);
  });

  it('is deterministic for a seed and round-trips through JSON with identical predictions', () => {
    const { X, y } = xorData(120, 3);
    const a = new MLPClassifier({ hidden: [6, 4], maxEpochs: 20, seed: 7 }).fit(X, y);
    const b = new MLPClassifier({ hidden: [6, 4], maxEpochs: 20, seed: 7 }).fit(X, y);
    const c = new MLPClassifier({ hidden: [6, 4], maxEpochs: 20, seed: 8 }).fit(X, y);
    expect(b.toJSON()).toEqual(a.toJSON());
    expect(c.toJSON().layers[0].weights).not.toEqual(a.toJSON().layers[0].weights);

    const json = JSON.parse(JSON.stringify(a));
    expect(
      json.layers.map((L: { inSize: number; outSize: number; activation: string }) => [
        L.inSize,
        L.outSize,
        L.activation,
      ]),
    ).toEqual([
      [2, 6, 'relu'],
      [6, 4, 'relu'],
      [4, 1, 'sigmoid'],
    ]);
    expect(json.params).toEqual({
      hidden: [6, 4],
      learningRate: 1e-3,
      batchSize: 64,
      maxEpochs: 20,
      l2: 1e-4,
      validationFraction: 0.1,
      patience: 10,
      seed: 7,
    });
    expect(MLPClassifier.fromJSON(json).predictProba(X)).toEqual(a.predictProba(X));
  });

  it('stops early and restores the best-epoch weights', () => {
    // Pure-noise labels: the validation loss soon rises, so training must stop `patience` epochs after its minimum.
    const rng = new Rng(11);
    const n = 150;
    const X = matrix(
      Float64Array.from({ length: n * 4 }, () => rng.normal()),
      n,
      4,
    );
    const y = Float64Array.from({ length: n }, () => (rng.next() < 0.5 ? 1 : 0));
    const params = { hidden: [32], learningRate: 1e-2, batchSize: 16, patience: 5, validationFraction: 0.3 };
    const m = new MLPClassifier(params).fit(X, y);
    expect(m.history.length).toBeLessThan(200);
    expect(m.history.length).toBe(m.bestEpoch + 5);
    const losses = m.history.map((h) => h.validationLoss!);
    expect(losses[m.bestEpoch - 1]).toBe(Math.min(...losses));
    // Same seed, stopped at the best epoch: the same trajectory, so the same weights as the restored ones.
    const short = new MLPClassifier({ ...params, maxEpochs: m.bestEpoch }).fit(X, y);
    expect(short.toJSON().layers).toEqual(m.toJSON().layers);
  });

  it('rejects bad params and shapes', () => {
    expect(() => new MLPClassifier({ hidden: [0] })).toThrow(RangeError);
    expect(() => new MLPClassifier({ validationFraction: 1 })).toThrow(RangeError);
    expect(() => new MLPClassifier({ batchSize: 1.5 })).toThrow(RangeError);
    const { X, y } = xorData(20, 4);
    expect(() => new MLPClassifier().fit(X, y.subarray(2))).toThrow(RangeError);
    const m = new MLPClassifier({ maxEpochs: 1 }).fit(X, y);
    expect(() => m.predictProba(fromRows([[1, 2, 3]]))).toThrow(RangeError);
    expect(() => new MLPClassifier().predictProba(X)).toThrow(/fit/);
  });
});
