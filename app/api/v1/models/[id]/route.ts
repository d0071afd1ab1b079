import { withOrg } from '@/lib/http/with-org';
import { getModelVersion } from '@/lib/models/model-versions';
import { ZIdParams } from '@/lib/validation/common';

export const runtime = 'nodejs';

export const GET = withOrg(
  { permission: 'models.read', doc: { summary: 'One model version with its metrics' }, params: ZIdParams },
  ({ ctx, params }) => getModelVersion(ctx, params.id),
);
