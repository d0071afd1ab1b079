import 'server-only';
import type { z } from 'zod';
import { Prisma } from '@/generated/prisma/client';
import { writeAudit } from '../audit/write-audit';
import type { OrgContext } from '../auth/context';
import { requestCompute } from '../computed/computed-store';
import { requestPolicyEvaluations } from '../computed/request-recompute';
import { db } from '../db';
import { AppError } from '../http/errors';
import { fetchPage, tableQuery } from '../http/table-query';
import { invalidateServingCaches } from '../serving/ttl-cache';
import { loadVerifiedModelFile } from './stored-model-file';

const SUMMARY = {
  id: true,
  name: true,
  version: true,
  algorithm: true,
  params: true,
  metrics: true,
  isCandidate: true,
  isActive: true,
  trainingJobId: true,
  createdById: true,
  createdAt: true,
  onnxSha256: true,
} as const;

export const ZModelsTable = tableQuery({
  sort: ['createdAt', 'name', 'algorithm', 'auc', 'served'],
  defaultSort: 'createdAt',
  defaultDir: 'desc',
  defaultPageSize: 200,
});

/**
 * One page of model versions; the search matches name or algorithm, ignoring case. `auc` sorts by the holdout AUC
 * kept in the metrics JSON (ordered in SQL, then the page's rows fetched); `served` puts the active version first.
 */
export async function listModelVersions(ctx: OrgContext, q: z.output<typeof ZModelsTable> = ZModelsTable.parse({})) {
  const where: Prisma.ModelVersionWhereInput = {
    organizationId: ctx.orgId,
    ...(q.q
      ? {
          OR: [{ name: { contains: q.q, mode: 'insensitive' } }, { algorithm: { contains: q.q, mode: 'insensitive' } }],
        }
      : {}),
  };
  const count = () => db.modelVersion.count({ where });
  if (q.sort !== 'auc') {
    const orderBy: Prisma.ModelVersionOrderByWithRelationInput[] =
      q.sort === 'served'
        ? [{ isActive: q.dir }, { isCandidate: q.dir }, { createdAt: 'desc' }]
        : [{ [q.sort]: q.dir }];
    return fetchPage(
      q,
      (page) => db.modelVersion.findMany({ where, orderBy: [...orderBy, { id: q.dir }], ...page, select: SUMMARY }),
      count,
    );
  }
  const like = q.q ? `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const dir = q.dir === 'asc' ? Prisma.sql`ASC` : Prisma.sql`DESC`;
  return fetchPage(
    q,
    async ({ skip, take }) => {
      const ids = await db.$queryRaw<{ id: string }[]>`
        SELECT id FROM "ModelVersion"
        WHERE "organizationId" = ${ctx.orgId}
          AND (${like}::text IS NULL OR name ILIKE ${like} OR algorithm ILIKE ${like})
        ORDER BY (metrics->'holdout'->>'auc')::float8 ${dir} NULLS LAST, id ${dir}
        OFFSET ${skip} LIMIT ${take}`;
      const rows = await db.modelVersion.findMany({ where: { id: { in: ids.map((r) => r.id) } }, select: SUMMARY });
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.flatMap((r) => byId.get(r.id) ?? []);
    },
    count,
  );
}

export async function getModelVersion(ctx: OrgContext, id: string) {
  const m = await db.modelVersion.findFirst({
    where: { id, organizationId: ctx.orgId },
    select: { ...SUMMARY, featureSchema: true },
  });
  if (!m) throw AppError.notFound('Model version');
  const author = m.createdById
    ? await db.user.findUnique({ where: { id: m.createdById }, select: { email: true } })
    : null;
  return { ...m, author: author?.email ?? null, hasOnnx: m.onnxSha256 !== null };
}

/** Marks one version as the serving candidate of its model name (the previous candidate is unmarked). */
export async function markCandidate(ctx: OrgContext, id: string) {
  return db.$transaction(async (tx) => {
    const m = await tx.modelVersion.findFirst({
      where: { id, organizationId: ctx.orgId },
      select: { id: true, name: true, version: true },
    });
    if (!m) throw AppError.notFound('Model version');
    await tx.modelVersion.updateMany({
      where: { organizationId: ctx.orgId, name: m.name, isCandidate: true },
      data: { isCandidate: false },
    });
    await tx.modelVersion.update({ where: { id }, data: { isCandidate: true } });
    await writeAudit(tx, ctx, {
      action: 'model.candidate',
      entityType: 'ModelVersion',
      entityId: id,
      diff: { name: m.name, version: m.version },
    });
    return { id, isCandidate: true };
  });
}

/**
 * Makes this version the one the scoring API serves (the organisation's previously active one stops). A version
 * whose stored file fails its signature check is refused (422) before anything changes.
 */
export async function activateModelVersion(ctx: OrgContext, id: string) {
  const m = await db.modelVersion.findFirst({ where: { id, organizationId: ctx.orgId }, select: { onnxSha256: true } });
  if (m?.onnxSha256) await loadVerifiedModelFile(ctx.orgId, id);
  const activated = await db.$transaction(async (tx) => {
    const m = await tx.modelVersion.findFirst({
      where: { id, organizationId: ctx.orgId },
      select: { id: true, name: true, version: true, onnxSha256: true },
    });
    if (!m) throw AppError.notFound('Model version');
    if (!m.onnxSha256) throw new AppError('unprocessable', 'This version has no ONNX file and cannot be served');
    const previous = await tx.modelVersion.findMany({
      where: { organizationId: ctx.orgId, isActive: true, id: { not: id } },
      select: { id: true },
    });
    await tx.modelVersion.updateMany({
      where: { organizationId: ctx.orgId, isActive: true },
      data: { isActive: false },
    });
    await tx.modelVersion.update({ where: { id }, data: { isActive: true } });
    invalidateServingCaches(ctx.orgId);
    await writeAudit(tx, ctx, {
      action: 'model.activate',
      entityType: 'ModelVersion',
      entityId: id,
      diff: { name: m.name, version: m.version, previous: previous.map((p) => p.id) },
    });
    return { id, isActive: true };
  });
  // offline evaluations of versions without their own model use the served one; the Overview shows its monitoring
  await requestPolicyEvaluations(ctx.orgId);
  await requestCompute(ctx.orgId, 'MODEL_MONITORING', [id]);
  return activated;
}

/** The stored ONNX file of a version, for download: only after its signature check (422 otherwise). */
export async function modelOnnxFile(ctx: OrgContext, id: string) {
  const m = await db.modelVersion.findFirst({
    where: { id, organizationId: ctx.orgId },
    select: { name: true, version: true, onnxSha256: true },
  });
  if (!m) throw AppError.notFound('Model version');
  if (!m.onnxSha256) throw new AppError('not_found', 'This version has no ONNX file');
  const f = await loadVerifiedModelFile(ctx.orgId, id);
  return { fileName: `${m.name}-v${m.version}.onnx`, bytes: f.bytes, sha256: f.sha256 };
}
