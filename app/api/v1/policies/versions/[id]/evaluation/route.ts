import { withOrg } from '@/lib/http/with-org';
import { evaluatePolicyVersion } from '@/lib/policies/evaluate-version';
import { ZIdParams } from '@/lib/validation/common';

export const runtime = 'nodejs';

/** Offline (IPS / SNIPS / doubly-robust) estimate of what this version would do, against no discount. */
export const GET = withOrg(
  {
    permission: 'org.read',
    doc: { summary: 'Offline evaluation of a policy version against no discount' },
    params: ZIdParams,
  },
  ({ ctx, params }) => evaluatePolicyVersion(ctx, params.id),
);
