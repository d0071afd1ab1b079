import { z } from 'zod';
import { checkFlatTree, ZFlatTree } from '../flat-tree';
import type { FlatTree } from '../model';

/**
 * zod schemas of the model and preprocessing JSON formats that the ONNX exporter and the reference evaluator
 * accept (the `toJSON()` output of the lib/ml classes; extra keys such as `params` are ignored), and
 * `checkPipeline`, which checks that the pieces fit together:
 *   raw row (nRaw values) → one-hot (optional) → standard scaler (optional) → model (nModelInputs values).
 */

const finite = z.number().finite();

export const ZScalerJson = z.object({
  kind: z.literal('standard-scaler'),
  version: z.literal(1),
  mean: z.array(finite),
  scale: z.array(finite.positive()),
});

export const ZOneHotJson = z.object({
  kind: z.literal('one-hot-encoder'),
  version: z.literal(1),
  columns: z.array(z.number().int().nonnegative()),
  categories: z.array(z.array(z.number().int())),
});

export const ZLogisticRegressionJson = z.object({
  kind: z.literal('logistic-regression'),
  version: z.literal(1),
  coef: z.array(finite).min(1),
  intercept: finite,
});

export const ZMlpLayer = z.object({
  inSize: z.number().int().positive(),
  outSize: z.number().int().positive(),
  weights: z.array(finite),
  bias: z.array(finite),
  activation: z.enum(['relu', 'sigmoid']),
});

export const ZMlpJson = z.object({ kind: z.literal('mlp'), version: z.literal(1), layers: z.array(ZMlpLayer).min(1) });

const nFeatures = z.number().int().positive();
export const ZDecisionTreeJson = z.object({
  kind: z.literal('decision-tree'),
  version: z.literal(1),
  nFeatures,
  tree: ZFlatTree,
});
export const ZRandomForestJson = z.object({
  kind: z.literal('random-forest'),
  version: z.literal(1),
  nFeatures,
  trees: z.array(ZFlatTree).min(1),
});
export const ZGbdtJson = z.object({
  kind: z.literal('gbdt'),
  version: z.literal(1),
  nFeatures,
  baseScore: finite,
  trees: z.array(ZFlatTree).min(1),
});

export const ZExportableModel = z.discriminatedUnion('kind', [
  ZLogisticRegressionJson,
  ZMlpJson,
  ZDecisionTreeJson,
  ZRandomForestJson,
  ZGbdtJson,
]);
export type ExportableModel = z.infer<typeof ZExportableModel>;
export type ScalerJson = z.infer<typeof ZScalerJson>;
export type OneHotJson = z.infer<typeof ZOneHotJson>;
export type MlpLayerJson = z.infer<typeof ZMlpLayer>;

/** Optional preprocessing, applied in this order: one-hot first, then the scaler on the one-hot output. */
export interface PreprocessJson {
  scaler?: ScalerJson;
  oneHot?: OneHotJson;
}

/** Model and preprocessing after validation, with the widths of each stage. */
export interface CheckedPipeline {
  model: ExportableModel;
  scaler?: ScalerJson;
  oneHot?: OneHotJson;
  nRaw: number;
  /** Width after one-hot (= nRaw without one-hot) = scaler width = model input width. */
  nModelInputs: number;
}

function parse<T>(schema: z.ZodType<T>, json: unknown, what: string): T {
  const r = schema.safeParse(json);
  if (!r.success)
    throw new TypeError(
      `${what}: invalid JSON (${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')})`,
    );
  return r.data;
}

/** Number of inputs the model JSON expects. */
export function modelInputWidth(model: ExportableModel): number {
  switch (model.kind) {
    case 'logistic-regression':
      return model.coef.length;
    case 'mlp':
      return model.layers[0].inSize;
    default:
      return model.nFeatures;
  }
}

/** The trees of a tree model (one for a decision tree), or null for LR / MLP. */
export function modelTrees(model: ExportableModel): FlatTree[] | null {
  if (model.kind === 'decision-tree') return [model.tree];
  if (model.kind === 'random-forest' || model.kind === 'gbdt') return model.trees;
  return null;
}

function checkMlp(layers: readonly MlpLayerJson[]): void {
  layers.forEach((L, l) => {
    if (L.weights.length !== L.inSize * L.outSize || L.bias.length !== L.outSize)
      throw new TypeError(`mlp layer ${l}: weights must have inSize × outSize values and bias outSize`);
    if (l > 0 && L.inSize !== layers[l - 1].outSize)
      throw new TypeError(
        `mlp layer ${l}: inSize ${L.inSize} does not match previous outSize ${layers[l - 1].outSize}`,
      );
  });
  const last = layers[layers.length - 1];
  if (last.outSize !== 1 || last.activation !== 'sigmoid')
    throw new TypeError('mlp: the last layer must have outSize 1 and a sigmoid activation');
}

/**
 * Validates model and preprocessing JSON for a raw input of `nRaw` columns and returns them with the stage
 * widths. Throws a TypeError on malformed JSON and a RangeError when widths do not line up.
 */
export function checkPipeline(
  modelJson: unknown,
  preprocess: { scaler?: unknown; oneHot?: unknown } | undefined,
  nRaw: number,
): CheckedPipeline {
  if (!Number.isInteger(nRaw) || nRaw < 1) throw new RangeError(`need at least one raw feature (got ${nRaw})`);
  const model = parse(ZExportableModel, modelJson, 'model');
  const oneHot =
    preprocess?.oneHot === undefined ? undefined : parse(ZOneHotJson, preprocess.oneHot, 'one-hot encoder');
  const scaler =
    preprocess?.scaler === undefined ? undefined : parse(ZScalerJson, preprocess.scaler, 'standard scaler');
  let width = nRaw;
  if (oneHot) {
    const { columns, categories } = oneHot;
    if (columns.length !== categories.length)
      throw new TypeError('one-hot encoder: columns and categories lengths differ');
    if (new Set(columns).size !== columns.length) throw new TypeError('one-hot encoder: duplicate column');
    for (const c of columns)
      if (c >= nRaw) throw new RangeError(`one-hot encoder: column ${c} out of range for ${nRaw} raw features`);
    categories.forEach((cats, b) => {
      if (new Set(cats).size !== cats.length) throw new TypeError(`one-hot encoder: duplicate category in block ${b}`);
      for (const v of cats)
        if (Math.abs(v) > 2 ** 24)
          throw new RangeError(`one-hot encoder: category ${v} is not exactly representable in float32 input`);
    });
    width = nRaw - columns.length + categories.reduce((s, c) => s + c.length, 0);
  }
  if (scaler) {
    if (scaler.mean.length !== scaler.scale.length)
      throw new TypeError('standard scaler: mean and scale lengths differ');
    if (scaler.mean.length !== width)
      throw new RangeError(`standard scaler has ${scaler.mean.length} columns, its input has ${width}`);
  }
  if (model.kind === 'mlp') checkMlp(model.layers);
  if ('nFeatures' in model)
    modelTrees(model)!.forEach((t, k) => {
      checkFlatTree(t, model.nFeatures, `${model.kind} tree ${k}`);
    });
  const inputs = modelInputWidth(model);
  if (inputs !== width) throw new RangeError(`${model.kind} expects ${inputs} inputs, preprocessing yields ${width}`);
  if (width < 1) throw new RangeError('preprocessing yields no columns');
  return { model, scaler, oneHot, nRaw, nModelInputs: width };
}
