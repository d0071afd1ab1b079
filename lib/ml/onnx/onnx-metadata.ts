import { createHash } from 'node:crypto';
import protobuf from 'protobufjs';
import { z } from 'zod';
import { MODEL_GRAPH_FIELD, ModelProto } from './onnx-proto';

/**
 * The metadata that travels inside every exported ONNX file (ModelProto.metadata_props), and its reader.
 *
 * Keys written by `exportToOnnx` (all values are strings):
 *   producer           'offerpilot' (also ModelProto.producer_name)
 *   formatVersion      '1' — version of this export format
 *   kind, version      model JSON kind ('gbdt', …) and version ('1')
 *   featureNames       JSON array of the raw input column names, in input order
 *   categoricalColumns JSON array of the raw columns one-hot encoded inside the graph
 *   featureSchemaHash  featureSchemaHash(featureNames, categoricalColumns) — serving compares it with its own
 *   createdAt          ISO-8601 timestamp
 *   graphSha256        SHA-256 (hex) of the serialized GraphProto bytes as stored in the file
 * plus any caller-supplied keys (returned as `extra`). `readOnnxMetadata` decodes the file, checks all this and
 * throws an OnnxMetadataError otherwise. The graph hash detects corruption or edits of the graph; it is not a
 * signature (anyone can recompute it), so authenticity still relies on where the bytes are stored.
 */

export const ONNX_PRODUCER = 'offerpilot';
export const ONNX_FORMAT_VERSION = '1';
export const RESERVED_METADATA_KEYS = [
  'producer',
  'formatVersion',
  'kind',
  'version',
  'featureNames',
  'categoricalColumns',
  'featureSchemaHash',
  'createdAt',
  'graphSha256',
] as const;

export type OnnxMetadataErrorCode = 'malformed' | 'wrong-producer' | 'invalid-metadata' | 'tampered';

export class OnnxMetadataError extends Error {
  constructor(
    readonly code: OnnxMetadataErrorCode,
    message: string,
  ) {
    super(`ONNX file refused (${code}): ${message}`);
    this.name = 'OnnxMetadataError';
  }
}

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'expected a lowercase hex SHA-256');

export const ZOnnxMetadata = z.object({
  producer: z.literal(ONNX_PRODUCER),
  formatVersion: z.literal(ONNX_FORMAT_VERSION),
  kind: z.enum(['logistic-regression', 'mlp', 'decision-tree', 'random-forest', 'gbdt']),
  version: z.number().int().positive(),
  featureNames: z.array(z.string().min(1)).min(1),
  categoricalColumns: z.array(z.number().int().nonnegative()),
  featureSchemaHash: hex64,
  createdAt: z.iso.datetime({ offset: true }),
  graphSha256: hex64,
  extra: z.record(z.string(), z.string()),
});
export type OnnxMetadata = z.infer<typeof ZOnnxMetadata>;

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * SHA-256 of the input schema: the raw feature names in order and which of them are integer-coded categorical
 * columns (canonical JSON `{"featureNames":[…],"categoricalColumns":[…sorted]}`). Two files with the same hash
 * accept the same input rows.
 */
export function featureSchemaHash(featureNames: readonly string[], categoricalColumns: readonly number[] = []): string {
  const canonical = JSON.stringify({
    featureNames: [...featureNames],
    categoricalColumns: [...categoricalColumns].sort((a, b) => a - b),
  });
  return sha256Hex(canonical);
}

/**
 * The bytes of the top-level `graph` field (ModelProto field 7) exactly as stored, read with protobufjs's wire
 * Reader. Throws if the field is missing or repeated (protobuf would silently merge a second copy).
 */
export function storedGraphBytes(bytes: Uint8Array): Uint8Array {
  const reader = protobuf.Reader.create(bytes);
  let graph: Uint8Array | null = null;
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    if (tag >>> 3 === MODEL_GRAPH_FIELD && (tag & 7) === 2) {
      if (graph) throw new OnnxMetadataError('tampered', 'the file holds more than one graph');
      graph = reader.bytes();
    } else {
      reader.skipType(tag & 7);
    }
  }
  if (!graph) throw new OnnxMetadataError('malformed', 'no graph in the file');
  return graph;
}

