import { NextResponse } from 'next/server';
import { z } from 'zod';
import { listDatasets } from '@/lib/datasets/queries';
import { receiveUpload } from '@/lib/datasets/receive-upload';
import { startDatasetImport, ZCsvKind } from '@/lib/datasets/start-import';
import { env } from '@/lib/env';
import { AppError } from '@/lib/http/errors';
import { mediaType } from '@/lib/http/same-origin';
import { withOrg } from '@/lib/http/with-org';

export const runtime = 'nodejs';

// no text/plain: a cross-site form or no-cors fetch may send it without a preflight
const CSV_TYPES = ['text/csv', 'application/csv', 'application/vnd.ms-excel', 'application/octet-stream'];

const ZUploadQuery = z.object({
  kind: ZCsvKind,
  name: z.string().trim().max(120).optional(),
  fileName: z.string().trim().min(1).max(255).default('upload.csv'),
  /** JSON object: canonical column -> header cell of the file */
  mapping: z
    .string()
    .max(4000)
    .transform((s, c) => {
      try {
        return z.record(z.string(), z.string().max(200)).parse(JSON.parse(s));
      } catch {
        c.addIssue({ code: 'custom', message: 'mapping must be a JSON object of column -> header cell' });
        return z.NEVER;
      }
    })
    .optional(),
});

export const GET = withOrg(
  { permission: 'customers.read', doc: { summary: 'List uploaded datasets' } },
  async ({ ctx }) => ({ items: await listDatasets(ctx) }),
);

/** Upload a CSV as the raw request body (streamed to disk); answers 202 while the import runs, 200 for a re-upload. */
export const POST = withOrg(
  {
    permission: 'data.upload',
    doc: {
      summary: 'Upload a CSV (customers, events or exposures) as the request body',
      status: 202,
      requestContentType: 'text/csv',
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
      throw new AppError('payload_too_large', `File larger than the ${Math.round(max / 1048576)} MiB limit`);
    const upload = await receiveUpload(req.body, max);
    const { dataset, duplicate } = await startDatasetImport(ctx, {
      kind: query.kind,
      name: query.name,
      fileName: query.fileName,
      upload,
      mapping: query.mapping,
    });
    return NextResponse.json({ dataset, duplicate }, { status: duplicate ? 200 : 202 });
  },
);
