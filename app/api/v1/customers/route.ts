import { z } from 'zod';
import { listCustomerAttributes } from '@/lib/customers/list-attributes';
import { CUSTOMER_SORTS, listCustomers } from '@/lib/customers/list-customers';
import { withOrg } from '@/lib/http/with-org';
import { ZId, ZLimit } from '@/lib/validation/common';

export const runtime = 'nodejs';

const ZQuery = z.object({
  limit: ZLimit,
  cursor: ZId.optional(),
  q: z.string().trim().max(64).optional(),
  sort: z
    .enum(CUSTOMER_SORTS, { error: () => `sort must be one of ${CUSTOMER_SORTS.join(', ')}` })
    .default('externalId'),
  dir: z.enum(['asc', 'desc'], { error: () => 'dir must be asc or desc' }).default('asc'),
});

export const GET = withOrg(
  {
    permission: 'customers.read',
    doc: {
      summary:
        'List customers, sorted (externalId, signupAt, country, createdAt) and paged by cursor (personal data masked), with the attribute columns (name, type, customers with a value) usable as features',
    },
    query: ZQuery,
  },
  async ({ ctx, query }) => {
    const [page, attributes] = await Promise.all([listCustomers(ctx, query), listCustomerAttributes(ctx)]);
    return { ...page, attributes };
  },
);
