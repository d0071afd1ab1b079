import 'server-only';
import { writeAudit } from '../audit/write-audit';
import type { OrgContext } from '../auth/context';
import { db } from '../db';
import { AppError } from '../http/errors';

/**
 * A successful segmentation run with its segments: the latest one, or the one named by `runId` (older runs stay
 * selectable in the policy editor). Unknown or foreign run ids answer 404.
 */
export async function latestSegmentation(ctx: OrgContext, runId?: string) {
  const job = await db.trainingJob.findFirst({
    where: { organizationId: ctx.orgId, kind: 'SEGMENT', status: 'SUCCEEDED', ...(runId ? { id: runId } : {}) },
    orderBy: { finishedAt: 'desc' },
    select: {
      id: true,
      params: true,
      metrics: true,
      finishedAt: true,
      segments: {
        orderBy: { clusterIndex: 'asc' },
        select: { id: true, name: true, clusterIndex: true, size: true, profile: true, algorithm: true },
      },
    },
  });
  if (runId && !job) throw AppError.notFound('Segmentation run');
  return { run: job };
}

/** Every successful segmentation run, newest first (id, when, algorithm, number of segments). */
export async function listSegmentationRuns(ctx: OrgContext) {
  const jobs = await db.trainingJob.findMany({
    where: { organizationId: ctx.orgId, kind: 'SEGMENT', status: 'SUCCEEDED' },
    orderBy: { finishedAt: 'desc' },
    take: 50,
    select: { id: true, finishedAt: true, params: true, _count: { select: { segments: true } } },
  });
  return jobs.map((j) => ({
    id: j.id,
    finishedAt: j.finishedAt,
    algorithm: (j.params as { algorithm?: string } | null)?.algorithm ?? 'unknown',
    segments: j._count.segments,
  }));
}

export function listSegments(ctx: OrgContext) {
  return db.segment.findMany({
    where: { organizationId: ctx.orgId },
    orderBy: { createdAt: 'desc' },
    select: { id: true, name: true, size: true, algorithm: true, createdAt: true, jobId: true },
  });
}

export async function renameSegment(ctx: OrgContext, id: string, name: string) {
  return db.$transaction(async (tx) => {
    const s = await tx.segment.findFirst({ where: { id, organizationId: ctx.orgId }, select: { name: true } });
    if (!s) throw AppError.notFound('Segment');
    const updated = await tx.segment.update({ where: { id }, data: { name }, select: { id: true, name: true } });
    await writeAudit(tx, ctx, {
      action: 'segment.rename',
      entityType: 'Segment',
      entityId: id,
      diff: { from: s.name, to: name },
    });
    return updated;
  });
}
