import { signOutEverywhere } from '@/lib/auth/sessions';
import { AppError } from '@/lib/http/errors';
import { withOrg } from '@/lib/http/with-org';

export const runtime = 'nodejs';

/**
 * "Sign out everywhere": ends every session of the signed-in user (this one included) on every device and instance;
 * the page then sends them to sign in. Plain sign-out ends only the session it is pressed in.
 */
export const DELETE = withOrg({ permission: 'org.read' }, async ({ ctx }) => {
  if (ctx.apiKeyId || !ctx.userId) throw new AppError('forbidden', 'Sign out everywhere while signed in');
  await signOutEverywhere(ctx.userId);
  return { sessionsEnded: true };
});
