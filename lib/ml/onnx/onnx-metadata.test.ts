import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { Rng } from '../rng';
import { exportToOnnx } from './export-onnx';
import { featureSchemaHash, OnnxMetadataError, readOnnxMetadata, storedGraphBytes } from './onnx-metadata';
import { ModelProto } from './onnx-proto';

const model = { kind: 'logistic-regression', version: 1, coef: [0.5, -1, 2, 0.25], intercept: 0.1 };
const preprocess = {
  oneHot: { kind: 'one-hot-encoder' as const, version: 1 as const, columns: [2], categories: [[0, 1]] },
  scaler: {
    kind: 'standard-scaler' as const,
    version: 1 as const,
    mean: [123.456, 0, 0.5, 0.5],
    scale: [2, 1, 0.5, 0.5],
  },
};
const featureNames = ['spend', 'visits', 'channel'];
const createdAt = '2026-01-02T03:04:05.000Z';
const exported = () =>
  exportToOnnx({ model, preprocess, featureNames, metadata: { modelVersionId: 'mv_42', orgId: 'org_1' }, createdAt });

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof OnnxMetadataError) return e.code;
    throw e;
  }
  return 'accepted';
}

/** Decodes, edits the plain object, re-encodes. */
function edit(bytes: Uint8Array, change: (m: Record<string, any>) => void): Uint8Array {
  const obj = ModelProto.toObject(ModelProto.decode(bytes), { longs: Number, bytes: Array }) as Record<string, any>;
  change(obj);
  return ModelProto.encode(ModelProto.fromObject(obj)).finish();
}

function setProp(m: Record<string, any>, key: string, value: string): void {
  m.metadata_props.find((p: { key: string }) => p.key === key).value = value;
}

describe('featureSchemaHash', () => {
  it('is the SHA-256 of the canonical schema JSON', () => {
    // python3 -c "import hashlib; print(hashlib.sha256(b'{\"featureNames\":[\"a\",\"b\"],\"categoricalColumns\":[0,1]}').hexdigest())"
    expect(featureSchemaHash(['a', 'b'], [1, 0])).toBe(
      'd812ccd5ccb85227874f7f56abf64e1cad9f548ccfc126da009baecacd343e4c',
    );
  });
});

describe('readOnnxMetadata', () => {
  it('returns the metadata written by exportToOnnx', () => {
    const meta = readOnnxMetadata(exported());
    expect(meta).toMatchObject({
      producer: 'offerpilot',
      formatVersion: '1',
      kind: 'logistic-regression',
      version: 1,
      featureNames,
      categoricalColumns: [2],
      featureSchemaHash: featureSchemaHash(featureNames, [2]),
      createdAt,
      extra: { modelVersionId: 'mv_42', orgId: 'org_1' },
    });
    expect(meta.graphSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses malformed bytes', () => {
    const bytes = exported();
    expect(codeOf(() => readOnnxMetadata(new Uint8Array(0)))).toBe('malformed');
    expect(codeOf(() => readOnnxMetadata(bytes.subarray(0, bytes.length - 7)))).toBe('malformed');
    const rng = new Rng(1);
    expect(codeOf(() => readOnnxMetadata(Uint8Array.from({ length: 300 }, () => rng.int(256))))).toBe('malformed');
    expect(codeOf(() => readOnnxMetadata(new TextEncoder().encode('{"kind":"gbdt"}')))).toBe('malformed');
    expect(() => readOnnxMetadata('abc' as unknown as Uint8Array)).toThrow(TypeError);
  });

  it('refuses a file from another producer', () => {
    expect(
      codeOf(() =>
        readOnnxMetadata(
          edit(exported(), (m) => {
            m.producer_name = 'skl2onnx';
          }),
        ),
      ),
    ).toBe('wrong-producer');
    expect(codeOf(() => readOnnxMetadata(edit(exported(), (m) => setProp(m, 'producer', 'other'))))).toBe(
      'wrong-producer',
    );
  });

  it('refuses a file whose graph bytes were changed, and onnxruntime would have run it', async () => {
    const bytes = exported();
    // Find the float64 123.456 (the scaler mean) in the file and change it to 124.456.
    const needle = new Uint8Array(new Float64Array([123.456]).buffer);
    const at = Buffer.from(bytes).indexOf(Buffer.from(needle));
    expect(at).toBeGreaterThan(0);
    const tampered = Uint8Array.from(bytes);
    tampered.set(new Uint8Array(new Float64Array([124.456]).buffer), at);
    expect(codeOf(() => readOnnxMetadata(tampered))).toBe('tampered');
    const session = await ort.InferenceSession.create(Buffer.from(tampered));
    expect(session.outputNames).toEqual(['probability']);
    await session.release();
  });

  it('refuses a second graph appended to the file', () => {
    const bytes = exported();
    const graph = storedGraphBytes(bytes);
    const extraGraph = edit(bytes, (m) => {
      for (const k of Object.keys(m)) if (k !== 'graph') delete m[k];
    });
    expect(Buffer.from(storedGraphBytes(extraGraph)).equals(Buffer.from(graph))).toBe(true);
    const doubled = new Uint8Array(bytes.length + extraGraph.length);
    doubled.set(bytes);
    doubled.set(extraGraph, bytes.length);
    expect(codeOf(() => readOnnxMetadata(doubled))).toBe('tampered');
  });

  it('refuses edited metadata that no longer matches the schema hash or the graph', () => {
    expect(
      codeOf(() =>
        readOnnxMetadata(edit(exported(), (m) => setProp(m, 'featureNames', '["spend","visits","region"]'))),
      ),
    ).toBe('invalid-metadata');
    expect(codeOf(() => readOnnxMetadata(edit(exported(), (m) => setProp(m, 'kind', 'svm'))))).toBe('invalid-metadata');
    expect(codeOf(() => readOnnxMetadata(edit(exported(), (m) => setProp(m, 'createdAt', 'yesterday'))))).toBe(
      'invalid-metadata',
    );
    expect(
      codeOf(() =>
        readOnnxMetadata(
          edit(exported(), (m) => {
            m.metadata_props = m.metadata_props.filter((p: { key: string }) => p.key !== 'graphSha256');
          }),
        ),
      ),
    ).toBe('invalid-metadata');
    // names and hash changed consistently, but the graph input still has 3 columns
    const four = ['a', 'b', 'c', 'd'];
    const resized = edit(exported(), (m) => {
      setProp(m, 'featureNames', JSON.stringify(four));
      setProp(m, 'featureSchemaHash', featureSchemaHash(four, [2]));
    });
    expect(codeOf(() => readOnnxMetadata(resized))).toBe('invalid-metadata');
    // unchanged re-encoding is accepted (protobufjs encodes deterministically)
    expect(codeOf(() => readOnnxMetadata(edit(exported(), () => {})))).toBe('accepted');
  });
});
