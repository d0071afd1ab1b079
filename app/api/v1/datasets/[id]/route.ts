import { getDataset } from '@/lib/datasets/queries';
import { withOrg } from '@/lib/http/with-org';
import { ZIdParams } from '@/lib/validation/common';

export const runtime = 'nodejs';

export const GET = withOrg(
  {
    permission: 'customers.read',
    doc: { summary: 'One dataset with its profile and cleaning steps' },
    params: ZIdParams,
  },
  ({ ctx, params }) => getDataset(ctx, params.id),
);
