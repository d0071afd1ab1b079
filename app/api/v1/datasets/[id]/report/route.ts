import { rejectionsCsv } from '@/lib/datasets/queries';
import { withOrg } from '@/lib/http/with-org';
import { ZIdParams } from '@/lib/validation/common';

export const runtime = 'nodejs';

/** The validation report (every rejected row: line, column, code, message) as a CSV download. */
export const GET = withOrg(
  {
    permission: 'customers.read',
    doc: { summary: 'Rejected rows of an import as CSV', contentType: 'text/csv' },
    params: ZIdParams,
  },
  async ({ ctx, params }) => {
    const lines = rejectionsCsv(ctx, params.id);
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
        'Content-Disposition': `attachment; filename="rejections-${params.id}.csv"`,
      },
    });
  },
);
