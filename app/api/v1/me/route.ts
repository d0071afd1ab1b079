import { z } from 'zod';
import { withOrg } from '@/lib/http/with-org';
import { PERMISSIONS, ROLE_PERMISSIONS } from '@/lib/rbac';
import { ZRole } from '@/lib/validation/common';

export const runtime = 'nodejs';

const ZMe = z.object({
  organization: z.object({ id: z.string(), name: z.string() }),
  role: ZRole,
  actor: z.string().describe('the user’s email, or `api-key:<prefix>`'),
  permissions: z.array(z.enum(PERMISSIONS)),
});

/** Who the caller is: organisation, role and the permissions that role grants. */
export const GET = withOrg(
  {
    permission: 'org.read',
    doc: {
      summary: 'Who the caller is: organisation, role and permissions',
      response: ZMe,
      example: {
        response: {
          organization: { id: 'cm9acme', name: 'Acme Outfitters' },
          role: 'MANAGER',
          actor: 'api-key:op_1a2b3c4d',
          permissions: ['org.read', 'serving.score', 'events.ingest'],
        },
      },
    },
  },
  async ({ ctx }) => ({
    organization: { id: ctx.orgId, name: ctx.orgName },
    role: ctx.role,
    actor: ctx.actorLabel,
    permissions: [...ROLE_PERMISSIONS[ctx.role]],
  }),
);
