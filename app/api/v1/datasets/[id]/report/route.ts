import { z } from 'zod';
import { rejectionsCsv } from '@/lib/datasets/queries';
import { withOrg } from '@/lib/http/with-org';
import { ZIdParams } from '@/lib/validation/common';

export const runtime = 'nodejs';

const ZReportQuery = z.object({ severity: z.enum(['error', 'warning', 'duplicate']).default('error') });

/**
 * The validation report as a CSV download: rejected rows (default), rows kept with a cleared value (`warning`) or
 * rows dropped as duplicates (`duplicate`) — line, column, code, message and the original row.
 */
export const GET = withOrg(
  {
    permission: 'customers.read',
    doc: { summary: 'Problem rows of an import (rejected, warned or duplicate) as CSV', contentType: 'text/csv' },
    params: ZIdParams,
    query: ZReportQuery,
  },
  async ({ ctx, params, query }) => {
    const lines = rejectionsCsv(ctx, params.id, query.severity);
    const first = await lines.next(); // throws 404 here, before the response starts, for an unknown dataset
    const encoder = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        if (!first.done) controller.enqueue(encoder.encode(first.value));
      },
      async pull(controller) {
        const next = await lines.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      },
    });
    return new Response(stream, {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${query.severity === 'error' ? 'rejections' : `${query.severity}s`}-${params.id}.csv"`,
      },
    });
  },
);
