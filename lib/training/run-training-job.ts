import 'server-only';
import type { Prisma } from '@/generated/prisma/client';
import { computePool } from '../compute/thread-pool';
import { requestCompute } from '../computed/computed-store';
import { db } from '../db';
import { env } from '../env';
import { rawFeatureNames } from '../features/feature-schema';
import { AppError } from '../http/errors';
import { JobCancelled } from '../jobs/job-stop';
import { assertLease, type JobLease, renewLease, reportProgress } from '../jobs/queue';
import { signModelFile } from '../models/stored-model-file';
import { describeTrainingData } from '../models/training-distribution';
import { ALGORITHMS, type AlgorithmName } from './algorithms';
import { shareTrainingSet } from './fit-task';
import { ZTrainJobParams } from './job-params';
import { loadTrainingSet } from './load-training-set';
import { trainAndEvaluate } from './train-and-evaluate';

/**
 * Runs one training job (in a worker process): loads the training set, searches and evaluates every requested
 * algorithm, and registers one ModelVersion per algorithm (metrics, parameters, feature schema, training-data
 * reference, author). Returns the model version ids.
 *
 * Fits run on the compute pool's threads (TRAINING_THREADS, default every core; even one thread keeps this
 * thread free for heartbeats), in parallel over folds and grid candidates. Every write names the job's lease. Registration
 * is idempotent per (job, algorithm): a retried attempt skips algorithms an earlier attempt registered.
 */
export async function runTrainingJob(
  job: { id: string; organizationId: string; params: unknown; createdById: string | null },
  run: { lease: JobLease; signal: AbortSignal },
): Promise<string[]> {
  const params = ZTrainJobParams.parse(job.params);
  const { lease, signal } = run;
  const report = async (progress: number, stage: string, log?: string, point?: Record<string, number>) => {
    signal.throwIfAborted();
    if (await reportProgress(lease, { progress, stage, log, point })) throw new JobCancelled();
  };
  const registered = await db.modelVersion.findMany({
    where: { organizationId: job.organizationId, trainingJobId: job.id },
    select: { id: true, algorithm: true },
  });
  const todo = params.algorithms.filter((a) => !registered.some((m) => m.algorithm === a.name));
  if (todo.length < params.algorithms.length)
    await report(
      0.01,
      'resuming',
      `already registered by an earlier attempt: ${registered.map((m) => m.algorithm).join(', ')}`,
    );
  if (!todo.length) return registered.map((m) => m.id);
  await report(0.01, 'loading data', 'building features from stored events and exposures');
  const set = await loadTrainingSet(job.organizationId, {
    cutoff: params.cutoff,
    attributes: params.attributes,
    controlArm: params.controlArm,
  });
  const positives = set.y.reduce((s, v) => s + v, 0);
  await report(
    0.05,
    'training',
    `training set: ${set.exposures} exposures, ${positives} conversions, ${set.X.cols} raw features, cut-off ${set.schema.cutoff}` +
      (set.schema.attributes.length ? `; attributes ${set.schema.attributes.map((a) => a.name).join(', ')}` : '') +
      (set.schema.arms ? `; arms ${set.schema.arms.names.join(', ')} (control ${set.schema.arms.control})` : ''),
  );
  const pool = computePool(env().TRAINING_THREADS);
  const shared = shareTrainingSet(set.X, set.y);
  const results = await trainAndEvaluate({
    X: set.X,
    y: set.y,
    signal,
    fit: (task, sig) => pool.run('training.fit', { ...task, ...shared }, { signal: sig }),
    uplift: (task, sig) => pool.run('training.uplift', { ...task, ...shared }, { signal: sig }),
    categoricalColumns: set.categoricalColumns,
    algorithms: todo.map((a) => ({
      name: a.name as AlgorithmName,
      grid: a.grid ?? (ALGORITHMS[a.name as AlgorithmName].defaultGrid as Record<string, unknown[]>),
    })),
    folds: params.folds,
    holdoutFraction: params.holdoutFraction,
    seed: params.seed,
    treatment: set.treatment,
    onProgress: (p) => report(0.05 + 0.9 * p.fraction, p.stage, p.message, p.point),
  });
  await report(0.97, 'registering models');
  const trainingDistribution = describeTrainingData(set.X, set.schema);
  const ids: string[] = registered.map((m) => m.id);
  for (const r of results) {
    const onnx = await pool.run(
      'training.export',
      {
        pipeline: r.pipeline,
        featureNames: rawFeatureNames(set.schema),
        meta: { trainingJobId: job.id, modelName: params.name },
      },
      { signal },
    );
    await report(
      0.98,
      'registering models',
      `${r.algorithm}: ONNX file ${(onnx.bytes.length / 1024).toFixed(0)} KiB, sha256 ${onnx.sha256.slice(0, 12)}…`,
    );
    const created = await db.$transaction(
      async (tx) => {
        await assertLease(tx, lease);
        const existing = await tx.modelVersion.findFirst({
          where: { organizationId: job.organizationId, trainingJobId: job.id, algorithm: r.algorithm },
          select: { id: true },
        });
        if (existing) return existing;
        // versions of one model name are numbered one at a time, even when two jobs finish together
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`model:${job.organizationId}:${params.name}`}, 0))`;
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
              // bins of each customer input, for drift monitoring (lib/models/model-monitoring.ts)
              featureDistribution: trainingDistribution,
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
        // the file is signed under MODEL_SIGNING_KEY, bound to this organisation and version id (lib/models)
        const signed = signModelFile(job.organizationId, created.id, onnx.bytes);
        if (signed.sha256 !== onnx.sha256) throw new Error('exported ONNX bytes changed before they were signed');
        await tx.$executeRaw`UPDATE "ModelVersion" SET "modelJson" = ${JSON.stringify(r.pipeline)}::jsonb, "onnxSignature" = ${signed.signature} WHERE id = ${created.id}`;
        await renewLease(tx, lease);
        return { id: created.id };
      },
      // like the segmentation's save: Prisma's 5 s default expired registering a 256×256 network on the loaded machine
      { timeout: 60_000 },
    );
    ids.push(created.id);
  }
  // the explanation sample of each new version is drawn by the worker now, not by its first Explain visit
  await requestCompute(job.organizationId, 'EXPLANATION_SAMPLE', ids);
  return ids;
}

export function describeFailure(err: unknown): string {
  if (err instanceof AppError) return err.message;
  if (err instanceof Error) return `${err.name === 'Error' ? '' : `${err.name}: `}${err.message}`;
  return String(err);
}
