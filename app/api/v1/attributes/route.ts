import { listCustomerAttributes } from '@/lib/customers/list-attributes';
import { withOrg } from '@/lib/http/with-org';

export const runtime = 'nodejs';

/** The organisation's customer attributes (extra columns of customers files), usable as features. */
export const GET = withOrg(
  {
    permission: 'customers.read',
    doc: { summary: 'List customer attributes (extra columns of customers files) usable as model features' },
  },
  async ({ ctx }) => ({ items: await listCustomerAttributes(ctx) }),
);
