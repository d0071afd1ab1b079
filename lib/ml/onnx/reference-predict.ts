import { leafIndex } from '../flat-tree';
import type { Matrix } from '../matrix';
import { type CheckedPipeline, checkPipeline, modelTrees, type OneHotJson, type PreprocessJson } from './model-json';

/**
 * Reference evaluators in plain TypeScript (float64) for exactly what an exported ONNX file computes:
 * raw row → one-hot → standard scaler → model → P(y = 1). Serving can use them as a fallback or to
 * cross-check onnxruntime; the parity tests compare the two.
 *   one-hot:  non-encoded columns first (original order), then per encoded column one 0/1 column per listed
 *             category; an unknown code gives all zeros (-0 counts as 0)
 *   scaler:   x' = (x − mean) / scale
 *   LR:       sigmoid(x · coef + intercept)
 *   MLP:      a = act(a · W + b) per layer (W row-major [inSize][outSize]); the last layer is the sigmoid output
 *   trees:    left when Math.fround(x[feature]) <= threshold; decision tree = leaf value, forest = mean of
 *             leaf values, GBDT = sigmoid(baseScore + Σ leaf values)
 * Note: the ONNX input is float32, so onnxruntime sees Math.fround of each raw value; feed float32-representable
 * raw values (as serving does after building a Float32Array) for bit-for-bit identical tree paths.
 */

export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

export interface ReferencePredictor {
  /** Number of raw input columns. */
  readonly nRaw: number;
  /** Width after preprocessing (the model's input width). */
  readonly nModelInputs: number;
  /** Preprocesses one raw row (offset `o` in `data`) into `out` (length nModelInputs). */
  preprocessRow(data: ArrayLike<number>, o: number, out: Float64Array): void;
  /** P(y = 1) of one preprocessed row. */
  predictPreprocessed(x: Float64Array): number;
  /** P(y = 1) per row of a raw Matrix with nRaw columns. */
  predictProba(X: Matrix): Float64Array;
}

function oneHotPlan(enc: OneHotJson, nRaw: number) {
  const encoded = new Set(enc.columns);
  const passthrough: number[] = [];
  for (let j = 0; j < nRaw; j++) if (!encoded.has(j)) passthrough.push(j);
  const lookups = enc.categories.map((cats) => new Map(cats.map((v, k) => [v === 0 ? 0 : v, k] as const)));
  const blockStart: number[] = [];
  let off = passthrough.length;
  for (const cats of enc.categories) {
    blockStart.push(off);
    off += cats.length;
  }
  return { passthrough, lookups, blockStart, width: off };
}

function makePreprocess(p: CheckedPipeline): (data: ArrayLike<number>, o: number, out: Float64Array) => void {
  const { nRaw, scaler } = p;
  const plan = p.oneHot ? oneHotPlan(p.oneHot, nRaw) : null;
  const columns = p.oneHot?.columns ?? [];
  return (data, o, out) => {
    if (plan) {
      out.fill(0);
      for (let k = 0; k < plan.passthrough.length; k++) out[k] = data[o + plan.passthrough[k]];
      for (let b = 0; b < columns.length; b++) {
        const v = data[o + columns[b]];
        const k = plan.lookups[b].get(v === 0 ? 0 : v);
        if (k !== undefined) out[plan.blockStart[b] + k] = 1;
      }
    } else {
      for (let j = 0; j < nRaw; j++) out[j] = data[o + j];
    }
    if (scaler) for (let j = 0; j < out.length; j++) out[j] = (out[j] - scaler.mean[j]) / scaler.scale[j];
  };
}

function makeModel(p: CheckedPipeline): (x: Float64Array) => number {
  const m = p.model;
  if (m.kind === 'logistic-regression') {
    return (x) => {
      let z = m.intercept;
      for (let j = 0; j < x.length; j++) z += x[j] * m.coef[j];
      return sigmoid(z);
    };
  }
  if (m.kind === 'mlp') {
    const bufs = m.layers.map((L) => new Float64Array(L.outSize));
    return (x) => {
      let a: Float64Array = x;
      m.layers.forEach((L, l) => {
        const z = bufs[l];
        for (let j = 0; j < L.outSize; j++) z[j] = L.bias[j];
        for (let k = 0; k < L.inSize; k++) {
          const ak = a[k],
            wo = k * L.outSize;
          for (let j = 0; j < L.outSize; j++) z[j] += ak * L.weights[wo + j];
        }
        for (let j = 0; j < L.outSize; j++) z[j] = L.activation === 'relu' ? (z[j] > 0 ? z[j] : 0) : sigmoid(z[j]);
        a = z;
      });
      return a[0];
    };
  }
  const trees = modelTrees(m)!;
  const sumLeaves = (x: Float64Array): number => {
    let s = 0;
    for (const t of trees) s += t.value[leafIndex(t, x, 0)];
    return s;
  };
  if (m.kind === 'gbdt') return (x) => sigmoid(m.baseScore + sumLeaves(x));
  return (x) => sumLeaves(x) / trees.length;
}

/**
 * Validates model and preprocessing JSON once (same checks as exportToOnnx) for raw rows of `nRaw` columns and
 * returns a float64 evaluator of the pipeline. Not re-entrant across concurrent calls sharing one predictor
 * within the same tick (it reuses buffers), which is fine in single-threaded JS.
 */
export function createReferencePredictor(
  params: { model: unknown; preprocess?: PreprocessJson | { scaler?: unknown; oneHot?: unknown } },
  nRaw: number,
): ReferencePredictor {
  const p = checkPipeline(params.model, params.preprocess, nRaw);
  const preprocessRow = makePreprocess(p);
  const predictPreprocessed = makeModel(p);
  const buf = new Float64Array(p.nModelInputs);
  return {
    nRaw,
    nModelInputs: p.nModelInputs,
    preprocessRow,
    predictPreprocessed,
    predictProba(X: Matrix): Float64Array {
      if (X.cols !== nRaw) throw new RangeError(`reference predictor: X has ${X.cols} columns, expected ${nRaw}`);
      const out = new Float64Array(X.rows);
      for (let i = 0; i < X.rows; i++) {
        preprocessRow(X.data, i * X.cols, buf);
        out[i] = predictPreprocessed(buf);
      }
      return out;
    },
  };
}
