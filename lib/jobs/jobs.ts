import 'server-only';
import type { Prisma } from '@/generated/prisma/client';
import { writeAudit } from '../audit/write-audit';
import type { OrgContext } from '../auth/context';
import { db } from '../db';
import { AppError } from '../http/errors';
import type { SegmentJobParams } from '../segments/segment-params';
import type { TrainJobParams } from '../training/job-params';
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

export function createTrainingJob(ctx: OrgContext, params: TrainJobParams) {
  return createJob(ctx, 'TRAIN', params);
}

export function createSegmentationJob(ctx: OrgContext, params: SegmentJobParams) {
  return createJob(ctx, 'SEGMENT', params);
}

async function createJob(ctx: OrgContext, kind: 'TRAIN' | 'SEGMENT', params: TrainJobParams | SegmentJobParams) {
  return db.$transaction(async (tx) => {
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

export function listJobs(ctx: OrgContext) {
  return db.trainingJob.findMany({
    where: { organizationId: ctx.orgId },
    orderBy: { createdAt: 'desc' },
    take: 100,
    select: LIST_FIELDS,
  });
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

/** A queued job is cancelled at once; a running one is asked to stop at its next progress report. */
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
