import 'server-only';
import { z } from 'zod';
import { writeAudit } from '../audit/write-audit';
import type { OrgContext } from '../auth/context';
import { type CsvKind, resolveHeader } from '../data/csv-schema';
import { db } from '../db';
import { AppError } from '../http/errors';
import type { ReceivedUpload } from './receive-upload';
import { launchImport } from './run-import';

export const ZCsvKind = z.enum(['customers', 'events', 'exposures']);
const KIND_TO_ENUM = { customers: 'CUSTOMERS', events: 'EVENTS', exposures: 'EXPOSURES' } as const;

/**
 * Starts importing a received file as a new dataset of the organisation. Idempotent by content: the same file
 * (SHA-256) of the same kind, already imported, returns that dataset with `duplicate: true` and stores nothing.
 * A header that does not resolve is refused with 422 and the header cells, so the user can map columns.
 */
export async function startDatasetImport(
  ctx: OrgContext,
  input: { kind: CsvKind; name?: string; fileName: string; upload: ReceivedUpload; mapping?: Record<string, string> },
) {
  const { kind, upload } = input;
  const resolved = resolveHeader(kind, upload.header, input.mapping ?? {});
  if (!resolved.ok) {
    await upload.cleanup();
    const msg = resolved.missing.length
      ? `The ${kind} file lacks required column(s): ${resolved.missing.join(', ')}. Map them to header cells of your file.`
      : `The header could not be mapped: ${resolved.problems.join('; ')}`;
    throw new AppError(
      'unprocessable',
      msg,
      [
        ...resolved.missing.map((c) => ({ path: ['mapping', c], message: 'required column not found in the header' })),
        ...resolved.problems.map((p) => ({ path: ['header'], message: p })),
      ],
      { header: upload.header, missing: resolved.missing },
    );
  }
  const existing = await db.dataset.findUnique({
    where: {
      organizationId_kind_contentHash: {
        organizationId: ctx.orgId,
        kind: KIND_TO_ENUM[kind],
        contentHash: upload.sha256,
      },
    },
  });
  if (existing?.status === 'COMPLETED') {
    await upload.cleanup();
    return { dataset: existing, duplicate: true };
  }
  if (existing && (existing.status === 'IMPORTING' || existing.status === 'PENDING')) {
    await upload.cleanup();
    throw new AppError('conflict', 'This file is being imported right now');
  }
  const dataset = await db.$transaction(async (tx) => {
    if (existing) await tx.dataset.delete({ where: { id: existing.id } }); // a failed or cancelled earlier try
    const d = await tx.dataset.create({
      data: {
        organizationId: ctx.orgId,
        kind: KIND_TO_ENUM[kind],
        name: input.name?.trim() || input.fileName,
        fileName: input.fileName,
        contentHash: upload.sha256,
        bytes: upload.bytes,
        status: 'IMPORTING',
        createdById: ctx.userId,
      },
    });
    await writeAudit(tx, ctx, {
      action: 'dataset.upload',
      entityType: 'Dataset',
      entityId: d.id,
      diff: {
        kind,
        fileName: input.fileName,
        bytes: upload.bytes,
        sha256: upload.sha256,
        ignoredColumns: resolved.ignored,
      },
    });
    return d;
  });
  launchImport({
    datasetId: dataset.id,
    orgId: ctx.orgId,
    kind,
    filePath: upload.filePath,
    bytes: upload.bytes,
    mapping: resolved.mapping,
    cleanup: upload.cleanup,
  });
  return { dataset, duplicate: false };
}
