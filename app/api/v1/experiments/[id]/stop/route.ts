import { moveExperiment } from '@/lib/experiments/experiment-store';
import { withOrg } from '@/lib/http/with-org';
import { ZIdParams } from '@/lib/validation/common';

export const runtime = 'nodejs';

export const POST = withOrg(
  { permission: 'experiments.edit', doc: { summary: 'Stop an experiment' }, params: ZIdParams },
  ({ ctx, params }) => moveExperiment(ctx, params.id, 'stop'),
);
