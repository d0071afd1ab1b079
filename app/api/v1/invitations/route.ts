import { NextResponse } from 'next/server';
import { z } from 'zod';
import { publicOrigin } from '@/lib/http/app-origin';
import { withOrg } from '@/lib/http/with-org';
import { inviteMember } from '@/lib/members/invite-member';
import { ZRole } from '@/lib/validation/common';

export const runtime = 'nodejs';

const ZInvite = z.object({ email: z.string().trim().toLowerCase().email().max(200), role: ZRole });

/**
 * Invites someone: the answer carries the one-time link (shown once; only the token's hash is stored). The token
 * travels in the URL fragment, so it reaches neither server logs nor Referer headers.
 */
export const POST = withOrg(
  {
    permission: 'settings.manage',
    doc: {
      summary: 'Invite a member by email with a role; the one-time link is in this answer only',
      status: 201,
      example: { request: { email: 'sam@acme.test', role: 'ANALYST' } },
    },
    body: ZInvite,
  },
  async ({ ctx, body, req }) => {
    const { token, ...invitation } = await inviteMember(ctx, body);
    const url = `${publicOrigin(req)}/invite#${token}`;
    return NextResponse.json({ ...invitation, url }, { status: 201 });
  },
);
