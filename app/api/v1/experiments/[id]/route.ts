import { getExperiment } from '@/lib/experiments/experiment-store';
import { withOrg } from '@/lib/http/with-org';
import { ZIdParams } from '@/lib/validation/common';

export const runtime = 'nodejs';

export const GET = withOrg(
  { permission: 'experiments.read', doc: { summary: 'One experiment' }, params: ZIdParams },
  ({ ctx, params }) => getExperiment(ctx, params.id),
);
