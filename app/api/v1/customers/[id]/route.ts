import { getCustomer } from '@/lib/customers/list-customers';
import { withOrg } from '@/lib/http/with-org';
import { ZIdParams } from '@/lib/validation/common';

export const runtime = 'nodejs';

export const GET = withOrg(
  {
    permission: 'customers.read',
    doc: { summary: 'One customer by id or external id (personal data masked)' },
    params: ZIdParams,
  },
  ({ ctx, params }) => getCustomer(ctx, params.id),
);
