import { approveAndStartExperiment } from '@/lib/experiments/experiment-approval';
import { withOrg } from '@/lib/http/with-org';
import { ZIdParams } from '@/lib/validation/common';

export const runtime = 'nodejs';

/** Approves a submitted experiment and starts it: an admin other than the submitter. */
export const POST = withOrg(
  {
    permission: 'experiments.approve',
    doc: { summary: 'Approve a submitted experiment and start it (an admin other than the submitter)' },
    params: ZIdParams,
  },
  ({ ctx, params }) => approveAndStartExperiment(ctx, params.id),
);
