import { type NextRequest, NextResponse } from 'next/server';
import { z } from 'zod';
import { AppError } from '@/lib/http/errors';
import { mediaType } from '@/lib/http/same-origin';
import { withErrors } from '@/lib/http/with-org';
import { acceptInvitation, previewInvitation } from '@/lib/members/accept-invitation';

export const runtime = 'nodejs';

const ZToken = z
  .string()
  .min(20)
  .max(100)
  .regex(/^[A-Za-z0-9_-]+$/);
const ZBody = z.object({
  token: ZToken,
  /** without `password`: only what the invitation is for (organisation, email, role) */
  name: z.string().trim().max(120).optional(),
  password: z.string().min(1).max(200).optional(),
});

/**
 * The invitation page's one endpoint (no session: the invitee has none yet). `{ token }` previews the invitation;
 * `{ token, name, password }` accepts it once.
 */
export const POST = withErrors(async (req: NextRequest) => {
  if (mediaType(req.headers.get('content-type')) !== 'application/json')
    throw new AppError('unsupported_media_type', 'Send the body as application/json');
  const parsed = ZBody.safeParse(await req.json().catch(() => null));
  if (!parsed.success) throw AppError.fromZod(parsed.error, 'body');
  const { token, name, password } = parsed.data;
  if (password === undefined) return NextResponse.json(await previewInvitation(token));
  return NextResponse.json(await acceptInvitation({ token, name: name ?? '', password }));
});
