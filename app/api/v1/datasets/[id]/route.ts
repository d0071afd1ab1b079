import { getDataset } from '@/lib/datasets/queries';
import { withOrg } from '@/lib/http/with-org';
import { ZIdParams } from '@/lib/validation/common';

export const runtime = 'nodejs';

export const GET = withOrg({ permission: 'customers.read', params: ZIdParams }, ({ ctx, params }) =>
  getDataset(ctx, params.id),
);
