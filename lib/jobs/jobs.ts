import 'server-only';
import type { z } from 'zod';
import type { Prisma } from '@/generated/prisma/client';
import { writeAudit } from '../audit/write-audit';
import type { OrgContext } from '../auth/context';
import { db } from '../db';
import { env } from '../env';
import { AppError } from '../http/errors';
import { fetchPage, tableQuery } from '../http/table-query';
import { loadAttributeSpecs } from '../segments/load-attribute-specs';
import type { SegmentJobParams } from '../segments/segment-params';
import { countFits, type TrainJobParams } from '../training/job-params';
import { transitionJob } from './queue';

const LIST_FIELDS = {
  id: true,
  kind: true,
  status: true,
  params: true,
  progress: true,
  stage: true,
  error: true,
  attempts: true,
  cancelRequested: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
} as const;

/**
 * Queues a training job; refuses (422) one that asks for more fits than MAX_FITS_PER_JOB, and (400) attribute names
 * that are not attributes of the organisation.
 */
export async function createTrainingJob(ctx: OrgContext, params: TrainJobParams) {
  assertFitBudget(params);
  if (params.attributes?.length) await loadAttributeSpecs(ctx.orgId, params.attributes);
  return createJob(ctx, 'TRAIN', params);
}

function assertFitBudget(params: TrainJobParams) {
  const limit = env().MAX_FITS_PER_JOB;
  const fits = countFits(params);
  if (fits.total <= limit) return;
  const detail = fits.perAlgorithm
    .map((a) => `${a.name}: ${a.candidates} candidate${a.candidates > 1 ? 's' : ''} × ${params.folds} folds + 1`)
    .join('; ');
  throw new AppError(
    'unprocessable',
    `This job would fit ${fits.total.toLocaleString('en')} models (${detail}); the limit is ` +
      `${limit.toLocaleString('en')} per job. Use fewer folds or fewer grid values.`,
    [{ path: ['algorithms'], message: `${fits.total} fits requested; at most ${limit}`, code: 'too_many_fits' }],
    { fits: fits.total, limit, perAlgorithm: fits.perAlgorithm },
  );
}

/** Queues a segmentation job; every feature must be a behaviour feature or an attribute (400 otherwise). */
export async function createSegmentationJob(ctx: OrgContext, params: SegmentJobParams) {
  await loadAttributeSpecs(ctx.orgId, params.features);
  return createJob(ctx, 'SEGMENT', params);
}

/**
 * Queues a job unless the organisation already has MAX_ACTIVE_JOBS_PER_ORG queued or running (429). The count
 * and the insert happen under a per-organisation advisory lock, so parallel requests cannot overshoot.
 */
async function createJob(ctx: OrgContext, kind: 'TRAIN' | 'SEGMENT', params: TrainJobParams | SegmentJobParams) {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`jobs:${ctx.orgId}`}, 0))`;
    const limit = env().MAX_ACTIVE_JOBS_PER_ORG;
    const active = await tx.trainingJob.count({
      where: { organizationId: ctx.orgId, status: { in: ['QUEUED', 'RUNNING'] } },
    });
    if (active >= limit)
      throw new AppError(
        'rate_limited',
        `Your organisation already has ${active} queued or running job${active > 1 ? 's' : ''} (the limit is ` +
          `${limit}); wait for one to finish or cancel one`,
        undefined,
        { active, limit },
      );
    const job = await tx.trainingJob.create({
      data: {
        organizationId: ctx.orgId,
        kind,
        params: params as unknown as Prisma.InputJsonValue,
        createdById: ctx.userId,
      },
      select: LIST_FIELDS,
    });
    await writeAudit(tx, ctx, {
      action: 'job.create',
      entityType: 'TrainingJob',
      entityId: job.id,
      diff: params as unknown as Prisma.InputJsonValue,
    });
    return job;
  });
}

export const ZJobsTable = tableQuery({
  sort: ['createdAt', 'status', 'kind', 'progress'],
  defaultSort: 'createdAt',
  defaultDir: 'desc',
  defaultPageSize: 100,
});

/** One page of jobs; the search matches the job's name. Ties broken by id so pages never overlap. */
export async function listJobs(ctx: OrgContext, q: z.output<typeof ZJobsTable> = ZJobsTable.parse({})) {
  const where: Prisma.TrainingJobWhereInput = {
    organizationId: ctx.orgId,
    ...(q.q ? { params: { path: ['name'], string_contains: q.q } } : {}),
  };
  return fetchPage(
    q,
    (page) =>
      db.trainingJob.findMany({ where, orderBy: [{ [q.sort]: q.dir }, { id: q.dir }], ...page, select: LIST_FIELDS }),
    () => db.trainingJob.count({ where }),
  );
}

export async function getJob(ctx: OrgContext, id: string) {
  const job = await db.trainingJob.findFirst({
    where: { id, organizationId: ctx.orgId },
    select: {
      ...LIST_FIELDS,
      logs: true,
      models: { select: { id: true, name: true, version: true, algorithm: true, metrics: true } },
    },
  });
  if (!job) throw AppError.notFound('Job');
  return job;
}

/** A queued job is cancelled at once; a running one stops within about a second (its worker polls the flag). */
export async function cancelJob(ctx: OrgContext, id: string) {
  const job = await db.trainingJob.findFirst({ where: { id, organizationId: ctx.orgId }, select: { status: true } });
  if (!job) throw AppError.notFound('Job');
  if (
    job.status === 'QUEUED' &&
    (await transitionJob(id, 'QUEUED', 'CANCELLED', {
      cancelRequested: true,
      finishedAt: new Date(),
      error: 'Cancelled before it started',
    }))
  ) {
    return { id, status: 'CANCELLED' as const };
  }
  if (job.status === 'RUNNING' || job.status === 'QUEUED') {
    await db.trainingJob.updateMany({
      where: { id, organizationId: ctx.orgId, status: { in: ['RUNNING', 'QUEUED'] } },
      data: { cancelRequested: true },
    });
    await db.$transaction((tx) =>
      writeAudit(tx, ctx, { action: 'job.cancel', entityType: 'TrainingJob', entityId: id }),
    );
    return { id, status: 'RUNNING' as const, cancelRequested: true };
  }
  throw new AppError(
    'conflict',
    `This job has already ${job.status === 'SUCCEEDED' ? 'succeeded' : job.status.toLowerCase()}`,
  );
}

/** Runs a failed or cancelled job again, as a new job with the same parameters. */
export async function retryJob(ctx: OrgContext, id: string) {
  const job = await db.trainingJob.findFirst({
    where: { id, organizationId: ctx.orgId },
    select: { status: true, params: true, kind: true },
  });
  if (!job) throw AppError.notFound('Job');
  if (job.status !== 'FAILED' && job.status !== 'CANCELLED')
    throw new AppError('conflict', 'Only a failed or cancelled job can be retried');
  return createJob(ctx, job.kind, job.params as unknown as TrainJobParams);
}
