import { verifyAuditChain } from '@/lib/audit/verify-audit-chain';
import { withOrg } from '@/lib/http/with-org';
import { pgPool } from '@/lib/pg-pool';

export const runtime = 'nodejs';

/** Recomputes the organisation's audit-log hash chain: intact, or the first broken row (admins). */
export const GET = withOrg(
  { permission: 'audit.verify', doc: { summary: 'Verify the audit log’s hash chain (first broken row, if any)' } },
  async ({ ctx }) => verifyAuditChain(pgPool(), ctx.orgId),
);
