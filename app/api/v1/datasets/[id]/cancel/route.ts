import { cancelDataset } from '@/lib/datasets/queries';
import { withOrg } from '@/lib/http/with-org';
import { ZIdParams } from '@/lib/validation/common';

export const runtime = 'nodejs';

export const POST = withOrg({ permission: 'data.upload', params: ZIdParams }, ({ ctx, params }) =>
  cancelDataset(ctx, params.id),
);
