import { z } from 'zod';
import type { FitOptions } from './cancel';
import { assertBinaryTarget, assertFinite, type Matrix } from './matrix';
import { assertModelJson, type BinaryClassifier } from './model';
import { Rng } from './rng';

export interface MLPParams {
  /** Sizes of the hidden ReLU layers, input side first; [] gives plain logistic regression. Default [16]. */
  hidden?: number[];
  /** Adam step size. Default 1e-3. */
  learningRate?: number;
  /** Rows per mini-batch (the last batch of an epoch may be smaller). Default 64. */
  batchSize?: number;
  /** Maximum passes over the training rows. Default 200. */
  maxEpochs?: number;
  /** L2 penalty: ½ · l2 · Σ W² added to the mean batch loss (weights only, not biases). Default 1e-4. */
  l2?: number;
  /** Share of rows held out (random, seeded) for early stopping; 0 = no early stopping. Default 0.1. */
  validationFraction?: number;
  /** Stop after this many epochs without a lower validation loss, then restore the best weights. Default 10. */
  patience?: number;
  /** Seed for initialisation, the validation split and batch shuffling. Default 42. */
  seed?: number;
}

export type Activation = 'relu' | 'sigmoid';

/** One dense layer: out = activation(in · W + b), W row-major [inSize][outSize] (W[k][j] at k·outSize + j). */
export interface DenseLayer {
  inSize: number;
  outSize: number;
  weights: Float64Array;
  bias: Float64Array;
  activation: Activation;
}

const ZParams = z.object({
  hidden: z.array(z.number().int().positive()),
  learningRate: z.number().positive(),
  batchSize: z.number().int().positive(),
  maxEpochs: z.number().int().positive(),
  l2: z.number().nonnegative(),
  validationFraction: z.number().min(0).lt(1),
  patience: z.number().int().positive(),
  seed: z.number().int(),
});

const ZLayer = z.object({
  inSize: z.number().int().positive(),
  outSize: z.number().int().positive(),
  weights: z.array(z.number()),
  bias: z.array(z.number()),
  activation: z.enum(['relu', 'sigmoid']),
});

const ZModel = z.object({
  kind: z.literal('mlp'),
  version: z.literal(1),
  layers: z.array(ZLayer).min(1),
  params: ZParams,
});

/**
 * Serialised form, meant for ONNX export as MatMul(W) + Add(b) + Relu/Sigmoid per layer: `weights` is row-major
 * [inSize][outSize] (out = in · W + b); the last layer has outSize 1 and activation 'sigmoid', the others 'relu'.
 */
export type MLPJson = z.infer<typeof ZModel>;

export interface EpochRecord {
  epoch: number;
  /** Mean training loss over the epoch's batches (cross-entropy + L2 term). */
  trainLoss: number;
  /** Mean validation cross-entropy (no penalty); null without a validation split. */
  validationLoss: number | null;
}

function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/** Per-layer buffers for forward and backward passes on up to `maxRows` rows. */
class Workspace {
  readonly pre: Float64Array[]; // pre-activations Z_l (maxRows × outSize)
  readonly act: Float64Array[]; // activations A_l; act[0] is the input batch
  readonly delta: Float64Array[]; // ∂loss/∂Z_l
  readonly gradW: Float64Array[];
  readonly gradB: Float64Array[];

  constructor(
    readonly layers: readonly DenseLayer[],
    readonly maxRows: number,
  ) {
    this.act = [new Float64Array(maxRows * layers[0].inSize)];
    this.pre = [];
    this.delta = [];
    this.gradW = [];
    this.gradB = [];
    for (const L of layers) {
      this.pre.push(new Float64Array(maxRows * L.outSize));
      this.act.push(new Float64Array(maxRows * L.outSize));
      this.delta.push(new Float64Array(maxRows * L.outSize));
      this.gradW.push(new Float64Array(L.weights.length));
      this.gradB.push(new Float64Array(L.outSize));
    }
  }

  /** Copies the listed rows of X into act[0]. */
  load(X: Matrix, rows: ArrayLike<number>, from: number, count: number): void {
    const d = X.cols;
    for (let r = 0; r < count; r++) {
      const i = rows[from + r];
      this.act[0].set(X.data.subarray(i * d, (i + 1) * d), r * d);
    }
  }

