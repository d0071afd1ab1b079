import { NextResponse } from 'next/server';
import { z } from 'zod';
import { ATTRIBUTE_TYPES } from '@/lib/data/customer-attributes';
import { listDatasets, ZDatasetsTable } from '@/lib/datasets/queries';
import { receiveUpload, tooLargeMessage } from '@/lib/datasets/receive-upload';
import { startDatasetImport, ZCsvKind } from '@/lib/datasets/start-import';
import { env } from '@/lib/env';
import { AppError } from '@/lib/http/errors';
import { mediaType } from '@/lib/http/same-origin';
import { withOrg } from '@/lib/http/with-org';
import { ZMappingParam } from '@/lib/validation/mapping-param';

export const runtime = 'nodejs';

// no text/plain: a cross-site form or no-cors fetch may send it without a preflight
const CSV_TYPES = [
  'text/csv',
  'application/csv',
  'application/vnd.ms-excel',
  'application/octet-stream',
  'application/gzip',
  'application/x-gzip',
];

const ZUploadQuery = z.object({
  kind: ZCsvKind,
  name: z.string().trim().max(120).optional(),
  fileName: z.string().trim().min(1).max(255).default('upload.csv'),
  /** JSON: the mapping spec (lib/data/import-mapping.ts) or the older { column: header cell } */
  mapping: ZMappingParam.optional(),
  /** id of a saved mapping of the organisation */
  mappingId: z.string().max(64).optional(),
  /** customers: JSON object attribute name -> "numeric" | "categorical" (undeclared attributes are inferred) */
  attributeTypes: z
    .string()
    .max(4000)
    .transform((s, c) => {
      try {
        return z.record(z.string(), z.enum(ATTRIBUTE_TYPES)).parse(JSON.parse(s));
      } catch {
        c.addIssue({ code: 'custom', message: 'attributeTypes must be a JSON object of name -> numeric|categorical' });
        return z.NEVER;
      }
    })
    .optional(),
});

export const GET = withOrg(
  {
    permission: 'customers.read',
    doc: { summary: 'List uploaded datasets: search by name or file name, sort, page (items, total, page, pages)' },
    query: ZDatasetsTable,
  },
  async ({ ctx, query }) => listDatasets(ctx, query),
);

/** Upload a CSV as the raw request body (streamed to disk); answers 202 while the import runs, 200 for a re-upload. */
export const POST = withOrg(
  {
    permission: 'data.upload',
    doc: {
      summary: 'Upload a CSV (customers, events or exposures) as the request body',
      status: 202,
      requestContentType: 'text/csv',
      description:
        'A .csv.gz body is decompressed as it streams. MAX_UPLOAD_BYTES limits the bytes sent (so a CSV over it can ' +
        'be sent gzip-compressed); MAX_UPLOAD_CSV_BYTES limits the decompressed CSV text.',
    },
    query: ZUploadQuery,
  },
  async ({ ctx, query, req }) => {
    const type = mediaType(req.headers.get('content-type'));
    if (!CSV_TYPES.includes(type))
      throw new AppError(
        'unsupported_media_type',
        `Send the file as the body with Content-Type text/csv (got "${type || 'none'}")`,
      );
    const declared = Number(req.headers.get('content-length') ?? '0');
    const max = env().MAX_UPLOAD_BYTES;
    if (declared > max)
      throw new AppError('payload_too_large', tooLargeMessage(true, false, max, env().MAX_UPLOAD_CSV_BYTES));
    const upload = await receiveUpload(req.body, max);
    const { dataset, duplicate } = await startDatasetImport(ctx, {
      kind: query.kind,
      name: query.name,
      fileName: query.fileName,
      upload,
      mapping: query.mapping,
      mappingId: query.mappingId,
      attributeTypes: query.attributeTypes,
    });
    return NextResponse.json({ dataset, duplicate }, { status: duplicate ? 200 : 202 });
  },
);