interface DecodedModel {
  producer_name?: string;
  metadata_props?: { key?: string; value?: string }[];
  graph?: {
    input?: {
      name?: string;
      type?: { tensor_type?: { shape?: { dim?: { dim_value?: number; dim_param?: string }[] } } };
    }[];
    output?: { name?: string }[];
  };
}

function parseJson(key: string, value: string | undefined): unknown {
  if (value === undefined) return undefined;
  try {
    return JSON.parse(value);
  } catch {
    throw new OnnxMetadataError('invalid-metadata', `${key} is not valid JSON`);
  }
}

/**
 * Decodes an exported ONNX file and returns its validated metadata. Throws OnnxMetadataError with code
 * 'malformed' (not a ModelProto, no graph), 'wrong-producer' (not written by offerpilot), 'invalid-metadata'
 * (keys missing or malformed, feature schema hash not matching the names, input width not matching) or
 * 'tampered' (graph bytes do not match graphSha256).
 */
export function readOnnxMetadata(bytes: Uint8Array): OnnxMetadata {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('readOnnxMetadata: expected a Uint8Array');
  if (bytes.length === 0) throw new OnnxMetadataError('malformed', 'empty file');
  let decoded: DecodedModel;
  let graphBytes: Uint8Array;
  try {
    const msg = ModelProto.decode(bytes);
    decoded = ModelProto.toObject(msg, { longs: Number, defaults: false }) as DecodedModel;
    graphBytes = storedGraphBytes(bytes);
  } catch (e) {
    if (e instanceof OnnxMetadataError) throw e;
    throw new OnnxMetadataError('malformed', `not an ONNX ModelProto (${(e as Error).message})`);
  }
  const props = new Map<string, string>();
  for (const p of decoded.metadata_props ?? []) {
    if (p.key === undefined || props.has(p.key))
      throw new OnnxMetadataError('invalid-metadata', `missing or duplicate metadata key ${String(p.key)}`);
    props.set(p.key, p.value ?? '');
  }
  if (decoded.producer_name !== ONNX_PRODUCER || props.get('producer') !== ONNX_PRODUCER) {
    throw new OnnxMetadataError(
      'wrong-producer',
      `producer is ${String(decoded.producer_name)}, expected ${ONNX_PRODUCER}`,
    );
  }
  const reserved = new Set<string>(RESERVED_METADATA_KEYS);
  const extra: Record<string, string> = {};
  for (const [k, v] of props) if (!reserved.has(k)) extra[k] = v;
  const versionText = props.get('version');
  const r = ZOnnxMetadata.safeParse({
    producer: props.get('producer'),
    formatVersion: props.get('formatVersion'),
    kind: props.get('kind'),
    version: versionText === undefined || !/^\d+$/.test(versionText) ? versionText : Number(versionText),
    featureNames: parseJson('featureNames', props.get('featureNames')),
    categoricalColumns: parseJson('categoricalColumns', props.get('categoricalColumns')),
    featureSchemaHash: props.get('featureSchemaHash'),
    createdAt: props.get('createdAt'),
    graphSha256: props.get('graphSha256'),
    extra,
  });
  if (!r.success) {
    throw new OnnxMetadataError(
      'invalid-metadata',
      r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    );
  }
  const meta = r.data;
  if (sha256Hex(graphBytes) !== meta.graphSha256)
    throw new OnnxMetadataError('tampered', 'graph bytes do not match graphSha256');
  if (featureSchemaHash(meta.featureNames, meta.categoricalColumns) !== meta.featureSchemaHash) {
    throw new OnnxMetadataError(
      'invalid-metadata',
      'featureSchemaHash does not match featureNames and categoricalColumns',
    );
  }
  const input = decoded.graph?.input?.find((i) => i.name === 'features');
  const width = input?.type?.tensor_type?.shape?.dim?.[1]?.dim_value;
  if (width !== meta.featureNames.length) {
    throw new OnnxMetadataError(
      'invalid-metadata',
      `graph input 'features' has width ${String(width)}, metadata lists ${meta.featureNames.length} features`,
    );
  }
  if (!decoded.graph?.output?.some((o) => o.name === 'probability'))
    throw new OnnxMetadataError('invalid-metadata', "graph has no 'probability' output");
  return meta;
}
