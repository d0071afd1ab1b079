import 'server-only';
import type { OrgContext } from '../auth/context';
import { writeAudit } from '../audit/write-audit';
import { db } from '../db';
import { AppError } from '../http/errors';

const SUMMARY = {
  id: true, name: true, version: true, algorithm: true, params: true, metrics: true, isCandidate: true, isActive: true,
  trainingJobId: true, createdById: true, createdAt: true, onnxSha256: true,
} as const;

export function listModelVersions(ctx: OrgContext) {
  return db.modelVersion.findMany({ where: { organizationId: ctx.orgId }, orderBy: { createdAt: 'desc' }, take: 200, select: SUMMARY });
}

export async function getModelVersion(ctx: OrgContext, id: string) {
  const m = await db.modelVersion.findFirst({ where: { id, organizationId: ctx.orgId }, select: { ...SUMMARY, featureSchema: true } });
  if (!m) throw AppError.notFound('Model version');
  const author = m.createdById ? await db.user.findUnique({ where: { id: m.createdById }, select: { email: true } }) : null;
  return { ...m, author: author?.email ?? null, hasOnnx: m.onnxSha256 !== null };
}

/** Marks one version as the serving candidate of its model name (the previous candidate is unmarked). */
export async function markCandidate(ctx: OrgContext, id: string) {
  return db.$transaction(async (tx) => {
    const m = await tx.modelVersion.findFirst({ where: { id, organizationId: ctx.orgId }, select: { id: true, name: true, version: true } });
    if (!m) throw AppError.notFound('Model version');
    await tx.modelVersion.updateMany({ where: { organizationId: ctx.orgId, name: m.name, isCandidate: true }, data: { isCandidate: false } });
    await tx.modelVersion.update({ where: { id }, data: { isCandidate: true } });
    await writeAudit(tx, ctx, { action: 'model.candidate', entityType: 'ModelVersion', entityId: id, diff: { name: m.name, version: m.version } });
    return { id, isCandidate: true };
  });
}
