import { z } from 'zod';
import { experimentResults } from '@/lib/experiments/experiment-results';
import { withOrg } from '@/lib/http/with-org';
import { ZIdParams } from '@/lib/validation/common';

export const runtime = 'nodejs';

const ZFlag = z
  .enum(['true', 'false'])
  .transform((v) => v === 'true')
  .optional();
const ZQuery = z.object({
  sequential: ZFlag,
  /** bayesian: chance to win and credible intervals from GrowthBook's Gaussian effect posterior (flat prior) */
  method: z.enum(['frequentist', 'bayesian']).optional(),
  cuped: ZFlag,
  alpha: z.coerce.number().gt(0).lt(0.5).optional(),
  /** relative minimum detectable effect (%) behind "days to a decision" */
  mdePct: z.coerce.number().gt(0).max(200).optional(),
});

/** Per-variant results, lifts with intervals, SRM, CUPED and the plain-language verdict — the numbers the page shows. */
export const GET = withOrg(
  {
    permission: 'experiments.read',
    doc: { summary: 'Experiment results: per-variant metrics, lifts, p-values, verdict, days to a decision' },
    params: ZIdParams,
    query: ZQuery,
  },
  // "now" is read here, at the edge; the lib takes it as a parameter
  ({ ctx, params, query }) => experimentResults(ctx, params.id, { ...query, asOf: new Date() }),
);
