import 'server-only';
import { z } from 'zod';
import type { Prisma } from '@/generated/prisma/client';
import { writeAudit } from '../audit/write-audit';
import type { OrgContext } from '../auth/context';
import type { CsvKind } from '../data/csv-schema';
import { type ImportMappingSpec, readMappingSpec, ZImportMappingSpec } from '../data/import-mapping';
import { db } from '../db';
import { AppError } from '../http/errors';

/** Saved, named import mappings of an organisation: list, save (create or replace by name), delete, resolve. */
const KIND = { customers: 'CUSTOMERS', events: 'EVENTS', exposures: 'EXPOSURES' } as const;
const FROM_KIND = { CUSTOMERS: 'customers', EVENTS: 'events', EXPOSURES: 'exposures' } as const;

export const ZSaveImportMapping = z.object({
  name: z.string().trim().min(1).max(80),
  kind: z.enum(['customers', 'events', 'exposures']),
  spec: ZImportMappingSpec,
});

const view = (m: { id: string; name: string; kind: keyof typeof FROM_KIND; spec: unknown; updatedAt: Date }) => ({
  id: m.id,
  name: m.name,
  kind: FROM_KIND[m.kind],
  spec: readMappingSpec(m.spec),
  updatedAt: m.updatedAt,
});

export async function listImportMappings(ctx: OrgContext) {
  const rows = await db.importMapping.findMany({ where: { organizationId: ctx.orgId }, orderBy: { name: 'asc' } });
  return rows.map(view);
}

export async function saveImportMapping(ctx: OrgContext, input: z.infer<typeof ZSaveImportMapping>) {
  const m = await db.$transaction(async (tx) => {
    const saved = await tx.importMapping.upsert({
      where: { organizationId_name: { organizationId: ctx.orgId, name: input.name } },
      create: {
        organizationId: ctx.orgId,
        name: input.name,
        kind: KIND[input.kind],
        spec: input.spec as Prisma.InputJsonValue,
        createdById: ctx.userId,
      },
      update: { kind: KIND[input.kind], spec: input.spec as Prisma.InputJsonValue },
    });
    await writeAudit(tx, ctx, {
      action: 'import_mapping.save',
      entityType: 'ImportMapping',
      entityId: saved.id,
      diff: { name: input.name, kind: input.kind },
    });
    return saved;
  });
  return view(m);
}

export async function deleteImportMapping(ctx: OrgContext, id: string) {
  const m = await db.importMapping.findFirst({ where: { id, organizationId: ctx.orgId } });
  if (!m) throw AppError.notFound('Import mapping');
  await db.$transaction(async (tx) => {
    await tx.importMapping.delete({ where: { id } });
    await writeAudit(tx, ctx, {
      action: 'import_mapping.delete',
      entityType: 'ImportMapping',
      entityId: id,
      diff: { name: m.name },
    });
  });
  return { id, deleted: true };
}

/** The spec of an upload: a saved mapping (by id, of this organisation and kind), the inline one, or none. */
export async function resolveMappingSpec(
  ctx: OrgContext,
  kind: CsvKind,
  input: { mapping?: unknown; mappingId?: string },
): Promise<ImportMappingSpec> {
  if (input.mappingId) {
    const m = await db.importMapping.findFirst({ where: { id: input.mappingId, organizationId: ctx.orgId } });
    if (!m) throw AppError.notFound('Import mapping');
    if (m.kind !== KIND[kind])
      throw new AppError('unprocessable', `Mapping "${m.name}" is for ${FROM_KIND[m.kind]} files, not ${kind}`);
    return readMappingSpec(m.spec);
  }
  const parsed = z.unknown().transform((v, c) => {
    try {
      return readMappingSpec(v);
    } catch (err) {
      const issues = err instanceof z.ZodError ? err.issues : [];
      for (const i of issues) c.addIssue({ code: 'custom', path: ['mapping', ...i.path], message: i.message });
      if (!issues.length) c.addIssue({ code: 'custom', message: 'mapping is not valid' });
      return z.NEVER;
    }
  });
  const r = parsed.safeParse(input.mapping);
  if (!r.success) {
    throw new AppError(
      'validation_failed',
      `The mapping is not valid: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      r.error.issues.map((i) => ({ path: i.path as (string | number)[], message: i.message })),
    );
  }
  return r.data;
}
