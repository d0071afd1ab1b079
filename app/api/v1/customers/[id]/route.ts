import { getCustomer } from '@/lib/customers/list-customers';
import { withOrg } from '@/lib/http/with-org';
import { ZIdParams } from '@/lib/validation/common';

export const runtime = 'nodejs';

export const GET = withOrg({ permission: 'customers.read', params: ZIdParams }, ({ ctx, params }) =>
  getCustomer(ctx, params.id),
);
