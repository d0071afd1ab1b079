import { withOrg } from '@/lib/http/with-org';
import { policyAuditLog, ZAuditTable } from '@/lib/policies/policy-store';

export const runtime = 'nodejs';

export const GET = withOrg(
  {
    permission: 'audit.read',
    doc: {
      summary:
        'Policy audit log: search by action or actor e-mail, sort (createdAt, action), page (items, total, page, pages)',
    },
    query: ZAuditTable,
  },
  async ({ ctx, query }) => policyAuditLog(ctx, query),
);
