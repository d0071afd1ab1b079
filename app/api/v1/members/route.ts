import { z } from 'zod';
import { withOrg } from '@/lib/http/with-org';
import { listMembers } from '@/lib/members/list-members';
import { ZRole } from '@/lib/validation/common';

export const runtime = 'nodejs';

const ZMembers = z.object({
  items: z.array(
    z.object({
      id: z.string().describe('membership id (used to change the role or remove)'),
      userId: z.string(),
      name: z.string(),
      email: z.string(),
      role: ZRole,
      joinedAt: z.string(),
      isYou: z.boolean(),
    }),
  ),
  invitations: z.array(
    z.object({ id: z.string(), email: z.string(), role: ZRole, createdAt: z.string(), expiresAt: z.string() }),
  ),
});

export const GET = withOrg(
  {
    permission: 'settings.manage',
    doc: { summary: 'List the members with their roles, and the invitations still open', response: ZMembers },
  },
  ({ ctx }) => listMembers(ctx),
);
