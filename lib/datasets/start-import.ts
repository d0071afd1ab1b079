import 'server-only';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Prisma } from '@/generated/prisma/client';
import { writeAudit } from '../audit/write-audit';
import type { OrgContext } from '../auth/context';
import type { CsvKind } from '../data/csv-schema';
import { type AttributeType, inferAttributeColumns, MAX_ATTRIBUTES } from '../data/customer-attributes';
import { canonicalMapping, compileMapping, type ImportMappingSpec } from '../data/import-mapping';
import { previewMapping, sampleCsv } from '../data/preview-mapping';
import { db } from '../db';
import { AppError } from '../http/errors';
import { resolveMappingSpec } from './import-mappings';
import { previewRows } from './preview-rows';
import { type ReceivedUpload, readPrefix } from './receive-upload';
import type { ImportPlan } from './run-import';

export const ZCsvKind = z.enum(['customers', 'events', 'exposures']);
export const KIND_TO_ENUM = { customers: 'CUSTOMERS', events: 'EVENTS', exposures: 'EXPOSURES' } as const;

/** where the file lies on the server and how the worker reads it: not part of the answer */
const INTERNAL_FIELDS = { uploadPath: true, importPlan: true } as const;

/** Rows read from the start of the file to detect the date format and check the mapping. */
const SAMPLE_ROWS = 1000;

/**
 * Queues a received file for import as a new dataset of the organisation (PENDING, with the plan a worker process
 * follows: lib/datasets/run-import.ts), read with a mapping (given inline, by
 * saved mapping id, or none: canonical names and aliases). Idempotent by content and mapping: the same file
 * (SHA-256) of the same kind read the same way, already imported, returns that dataset with `duplicate: true` and
 * stores nothing; a different mapping, or an earlier try that kept nothing, is a new import. A mapping that does
 * not fit the header, or dates whose format cannot be settled (e.g. M/D vs D/M), are refused with 422 and details
 * (header cells, missing columns, the date detection) so the user can fix the mapping.
 */
export async function startDatasetImport(
  ctx: OrgContext,
  input: {
    kind: CsvKind;
    name?: string;
    fileName: string;
    upload: ReceivedUpload;
    mapping?: unknown;
    mappingId?: string;
    /** customers: declared attribute types (attribute name -> type); undeclared ones are inferred from a preview */
    attributeTypes?: Record<string, AttributeType>;
  },
) {
  const { kind, upload } = input;
  let spec: ImportMappingSpec;
  try {
    spec = await resolveMappingSpec(ctx, kind, input);
  } catch (err) {
    await upload.cleanup();
    throw err;
  }
  const { header, records } = sampleCsv(await readPrefix(upload.filePath), SAMPLE_ROWS);
  const preview = previewMapping(kind, header.length ? header : upload.header, records, spec);
  const compiled = preview.ok ? compileMapping(kind, preview.header, spec, preview.dateFormat ?? undefined) : null;
  if (!compiled?.ok) {
    await upload.cleanup();
    const msg = preview.missing.length
      ? `The ${kind} file lacks required column(s): ${preview.missing.join(', ')}. Map them to header cells of your file or give them a constant value.`
      : `The mapping does not fit this file: ${preview.problems.join('; ')}`;
    throw new AppError(
      'unprocessable',
      msg,
      [
        ...preview.missing.map((c) => ({ path: ['mapping', c], message: 'required column not found in the header' })),
        ...preview.problems.map((p) => ({ path: ['mapping'], message: p })),
      ],
      { header: preview.header, missing: preview.missing, problems: preview.problems, detection: preview.detection },
    );
  }
  const mappingHash = createHash('sha256').update(canonicalMapping(spec)).digest('hex');
  const attributes =
    kind === 'customers'
      ? await attributeColumns(upload, compiled.mapping.index, compiled.mapping.derive ?? [], input)
      : [];
  const mapping = attributes.length ? { ...compiled.mapping, attributes } : compiled.mapping;
  const existing = await db.dataset.findUnique({
    omit: INTERNAL_FIELDS,
    where: {
      organizationId_kind_contentHash_mappingHash: {
        organizationId: ctx.orgId,
        kind: KIND_TO_ENUM[kind],
        contentHash: upload.sha256,
        mappingHash,
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
  const plan: ImportPlan = { mapping, createCustomers: spec.createCustomers, duplicates: spec.duplicates };
  const dataset = await db.$transaction(async (tx) => {
    if (existing) await tx.dataset.delete({ where: { id: existing.id } }); // an earlier try that kept nothing
    const d = await tx.dataset.create({
      omit: INTERNAL_FIELDS,
      data: {
        organizationId: ctx.orgId,
        kind: KIND_TO_ENUM[kind],
        name: input.name?.trim() || input.fileName,
        fileName: input.fileName,
        contentHash: upload.sha256,
        mappingHash,
        mapping: { ...spec, dateFormat: preview.dateFormat ?? spec.dateFormat, header: preview.header },
        uploadPath: upload.filePath,
        bytes: upload.bytes,
        // queued: a worker process claims and runs it (lib/datasets/run-import.ts)
        status: 'PENDING',
        importPlan: plan as unknown as Prisma.InputJsonValue,
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
        ignoredColumns: kind === 'customers' ? [] : compiled.ignored,
        mappingId: input.mappingId ?? null,
        ...(attributes.length ? { attributes: attributes.map((a) => ({ name: a.name, type: a.type })) } : {}),
      },
    });
    for (const a of attributes)
      await tx.customerAttribute.upsert({
        where: { organizationId_name: { organizationId: ctx.orgId, name: a.name } },
        create: { organizationId: ctx.orgId, name: a.name, type: a.type, datasetId: d.id },
        update: { type: a.type, datasetId: d.id },
      });
    return d;
  });
  return { dataset, duplicate: false };
}

/**
 * The extra header cells of a customers file become attributes: types declared by the uploader, else inferred
 * from the first 1,000 rows. Names must be unique and at most MAX_ATTRIBUTES columns are taken (422 otherwise).
 */
async function attributeColumns(
  upload: ReceivedUpload,
  index: Readonly<Record<string, number>>,
  derive: readonly { source: number }[],
  input: { attributeTypes?: Record<string, AttributeType> },
) {
  // header cells mapped to a column or read by a derivation rule are not attributes
  const used = new Set([...Object.values(index), ...derive.map((d) => d.source)]);
  const extra = upload.header.flatMap((cell, i) => (!used.has(i) && cell.trim() !== '' ? [i] : []));
  if (extra.length === 0) return [];
  if (extra.length > MAX_ATTRIBUTES) {
    await upload.cleanup();
    throw new AppError(
      'unprocessable',
      `At most ${MAX_ATTRIBUTES} attribute columns per customers file (found ${extra.length})`,
    );
  }
  const columns = inferAttributeColumns(upload.header, extra, await previewRows(upload.filePath), input.attributeTypes);
  const names = columns.map((c) => c.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  const unknown = Object.keys(input.attributeTypes ?? {}).filter((n) => !names.includes(n));
  if (dup || unknown.length) {
    await upload.cleanup();
    throw new AppError(
      'unprocessable',
      dup ? `Two attribute columns are both named "${dup}"` : `No attribute column named ${unknown.join(', ')}`,
      unknown.map((n) => ({ path: ['attributeTypes', n], message: 'not an extra column of this file' })),
    );
  }
  return columns;
}
