import { planExperiment, ZPlanQuery } from '@/lib/experiments/plan-experiment';
import { withOrg } from '@/lib/http/with-org';

export const runtime = 'nodejs';

/** Sample size and duration for a minimum detectable effect, from the organisation's own traffic and variance. */
export const GET = withOrg(
  {
    permission: 'experiments.read',
    doc: { summary: 'Plan an experiment: customers and days needed for a minimum detectable effect' },
    query: ZPlanQuery,
  },
  ({ ctx, query }) => planExperiment(ctx, query, new Date()),
);
