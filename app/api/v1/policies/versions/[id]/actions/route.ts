import { withOrg } from '@/lib/http/with-org';
import { applyPolicyAction, ZPolicyAction } from '@/lib/policies/policy-store';
import { ZIdParams } from '@/lib/validation/common';

export const runtime = 'nodejs';

/** submit | approve | reject | activate | pause | resume | rollback — each action checks its own permission. */
export const POST = withOrg(
  {
    permission: 'org.read',
    doc: { summary: 'Submit, approve, reject, activate, pause, resume or roll back a policy version' },
    params: ZIdParams,
    body: ZPolicyAction,
  },
  ({ ctx, params, body }) => applyPolicyAction(ctx, params.id, body),
);