  /** Forward pass over the first B rows of act[0]; output logits in pre[last], probabilities in act[last+1]. */
  forward(B: number): void {
    this.layers.forEach((L, l) => {
      const A = this.act[l],
        Z = this.pre[l],
        out = this.act[l + 1];
      const { inSize, outSize, weights: W, bias } = L;
      for (let i = 0; i < B; i++) {
        const zo = i * outSize;
        for (let j = 0; j < outSize; j++) Z[zo + j] = bias[j];
        for (let k = 0; k < inSize; k++) {
          const a = A[i * inSize + k];
          if (a === 0) continue;
          const wo = k * outSize;
          for (let j = 0; j < outSize; j++) Z[zo + j] += a * W[wo + j];
        }
        for (let j = 0; j < outSize; j++) {
          const v = Z[zo + j];
          out[zo + j] = L.activation === 'relu' ? (v > 0 ? v : 0) : sigmoid(v);
        }
      }
    });
  }

  /**
   * Forward + backward on the first B rows of act[0] with labels y[yRows[from + r]]. Fills gradW/gradB with the
   * gradient of  mean_r BCE(y_r, p_r) + ½ l2 Σ W²  and returns that loss.
   */
  lossAndGradient(B: number, y: Float64Array, yRows: ArrayLike<number>, from: number, l2: number): number {
    this.forward(B);
    const last = this.layers.length - 1;
    const logits = this.pre[last],
      probs = this.act[last + 1],
      dOut = this.delta[last];
    let loss = 0;
    for (let r = 0; r < B; r++) {
      const t = y[yRows[from + r]];
      loss += softplus(logits[r]) - t * logits[r];
      dOut[r] = (probs[r] - t) / B;
    }
    loss /= B;
    for (let l = last; l >= 0; l--) {
      const { inSize, outSize, weights: W } = this.layers[l];
      const A = this.act[l],
        D = this.delta[l],
        gW = this.gradW[l],
        gB = this.gradB[l];
      let ww = 0;
      for (let q = 0; q < W.length; q++) {
        gW[q] = l2 * W[q];
        ww += W[q] * W[q];
      }
      loss += 0.5 * l2 * ww;
      gB.fill(0);
      for (let i = 0; i < B; i++) {
        const dOff = i * outSize;
        for (let j = 0; j < outSize; j++) gB[j] += D[dOff + j];
        for (let k = 0; k < inSize; k++) {
          const a = A[i * inSize + k];
          if (a === 0) continue;
          const wo = k * outSize;
          for (let j = 0; j < outSize; j++) gW[wo + j] += a * D[dOff + j];
        }
      }
      if (l === 0) break;
      const Dprev = this.delta[l - 1],
        Zprev = this.pre[l - 1];
      for (let i = 0; i < B; i++) {
        for (let k = 0; k < inSize; k++) {
          const idx = i * inSize + k;
          if (Zprev[idx] <= 0) {
            Dprev[idx] = 0;
            continue;
          } // ReLU'(z) = 0 for z ≤ 0
          let s = 0;
          const wo = k * outSize,
            dOff = i * outSize;
          for (let j = 0; j < outSize; j++) s += D[dOff + j] * W[wo + j];
          Dprev[idx] = s;
        }
      }
    }
    return loss;
  }
}

/**
 * Loss and gradients of a network on (X, y): mean binary cross-entropy + ½ · l2 · Σ W² (the objective each
 * mini-batch step of `MLPClassifier.fit` uses). Exposed for gradient checks and diagnostics.
 */
export function mlpLossAndGradients(
  layers: readonly DenseLayer[],
  X: Matrix,
  y: Float64Array,
  l2 = 0,
): { loss: number; gradWeights: Float64Array[]; gradBias: Float64Array[] } {
  assertBinaryTarget(X, y);
  if (layers.length === 0 || X.cols !== layers[0].inSize)
    throw new RangeError('mlpLossAndGradients: X columns do not match the first layer');
  const ws = new Workspace(layers, X.rows);
  const rows = Int32Array.from({ length: X.rows }, (_, i) => i);
  ws.load(X, rows, 0, X.rows);
  const loss = ws.lossAndGradient(X.rows, y, rows, 0, l2);
  return { loss, gradWeights: ws.gradW.map((g) => g.slice()), gradBias: ws.gradB.map((g) => g.slice()) };
}

