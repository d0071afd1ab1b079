import type { Matrix } from '../matrix';
import type { FlatTree } from '../model';
import type { Rng } from '../rng';
import type { OneHotJson, ScalerJson } from './model-json';

/**
 * Seeded random model, preprocessing and data generators in the JSON formats of model-json.ts, for the ONNX
 * parity tests and the latency benchmark (no training involved).
 */

/** A random complete binary FlatTree of the given depth over `nFeatures` features (thresholds float32). */
export function randomFlatTree(
  rng: Rng,
  params: { depth: number; nFeatures: number; leafValue: () => number },
): FlatTree {
  const t: FlatTree = { feature: [], threshold: [], left: [], right: [], value: [], cover: [] };
  const grow = (depth: number): number => {
    const n = t.feature.length;
    t.feature.push(-1);
    t.threshold.push(0);
    t.left.push(-1);
    t.right.push(-1);
    t.value.push(0);
    t.cover.push(1);
    if (depth === 0) {
      t.value[n] = params.leafValue();
      return n;
    }
    t.feature[n] = rng.int(params.nFeatures);
    t.threshold[n] = Math.fround(rng.normal());
    t.left[n] = grow(depth - 1);
    t.right[n] = grow(depth - 1);
    return n;
  };
  grow(params.depth);
  return t;
}

export function randomTrees(
  rng: Rng,
  params: { nTrees: number; depth: number; nFeatures: number; leafValue: () => number },
): FlatTree[] {
  return Array.from({ length: params.nTrees }, () => randomFlatTree(rng, params));
}

/** Random weights of an MLP with the given layer sizes (relu hidden layers, sigmoid output of size 1). */
export function randomMlpJson(rng: Rng, sizes: readonly number[]) {
  const layers = sizes.slice(1).map((outSize, l) => {
    const inSize = sizes[l];
    const sd = Math.sqrt(2 / inSize);
    return {
      inSize,
      outSize,
      weights: Array.from({ length: inSize * outSize }, () => rng.normal() * sd),
      bias: Array.from({ length: outSize }, () => rng.normal() * 0.1),
      activation: (l === sizes.length - 2 ? 'sigmoid' : 'relu') as 'relu' | 'sigmoid',
    };
  });
  return { kind: 'mlp' as const, version: 1 as const, layers };
}

export function randomLogisticJson(rng: Rng, nInputs: number) {
  return {
    kind: 'logistic-regression' as const,
    version: 1 as const,
    coef: Array.from({ length: nInputs }, () => rng.normal()),
    intercept: rng.normal(),
  };
}

/**
 * A raw dataset description: `nRaw` columns, the listed ones categorical with integer codes 0..nCodes−1, and
 * a one-hot encoder that knows only some of the codes (so unknown codes occur), plus a random scaler for the
 * one-hot output.
 */
export function randomPreprocess(rng: Rng, params: { nRaw: number; categorical: readonly number[]; nCodes: number }) {
  const categories = params.categorical.map(() => {
    const known: number[] = [];
    for (let c = 0; c < params.nCodes; c++) if (rng.next() < 0.7) known.push(c);
    return rng.shuffle(known); // listed order need not be ascending
  });
  const oneHot: OneHotJson = { kind: 'one-hot-encoder', version: 1, columns: [...params.categorical], categories };
  const width = params.nRaw - params.categorical.length + categories.reduce((s, c) => s + c.length, 0);
  const scaler: ScalerJson = {
    kind: 'standard-scaler',
    version: 1,
    mean: Array.from({ length: width }, () => rng.normal() * 0.5),
    scale: Array.from({ length: width }, () => 0.5 + rng.next() * 2.5),
  };
  return { oneHot, scaler, width };
}

/** Random raw rows: categorical columns get integer codes in [0, nCodes], others float32 values ~ N(0, 3²). */
export function randomRawRows(
  rng: Rng,
  params: { rows: number; nRaw: number; categorical: readonly number[]; nCodes: number },
): Matrix {
  const cat = new Set(params.categorical);
  const data = new Float64Array(params.rows * params.nRaw);
  for (let i = 0; i < params.rows; i++) {
    for (let j = 0; j < params.nRaw; j++) {
      data[i * params.nRaw + j] = cat.has(j) ? rng.int(params.nCodes + 1) : Math.fround(rng.normal() * 3);
    }
  }
  return { data, rows: params.rows, cols: params.nRaw };
}
