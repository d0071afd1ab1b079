import { z } from 'zod';
import type { AbortCheck } from '../ml/cancel';
import type { Matrix } from '../ml/matrix';
import type { BinaryClassifier, SerializedModel } from '../ml/model';
import { OneHotEncoder, StandardScaler } from '../ml/preprocessing';
import { loadModel } from './algorithms';

/**
 * A fitted response model with its preprocessing: raw input → one-hot (categorical columns) → standardise →
 * classifier. This is exactly what the ONNX export puts in the graph, so the two agree by construction.
 */
export const ZPipelineJson = z.object({
  kind: z.literal('pipeline'),
  version: z.literal(1),
  categoricalColumns: z.array(z.number().int()),
  encoder: z.unknown(),
  scaler: z.unknown(),
  model: z.object({ kind: z.string(), version: z.number() }).passthrough(),
});
export type PipelineJson = z.infer<typeof ZPipelineJson>;

export class ModelPipeline {
  constructor(
    readonly encoder: OneHotEncoder,
    readonly scaler: StandardScaler,
    readonly model: BinaryClassifier,
  ) {}

  static fit(
    model: BinaryClassifier,
    X: Matrix,
    y: Float64Array,
    categoricalColumns: number[],
    signal?: AbortCheck,
  ): ModelPipeline {
    const encoder = new OneHotEncoder({ columns: categoricalColumns }).fit(X);
    const encoded = encoder.transform(X);
    const scaler = new StandardScaler().fit(encoded);
    model.fit(scaler.transform(encoded), y, { signal });
    return new ModelPipeline(encoder, scaler, model);
  }

  predictProba(X: Matrix): Float64Array {
    return this.model.predictProba(this.scaler.transform(this.encoder.transform(X)));
  }

  toJSON(): PipelineJson {
    return {
      kind: 'pipeline',
      version: 1,
      categoricalColumns: [...this.encoder.columns],
      encoder: this.encoder.toJSON(),
      scaler: this.scaler.toJSON(),
      model: this.model.toJSON() as SerializedModel,
    };
  }

  static fromJSON(json: unknown): ModelPipeline {
    const j = ZPipelineJson.parse(json);
    return new ModelPipeline(
      OneHotEncoder.fromJSON(j.encoder),
      StandardScaler.fromJSON(j.scaler),
      loadModel(j.model as SerializedModel),
    );
  }
}
