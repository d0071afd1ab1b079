import { createHash } from 'node:crypto';
import { exportToOnnx } from '../ml/onnx/export-onnx';
import { readOnnxMetadata } from '../ml/onnx/onnx-metadata';
import type { PipelineJson } from './pipeline';

/**
 * The ONNX file of a fitted pipeline (one-hot → scaler → model inside the graph; input `features` float32
 * [N, raw width] raw values in the feature schema's order (rawFeatureNames); output `probability` float32
 * [N, 1]), read back once to check its metadata before it is stored.
 */
export function exportPipeline(
  pipeline: PipelineJson,
  featureNames: readonly string[],
  meta: Record<string, string>,
): { bytes: Uint8Array; sha256: string } {
  const bytes = exportToOnnx({
    model: pipeline.model,
    preprocess: { oneHot: pipeline.encoder, scaler: pipeline.scaler },
    featureNames,
    metadata: meta,
  });
  const m = readOnnxMetadata(bytes);
  if (m.kind !== pipeline.model.kind)
    throw new Error(`exported ONNX says kind ${m.kind}, expected ${pipeline.model.kind}`);
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}
