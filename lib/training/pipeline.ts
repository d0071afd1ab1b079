import { z } from 'zod';
import type { AbortCheck } from '../ml/cancel';
import { LogisticRegression } from '../ml/logistic-regression';
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
  /**
   * Logistic regression only: the k×k row-major Hessian of the penalised objective at the fit, on the (encoded,
   * standardised) training rows — the precision of the Laplace posterior N(θ̂, H⁻¹) that the contextual policy mode
   * samples. Stored at training because the rows it needs are not reproducible later (imports change the data).
   */
  laplaceHessian: z.array(z.number()).optional(),
});
export type PipelineJson = z.infer<typeof ZPipelineJson>;

export class ModelPipeline {
  constructor(
    readonly encoder: OneHotEncoder,
    readonly scaler: StandardScaler,
    readonly model: BinaryClassifier,
    readonly laplaceHessian?: number[],
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
    const design = scaler.transform(encoded);
    model.fit(design, y, { signal });
    // the Laplace posterior's precision, O(n·k²) once here (k = encoded columns + 1)
    const hessian = model instanceof LogisticRegression ? Array.from(model.hessian(design).H) : undefined;
    return new ModelPipeline(encoder, scaler, model, hessian);
  }

  /** The classifier's input for raw rows: one-hot encoded, then standardised. */
  design(X: Matrix): Matrix {
    return this.scaler.transform(this.encoder.transform(X));
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
      ...(this.laplaceHessian ? { laplaceHessian: this.laplaceHessian } : {}),
    };
  }

  static fromJSON(json: unknown): ModelPipeline {
    const j = ZPipelineJson.parse(json);
    return new ModelPipeline(
      OneHotEncoder.fromJSON(j.encoder),
      StandardScaler.fromJSON(j.scaler),
      loadModel(j.model as SerializedModel),
      j.laplaceHessian,
    );
  }
}
