import { reallocateBandit } from '@/lib/experiments/bandit/reallocate-bandit';
import { withOrg } from '@/lib/http/with-org';
import { ZIdParams } from '@/lib/validation/common';

export const runtime = 'nodejs';

/** Reallocates a running bandit's traffic now (the worker does it on the bandit's schedule): admins. */
export const POST = withOrg(
  {
    permission: 'experiments.approve',
    doc: {
      summary: "Reallocate a running bandit's traffic now by Thompson sampling (admins; the schedule does it too)",
    },
    params: ZIdParams,
  },
  // "now" is read here, at the edge; the lib takes it as a parameter
  ({ ctx, params }) => reallocateBandit(ctx, params.id, { now: new Date(), trigger: 'manual' }),
);
