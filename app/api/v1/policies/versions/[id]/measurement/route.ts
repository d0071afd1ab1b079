import { withOrg } from '@/lib/http/with-org';
import { measureRollout } from '@/lib/policies/rollout-measurement';
import { ZIdParams } from '@/lib/validation/common';

export const runtime = 'nodejs';

/** Live conversion, revenue, discount cost and profit per customer of the new version and its baseline, with a verdict. */
export const GET = withOrg(
  {
    permission: 'org.read',
    doc: { summary: 'Live profit per customer of a rolled-out version against its baseline, with a verdict' },
    params: ZIdParams,
  },
  ({ ctx, params }) => measureRollout(ctx, params.id),
);
