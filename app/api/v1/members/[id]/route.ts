import { z } from 'zod';
import { withOrg } from '@/lib/http/with-org';
import { changeMemberRole } from '@/lib/members/change-member-role';
import { removeMember } from '@/lib/members/remove-member';
import { ZIdParams, ZRole } from '@/lib/validation/common';

export const runtime = 'nodejs';

/** Gives the member another role: their sessions end and their API keys above the new role are revoked. */
export const PATCH = withOrg(
  {
    permission: 'settings.manage',
    doc: {
      summary: 'Change a member’s role (their sessions end; keys above the new role are revoked)',
      description: 'Refused with 409 when it would leave the organisation without an admin.',
      example: { request: { role: 'ANALYST' } },
    },
    params: ZIdParams,
    body: z.object({ role: ZRole }),
  },
  ({ ctx, params, body }) => changeMemberRole(ctx, params.id, body.role),
);

/** Removes the member: their sessions end and their API keys in this organisation are revoked at once. */
export const DELETE = withOrg(
  {
    permission: 'settings.manage',
    doc: {
      summary: 'Remove a member (their sessions end and their API keys are revoked at once)',
      description: 'Refused with 409 when it would leave the organisation without an admin.',
    },
    params: ZIdParams,
  },
  ({ ctx, params }) => removeMember(ctx, params.id),
);
