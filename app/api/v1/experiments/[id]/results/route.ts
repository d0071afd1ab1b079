import { z } from 'zod';
import { experimentResults } from '@/lib/experiments/experiment-results';
import { withOrg } from '@/lib/http/with-org';
import { ZIdParams } from '@/lib/validation/common';

export const runtime = 'nodejs';

const ZFlag = z
  .enum(['true', 'false'])
  .transform((v) => v === 'true')
  .optional();
const ZQuery = z.object({ sequential: ZFlag, cuped: ZFlag, alpha: z.coerce.number().gt(0).lt(0.5).optional() });

/** Per-variant results, lifts with intervals, SRM, CUPED and the plain-language verdict — the numbers the page shows. */
export const GET = withOrg(
  {
    permission: 'experiments.read',
    doc: { summary: 'Experiment results: per-variant metrics, lifts, p-values, verdict' },
    params: ZIdParams,
    query: ZQuery,
  },
  ({ ctx, params, query }) => experimentResults(ctx, params.id, query),
);
