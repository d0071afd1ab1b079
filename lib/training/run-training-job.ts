import 'server-only';
import type { Prisma } from '@/generated/prisma/client';
import { db } from '../db';
import { DISCOUNT_COLUMN } from '../features/feature-schema';
import { AppError } from '../http/errors';
import { reportProgress } from '../jobs/queue';
import { ALGORITHMS, type AlgorithmName } from './algorithms';
import { exportPipeline } from './export-model';
import { ZTrainJobParams } from './job-params';
import { loadTrainingSet } from './load-training-set';
import { trainAndEvaluate } from './train-and-evaluate';

/** Thrown inside a job when a user asked to cancel it. */
export class JobCancelled extends Error {
  constructor() {
    super('Cancelled by a user');
  }
}

/**
 * Runs one training job (in a worker process): loads the training set, searches and evaluates every requested
 * algorithm, and registers one ModelVersion per algorithm (metrics, parameters, feature schema, training-data
 * reference, author). Returns the created model version ids.
 */
export async function runTrainingJob(job: {
  id: string;
  organizationId: string;
  params: unknown;
  createdById: string | null;
}): Promise<string[]> {
  const params = ZTrainJobParams.parse(job.params);
  const report = async (progress: number, stage: string, log?: string, point?: Record<string, number>) => {
    if (await reportProgress(job.id, { progress, stage, log, point })) throw new JobCancelled();
  };
  await report(0.01, 'loading data', 'building features from stored events and exposures');
  const set = await loadTrainingSet(job.organizationId, params.cutoff);
  const positives = set.y.reduce((s, v) => s + v, 0);
  await report(
    0.05,
    'training',
    `training set: ${set.exposures} exposures, ${positives} conversions, ${set.X.cols} raw features, cut-off ${set.schema.cutoff}`,
  );
  const results = await trainAndEvaluate({
    X: set.X,
    y: set.y,
    categoricalColumns: set.categoricalColumns,
    algorithms: params.algorithms.map((a) => ({
      name: a.name as AlgorithmName,
      grid: a.grid ?? (ALGORITHMS[a.name as AlgorithmName].defaultGrid as Record<string, unknown[]>),
    })),
    folds: params.folds,
    holdoutFraction: params.holdoutFraction,
    seed: params.seed,
    discountColumn: DISCOUNT_COLUMN,
    onProgress: (p) => report(0.05 + 0.9 * p.fraction, p.stage, p.message, p.point),
  });
  await report(0.97, 'registering models');
  const ids: string[] = [];
  for (const r of results) {
    const onnx = exportPipeline(r.pipeline, { trainingJobId: job.id, modelName: params.name });
    await report(
      0.98,
      'registering models',
      `${r.algorithm}: ONNX file ${(onnx.bytes.length / 1024).toFixed(0)} KiB, sha256 ${onnx.sha256.slice(0, 12)}…`,
    );
    const created = await db.$transaction(async (tx) => {
      const last = await tx.modelVersion.findFirst({
        where: { organizationId: job.organizationId, name: params.name },
        orderBy: { version: 'desc' },
        select: { version: true },
      });
      const created = await tx.modelVersion.create({
        data: {
          organizationId: job.organizationId,
          name: params.name,
          version: (last?.version ?? 0) + 1,
          algorithm: r.algorithm,
          params: {
            ...r.bestParams,
            folds: params.folds,
            holdoutFraction: params.holdoutFraction,
            seed: params.seed,
          } as Prisma.InputJsonValue,
          metrics: {
            holdout: r.metrics,
            threshold: r.threshold,
            candidates: r.candidates,
            curves: r.curves,
            trainSeconds: r.trainSeconds,
            uplift: r.uplift,
            trainingData: { exposures: set.exposures, positives, cutoff: set.schema.cutoff },
          } as unknown as Prisma.InputJsonValue,
          featureSchema: set.schema as unknown as Prisma.InputJsonValue,
          modelJson: r.pipeline as unknown as Prisma.InputJsonValue,
          onnx: Buffer.from(onnx.bytes),
          onnxSha256: onnx.sha256,
          trainingJobId: job.id,
          createdById: job.createdById,
        },
      });
      // Prisma 6.19 writes Json numbers with 16 significant digits, which breaks float32-exact tree thresholds
      // (a double needs up to 17); write the fitted model as exact JSON text instead.
      await tx.$executeRaw`UPDATE "ModelVersion" SET "modelJson" = ${JSON.stringify(r.pipeline)}::jsonb WHERE id = ${created.id}`;
      return created;
    });
    ids.push(created.id);
  }
  return ids;
}

export function describeFailure(err: unknown): string {
  if (err instanceof AppError) return err.message;
  if (err instanceof Error) return `${err.name === 'Error' ? '' : `${err.name}: `}${err.message}`;
  return String(err);
}
