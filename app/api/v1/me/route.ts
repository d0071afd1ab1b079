import { withOrg } from '@/lib/http/with-org';
import { ROLE_PERMISSIONS } from '@/lib/rbac';

export const runtime = 'nodejs';

/** Who the caller is: organisation, role and the permissions that role grants. */
export const GET = withOrg({ permission: 'org.read' }, async ({ ctx }) => ({
  organization: { id: ctx.orgId, name: ctx.orgName },
  role: ctx.role,
  actor: ctx.actorLabel,
  permissions: [...ROLE_PERMISSIONS[ctx.role]],
}));
