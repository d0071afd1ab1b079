import { NextResponse } from 'next/server';
import { z } from 'zod';
import { publicOrigin } from '@/lib/http/app-origin';
import { withOrg } from '@/lib/http/with-org';
import { configuredMailer } from '@/lib/mail/mailer';
import { inviteMember } from '@/lib/members/invite-member';
import { ZRole } from '@/lib/validation/common';

export const runtime = 'nodejs';

const ZInvite = z.object({ email: z.string().trim().toLowerCase().email().max(200), role: ZRole });

const ZInvitationCreated = z.object({
  id: z.string(),
  email: z.string(),
  role: ZRole,
  createdAt: z.string(),
  expiresAt: z.string(),
  url: z.string().describe('the one-time link; shown in this answer only'),
  mail: z
    .discriminatedUnion('status', [
      z.object({ status: z.literal('sent'), to: z.string() }),
      z.object({ status: z.literal('failed'), to: z.string(), reason: z.string() }),
      z.object({ status: z.literal('not_configured') }),
    ])
    .describe('whether the link was e-mailed: `not_configured` when SMTP_URL is unset; `failed` keeps the invitation'),
});

/**
 * Invites someone: the answer carries the one-time link (shown once; only the token's hash is stored) and `mail`,
 * whether it was e-mailed (`sent`, `failed` with a reason — the invitation stands —, or `not_configured`: no
 * SMTP_URL). The token travels in the URL fragment, so it reaches neither server logs nor Referer headers.
 */
export const POST = withOrg(
  {
    permission: 'settings.manage',
    doc: {
      summary:
        'Invite a member by email with a role; the one-time link is in this answer only (and e-mailed when SMTP is configured)',
      status: 201,
      response: ZInvitationCreated,
      example: {
        request: { email: 'sam@acme.test', role: 'ANALYST' },
        response: {
          id: 'cm9inv',
          email: 'sam@acme.test',
          role: 'ANALYST',
          createdAt: '2026-03-02T09:00:00.000Z',
          expiresAt: '2026-03-09T09:00:00.000Z',
          url: 'https://offerpilot.example/invite#3q2-7wEXAMPLE',
          mail: { status: 'sent', to: 'sam@acme.test' },
        },
      },
    },
    body: ZInvite,
  },
  async ({ ctx, body, req }) => {
    const { token: _shownInUrl, ...invitation } = await inviteMember(ctx, body, {
      origin: publicOrigin(req),
      mailer: configuredMailer(),
    });
    return NextResponse.json(invitation, { status: 201 });
  },
);