/**
 * Multi-layer perceptron for binary classification: ReLU hidden layers, one sigmoid output, binary cross-entropy,
 * Adam (β₁ 0.9, β₂ 0.999, ε 1e-8) on shuffled mini-batches, He-normal initial weights N(0, 2/inSize), zero biases.
 * With validationFraction > 0 a seeded random share of rows is held out; after each epoch its cross-entropy is
 * measured, the weights with the lowest value are kept, and training stops after `patience` epochs without a
 * strictly lower value. The fitted model always holds the best-epoch weights.
 */
export class MLPClassifier implements BinaryClassifier {
  readonly kind = 'mlp' as const;
  readonly params: Required<MLPParams>;
  private layers: DenseLayer[] | null = null;
  /** Per-epoch losses of the last fit (empty after fromJSON). */
  history: EpochRecord[] = [];
  /** Epoch (1-based) whose weights were kept; 0 before fit. */
  bestEpoch = 0;

  constructor(params: MLPParams = {}) {
    const p = {
      hidden: [16],
      learningRate: 1e-3,
      batchSize: 64,
      maxEpochs: 200,
      l2: 1e-4,
      validationFraction: 0.1,
      patience: 10,
      seed: 42,
      ...params,
    };
    const r = ZParams.safeParse(p);
    if (!r.success)
      throw new RangeError(
        `MLPClassifier: invalid params (${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')})`,
      );
    this.params = { ...p, hidden: [...p.hidden] };
  }

  fit(X: Matrix, y: Float64Array, opts: FitOptions = {}): this {
    assertBinaryTarget(X, y);
    assertFinite(X);
    if (X.rows < 2) throw new RangeError('MLPClassifier.fit: needs at least 2 rows');
    if (X.cols < 1) throw new RangeError('MLPClassifier.fit: X has no columns');
    const { hidden, learningRate, batchSize, maxEpochs, l2, validationFraction, patience, seed } = this.params;
    const rng = new Rng(seed);

    const sizes = [X.cols, ...hidden, 1];
    const layers: DenseLayer[] = [];
    for (let l = 0; l + 1 < sizes.length; l++) {
      const inSize = sizes[l],
        outSize = sizes[l + 1];
      const std = Math.sqrt(2 / inSize);
      const weights = new Float64Array(inSize * outSize);
      for (let q = 0; q < weights.length; q++) weights[q] = std * rng.normal();
      layers.push({
        inSize,
        outSize,
        weights,
        bias: new Float64Array(outSize),
        activation: l + 2 === sizes.length ? 'sigmoid' : 'relu',
      });
    }

    const order = rng.shuffle(Int32Array.from({ length: X.rows }, (_, i) => i));
    let nVal = Math.floor(X.rows * validationFraction);
    if (nVal >= X.rows) nVal = X.rows - 1;
    const valRows = order.slice(0, nVal);
    const trainRows = order.slice(nVal);
    const nTrain = trainRows.length;

    const ws = new Workspace(layers, Math.min(batchSize, nTrain));
    const params = layers.flatMap((L) => [L.weights, L.bias]);
    const m1 = params.map((p) => new Float64Array(p.length));
    const m2 = params.map((p) => new Float64Array(p.length));
    const beta1 = 0.9,
      beta2 = 0.999,
      eps = 1e-8;
    let step = 0;

    let best: Float64Array[] = params.map((p) => p.slice());
    let bestLoss = Infinity;
    this.bestEpoch = 0;
    this.history = [];
    let sinceBest = 0;
    for (let epoch = 1; epoch <= maxEpochs; epoch++) {
      rng.shuffle(trainRows);
      let lossSum = 0;
      for (let from = 0; from < nTrain; from += batchSize) {
        opts.signal?.throwIfAborted();
        const B = Math.min(batchSize, nTrain - from);
        ws.load(X, trainRows, from, B);
        lossSum += ws.lossAndGradient(B, y, trainRows, from, l2) * B;
        step++;
        const c1 = 1 - beta1 ** step,
          c2 = 1 - beta2 ** step;
        params.forEach((p, q) => {
          const g = q % 2 === 0 ? ws.gradW[q >> 1] : ws.gradB[q >> 1];
          const a = m1[q],
            v = m2[q];
          for (let k = 0; k < p.length; k++) {
            a[k] = beta1 * a[k] + (1 - beta1) * g[k];
            v[k] = beta2 * v[k] + (1 - beta2) * g[k] * g[k];
            p[k] -= (learningRate * (a[k] / c1)) / (Math.sqrt(v[k] / c2) + eps);
          }
        });
      }
      const valLoss = nVal > 0 ? meanCrossEntropy(forwardProba(layers, X, valRows), y, valRows) : null;
      this.history.push({ epoch, trainLoss: lossSum / nTrain, validationLoss: valLoss });
      if (valLoss === null) {
        this.bestEpoch = epoch;
        continue;
      }
      if (valLoss < bestLoss) {
        bestLoss = valLoss;
        this.bestEpoch = epoch;
        best = params.map((p) => p.slice());
        sinceBest = 0;
      } else if (++sinceBest >= patience) break;
    }
    if (nVal > 0)
      params.forEach((p, q) => {
        p.set(best[q]);
      });
    this.layers = layers;
    return this;
  }

