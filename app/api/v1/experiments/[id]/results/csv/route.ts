import { z } from 'zod';
import { experimentResults } from '@/lib/experiments/experiment-results';
import { resultsCsv } from '@/lib/experiments/results-csv';
import { withOrg } from '@/lib/http/with-org';
import { ZIdParams } from '@/lib/validation/common';

export const runtime = 'nodejs';

const ZQuery = z.object({
  sequential: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});

/** The results table as CSV (one row per metric × variant), for the mode the page shows. */
export const GET = withOrg(
  {
    permission: 'experiments.read',
    doc: { summary: 'Download experiment results as CSV', contentType: 'text/csv' },
    params: ZIdParams,
    query: ZQuery,
  },
  async ({ ctx, params, query }) => {
    const r = await experimentResults(ctx, params.id, { sequential: query.sequential, asOf: new Date() });
    return new Response(resultsCsv(r.metrics, r.options), {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${r.experiment.key}-results.csv"`,
      },
    });
  },
);
