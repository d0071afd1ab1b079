import { withOrg } from '@/lib/http/with-org';
import { policyAuditLog } from '@/lib/policies/policy-store';

export const runtime = 'nodejs';

export const GET = withOrg({ permission: 'audit.read', doc: { summary: 'Policy audit log' } }, async ({ ctx }) => ({
  items: await policyAuditLog(ctx),
}));
