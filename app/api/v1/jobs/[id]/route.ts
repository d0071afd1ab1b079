import { withOrg } from '@/lib/http/with-org';
import { getJob } from '@/lib/jobs/jobs';
import { ZIdParams } from '@/lib/validation/common';

export const runtime = 'nodejs';

export const GET = withOrg(
  { permission: 'models.read', doc: { summary: 'One training job with progress and logs' }, params: ZIdParams },
  ({ ctx, params }) => getJob(ctx, params.id),
);
