import { z } from 'zod';
import { listCustomers } from '@/lib/customers/list-customers';
import { withOrg } from '@/lib/http/with-org';
import { ZId, ZLimit } from '@/lib/validation/common';

export const runtime = 'nodejs';

const ZQuery = z.object({ limit: ZLimit, cursor: ZId.optional(), q: z.string().trim().max(64).optional() });

export const GET = withOrg(
  {
    permission: 'customers.read',
    doc: { summary: 'List customers, paged by cursor (personal data masked)' },
    query: ZQuery,
  },
  ({ ctx, query }) => listCustomers(ctx, query),
);
