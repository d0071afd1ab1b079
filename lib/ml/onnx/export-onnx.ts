/**
 * ONNX export of OfferPilot response models (model JSON + optional one-hot and scaler JSON) to one ONNX file.
 *
 * Format of the file (see README.md in this folder):
 *   - ModelProto, IR version 8, producer_name 'offerpilot'; opsets ai.onnx 17 and, for tree models only,
 *     ai.onnx.ml 3 (TreeEnsembleRegressor). Loads in onnxruntime 1.30.
 *   - Input  `features`    float32 [N, nRaw]: raw feature values in `featureNames` order; categorical columns
 *     hold integer category codes. The preprocessing (one-hot, then standard scaler) is inside the graph.
 *   - Output `probability` float32 [N, 1]: P(y = 1).
 *   - Internals run in float64 (Cast after the input); tree models round their input to float32 first, which is
 *     the `Math.fround(x) <= threshold` rule of lib/ml/flat-tree.ts. LR: MatMul + Add + Sigmoid; MLP:
 *     MatMul + Add + Relu/Sigmoid per layer; decision tree / forest: TreeEnsembleRegressor SUM with leaf
 *     weights value / nTrees; GBDT: TreeEnsembleRegressor SUM with base value baseScore, then Sigmoid.
 *   - metadata_props: see onnx-metadata.ts (kind, version, feature schema and its hash, createdAt, graph
 *     SHA-256, producer) plus the caller's own keys.
 */
import { GraphBuilder } from './graph-builder';
import { checkPipeline, type PreprocessJson } from './model-json';
import {
  featureSchemaHash,
  ONNX_FORMAT_VERSION,
  ONNX_PRODUCER,
  RESERVED_METADATA_KEYS,
  sha256Hex,
  storedGraphBytes,
} from './onnx-metadata';
import {
  DataType,
  type GraphObject,
  GraphProto,
  IR_VERSION,
  ModelProto,
  OPSET_AI_ONNX,
  OPSET_AI_ONNX_ML,
  type ValueInfoObject,
} from './onnx-proto';
import { addPipeline } from './pipeline-graph';

export const ONNX_INPUT_NAME = 'features';
export const ONNX_OUTPUT_NAME = 'probability';

export interface ExportOnnxParams {
  /** Model JSON (`toJSON()` of LogisticRegression, MLPClassifier, DecisionTree, RandomForest or GBDT classifier). */
  model: unknown;
  /** Preprocessing fitted with the model: one-hot on raw columns, then the scaler on the one-hot output. */
  preprocess?: PreprocessJson | { scaler?: unknown; oneHot?: unknown };
  /** Names of the raw input columns, in input order (their count is the input width). */
  featureNames: readonly string[];
  /** Extra string metadata to store (e.g. model version id); must not use a reserved key. Default {}. */
  metadata?: Record<string, string>;
  /** Creation time (ISO-8601) stored in the metadata. Default: now. */
  createdAt?: string;
}

function tensorInfo(name: string, elemType: number, dims: (number | string)[]): ValueInfoObject {
  return {
    name,
    type: {
      tensor_type: {
        elem_type: elemType,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dim_value: d } : { dim_param: d })) },
      },
    },
  };
}

function checkFeatureNames(names: readonly string[]): void {
  if (!Array.isArray(names) || names.length === 0)
    throw new TypeError('exportToOnnx: featureNames must be a non-empty array');
  for (const n of names)
    if (typeof n !== 'string' || n.length === 0)
      throw new TypeError('exportToOnnx: every feature name must be a non-empty string');
  if (new Set(names).size !== names.length) throw new TypeError('exportToOnnx: featureNames has duplicates');
}

/**
 * Builds the ONNX ModelProto bytes of a model and its preprocessing. Throws TypeError on malformed JSON or
 * metadata and RangeError when widths do not line up (feature names vs one-hot vs scaler vs model).
 */
export function exportToOnnx(params: ExportOnnxParams): Uint8Array {
  const { featureNames, metadata = {}, createdAt = new Date().toISOString() } = params;
  checkFeatureNames(featureNames);
  const p = checkPipeline(params.model, params.preprocess, featureNames.length);
  for (const [k, v] of Object.entries(metadata)) {
    if ((RESERVED_METADATA_KEYS as readonly string[]).includes(k))
      throw new TypeError(`exportToOnnx: metadata key ${k} is reserved`);
    if (typeof v !== 'string') throw new TypeError(`exportToOnnx: metadata value of ${k} must be a string`);
  }
  if (Number.isNaN(Date.parse(createdAt))) throw new TypeError(`exportToOnnx: createdAt ${createdAt} is not a date`);

  const g = new GraphBuilder();
  g.reserve(ONNX_INPUT_NAME);
  addPipeline(g, ONNX_INPUT_NAME, ONNX_OUTPUT_NAME, p);
  const graph: GraphObject = {
    node: g.nodes,
    name: `offerpilot_${p.model.kind}`,
    initializer: g.initializers,
    doc_string: `OfferPilot ${p.model.kind} v${p.model.version}: ${ONNX_INPUT_NAME} float32 [N, ${p.nRaw}] (raw) -> ${ONNX_OUTPUT_NAME} float32 [N, 1] = P(y=1)`,
    input: [tensorInfo(ONNX_INPUT_NAME, DataType.FLOAT, ['N', p.nRaw])],
    output: [tensorInfo(ONNX_OUTPUT_NAME, DataType.FLOAT, ['N', 1])],
  };
  const graphMessage = GraphProto.fromObject(graph);
  const graphSha256 = sha256Hex(GraphProto.encode(graphMessage).finish());

  const categoricalColumns = p.oneHot ? [...p.oneHot.columns] : [];
  const props: Record<string, string> = {
    producer: ONNX_PRODUCER,
    formatVersion: ONNX_FORMAT_VERSION,
    kind: p.model.kind,
    version: String(p.model.version),
    featureNames: JSON.stringify(featureNames),
    categoricalColumns: JSON.stringify(categoricalColumns),
    featureSchemaHash: featureSchemaHash(featureNames, categoricalColumns),
    createdAt,
    graphSha256,
    ...metadata,
  };
  const isTree = p.model.kind !== 'logistic-regression' && p.model.kind !== 'mlp';
  const opsets = [
    { domain: '', version: OPSET_AI_ONNX },
    ...(isTree ? [{ domain: 'ai.onnx.ml', version: OPSET_AI_ONNX_ML }] : []),
  ];
  const model = ModelProto.fromObject({
    ir_version: IR_VERSION,
    opset_import: opsets,
    producer_name: ONNX_PRODUCER,
    producer_version: ONNX_FORMAT_VERSION,
    domain: 'com.offerpilot',
    model_version: p.model.version,
    doc_string: graph.doc_string,
    graph: graphMessage,
    metadata_props: Object.entries(props).map(([key, value]) => ({ key, value })),
  });
  const bytes = new Uint8Array(ModelProto.encode(model).finish()); // a plain copy, not a pooled Node Buffer
  // protobufjs encodes a nested message exactly as on its own; check, so the stored hash is always right.
  if (sha256Hex(storedGraphBytes(bytes)) !== graphSha256)
    throw new Error('exportToOnnx: graph bytes changed during encoding');
  return bytes;
}
