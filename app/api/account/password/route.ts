import { z } from 'zod';
import { changePassword } from '@/lib/auth/change-password';
import { AppError } from '@/lib/http/errors';
import { withOrg } from '@/lib/http/with-org';

export const runtime = 'nodejs';

const ZChange = z.object({ currentPassword: z.string().min(1).max(200), newPassword: z.string().min(1).max(200) });

/**
 * The signed-in user changes their own password (session only, never with an API key). Every session of the user
 * ends, this one included: the page sends them to sign in again.
 */
export const POST = withOrg({ permission: 'org.read', body: ZChange }, async ({ ctx, body }) => {
  if (ctx.apiKeyId || !ctx.userId) throw new AppError('forbidden', 'Change your password while signed in');
  await changePassword(ctx.userId, body.currentPassword, body.newPassword);
  return { changed: true, sessionsEnded: true };
});
