import { withOrg } from '@/lib/http/with-org';
import { cancelJob } from '@/lib/jobs/jobs';
import { ZIdParams } from '@/lib/validation/common';

export const runtime = 'nodejs';

export const POST = withOrg(
  { permission: 'models.train', doc: { summary: 'Cancel a queued or running job' }, params: ZIdParams },
  ({ ctx, params }) => cancelJob(ctx, params.id),
);
