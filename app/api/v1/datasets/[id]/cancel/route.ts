import { cancelDataset } from '@/lib/datasets/queries';
import { withOrg } from '@/lib/http/with-org';
import { ZIdParams } from '@/lib/validation/common';

export const runtime = 'nodejs';

export const POST = withOrg(
  { permission: 'data.upload', doc: { summary: 'Cancel a running import (nothing of it is kept)' }, params: ZIdParams },
  ({ ctx, params }) => cancelDataset(ctx, params.id),
);
