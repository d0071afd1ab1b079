/**
 * The sign-in form's words for what next-auth reports (`signIn(...).error`). A throttled sign-in is thrown by
 * authorize as `TooManyAttempts:<seconds>` (lib/auth/sign-in.ts); anything else is a refusal.
 */
export const THROTTLED_PREFIX = 'TooManyAttempts:';

export function throttledError(retryAfterS: number): string {
  return `${THROTTLED_PREFIX}${retryAfterS}`;
}

export function signInErrorMessage(error: string): string {
  if (error.startsWith(THROTTLED_PREFIX)) {
    const s = Number(error.slice(THROTTLED_PREFIX.length));
    if (Number.isFinite(s) && s > 0) return `Too many attempts — try again in ${formatWait(s)}.`;
  }
  return 'Email or password is not right.';
}

function formatWait(s: number): string {
  if (s < 60) return `${s} s`;
  const min = Math.ceil(s / 60);
  return `${min} min`;
}
