import { banditResults } from '@/lib/experiments/bandit/bandit-results';
import { withOrg } from '@/lib/http/with-org';
import { ZIdParams } from '@/lib/validation/common';

export const runtime = 'nodejs';

/** A bandit's results: posteriors, probability of being best, expected loss, IPS estimates, allocation history. */
export const GET = withOrg(
  {
    permission: 'experiments.read',
    doc: {
      summary:
        'Bandit results: per-arm posterior, probability of being best, expected loss, IPS estimates, allocation history',
    },
    params: ZIdParams,
  },
  ({ ctx, params }) => banditResults(ctx, params.id),
);