  /** P(y = 1 | x) per row. */
  predictProba(X: Matrix): Float64Array {
    const layers = this.fitted();
    if (X.cols !== layers[0].inSize)
      throw new RangeError(`MLPClassifier: X has ${X.cols} columns, model has ${layers[0].inSize}`);
    return forwardProba(
      layers,
      X,
      Int32Array.from({ length: X.rows }, (_, i) => i),
    );
  }

  /** The fitted layers (copies). */
  get network(): DenseLayer[] {
    return this.fitted().map((L) => ({ ...L, weights: L.weights.slice(), bias: L.bias.slice() }));
  }

  toJSON(): MLPJson {
    return {
      kind: 'mlp',
      version: 1,
      layers: this.fitted().map((L) => ({
        inSize: L.inSize,
        outSize: L.outSize,
        weights: Array.from(L.weights),
        bias: Array.from(L.bias),
        activation: L.activation,
      })),
      params: { ...this.params, hidden: [...this.params.hidden] },
    };
  }

  static fromJSON(json: unknown): MLPClassifier {
    assertModelJson(json, 'mlp', 1);
    const r = ZModel.safeParse(json);
    if (!r.success) throw new TypeError(`MLPClassifier.fromJSON: invalid JSON (${r.error.message})`);
    const { layers, params } = r.data;
    layers.forEach((L, l) => {
      const isLast = l === layers.length - 1;
      if (L.weights.length !== L.inSize * L.outSize || L.bias.length !== L.outSize)
        throw new TypeError(`MLPClassifier.fromJSON: layer ${l} has wrong weight/bias lengths`);
      if (l > 0 && L.inSize !== layers[l - 1].outSize)
        throw new TypeError(`MLPClassifier.fromJSON: layer ${l} input size does not match layer ${l - 1}`);
      if (L.activation !== (isLast ? 'sigmoid' : 'relu'))
        throw new TypeError(`MLPClassifier.fromJSON: layer ${l} must use ${isLast ? 'sigmoid' : 'relu'}`);
      if (isLast && L.outSize !== 1)
        throw new TypeError('MLPClassifier.fromJSON: the output layer must have outSize 1');
    });
    const m = new MLPClassifier(params);
    m.layers = layers.map((L) => ({ ...L, weights: Float64Array.from(L.weights), bias: Float64Array.from(L.bias) }));
    return m;
  }

  private fitted(): DenseLayer[] {
    if (!this.layers) throw new Error('MLPClassifier: call fit() first');
    return this.layers;
  }
}

const PREDICT_CHUNK = 1024;

function forwardProba(layers: readonly DenseLayer[], X: Matrix, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length);
  const ws = new Workspace(layers, Math.max(1, Math.min(PREDICT_CHUNK, rows.length)));
  const probs = ws.act[layers.length];
  for (let from = 0; from < rows.length; from += PREDICT_CHUNK) {
    const B = Math.min(PREDICT_CHUNK, rows.length - from);
    ws.load(X, rows, from, B);
    ws.forward(B);
    out.set(probs.subarray(0, B), from);
  }
  return out;
}

function meanCrossEntropy(p: Float64Array, y: Float64Array, rows: Int32Array): number {
  let s = 0;
  for (let r = 0; r < rows.length; r++) {
    const q = Math.min(Math.max(p[r], 1e-15), 1 - 1e-15);
    s -= y[rows[r]] === 1 ? Math.log(q) : Math.log1p(-q);
  }
  return s / rows.length;
}
