import 'server-only';
import { writeAudit } from '../audit/write-audit';
import type { OrgContext } from '../auth/context';
import { db } from '../db';
import { AppError } from '../http/errors';

/** The latest successful segmentation run with its segments, and every saved segment (for policies/experiments). */
export async function latestSegmentation(ctx: OrgContext) {
  const job = await db.trainingJob.findFirst({
    where: { organizationId: ctx.orgId, kind: 'SEGMENT', status: 'SUCCEEDED' },
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
  return { run: job };
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
