import { z } from 'zod';
import { previewUpload } from '@/lib/datasets/preview-upload';
import { ZCsvKind } from '@/lib/datasets/start-import';
import { withOrg } from '@/lib/http/with-org';
import { ZMappingParam } from '@/lib/validation/mapping-param';

export const runtime = 'nodejs';

const ZPreviewQuery = z.object({
  kind: ZCsvKind,
  mapping: ZMappingParam.optional(),
  mappingId: z.string().max(64).optional(),
});

/** Preview a mapping on the first bytes of a file (raw body, CSV or gzip): columns, date format, parsed rows. */
export const POST = withOrg(
  {
    permission: 'data.upload',
    query: ZPreviewQuery,
    doc: {
      summary: 'Preview a mapping on the first bytes of a file (CSV or gzip)',
      requestContentType: 'application/octet-stream',
    },
  },
  ({ ctx, query, req }) =>
    previewUpload(ctx, query.kind, req.body, { mapping: query.mapping, mappingId: query.mappingId }),
);
