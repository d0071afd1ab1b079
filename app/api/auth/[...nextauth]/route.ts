import type { NextRequest } from 'next/server';
import NextAuth from 'next-auth';
import { authOptions } from '@/lib/auth/options';
import { isOwnCallbackUrl } from '@/lib/auth/safe-callback';
import { appOrigins } from '@/lib/http/app-origin';
import { AppError } from '@/lib/http/errors';
import { mediaType } from '@/lib/http/same-origin';
import { errorResponse } from '@/lib/http/with-org';
import { log } from '@/lib/log';

export const runtime = 'nodejs';

type Ctx = { params: Promise<{ nextauth: string[] }> };

/**
 * next-auth's own handler, guarded: its forms post `application/x-www-form-urlencoded`, so any other body is 415
 * before next-auth parses it (a broken JSON body used to be a 500), and whatever next-auth still throws on input it
 * cannot read is a 400 in the one error shape (logged), never a 500.
 */
async function handler(req: NextRequest, ctx: Ctx): Promise<Response> {
  if (req.method === 'POST' && mediaType(req.headers.get('content-type')) !== 'application/x-www-form-urlencoded')
    return errorResponse(new AppError('unsupported_media_type', 'Send the form as application/x-www-form-urlencoded'));
  // next-auth answers 500 to a callbackUrl it cannot resolve (`?callbackUrl=fixed`): only a path or URL of this app
  // is passed on (lib/auth/safe-callback.ts), from the query or the form; anything else is a 400
  const origins = appOrigins(req);
  const fromForm = req.method === 'POST' ? new URLSearchParams(await req.clone().text()).get('callbackUrl') : null;
  for (const raw of [req.nextUrl.searchParams.get('callbackUrl'), fromForm]) {
    if (raw !== null && !isOwnCallbackUrl(raw, origins))
      return errorResponse(new AppError('validation_failed', 'callbackUrl must be a path or URL of this app'));
  }
  // next-auth also reads the callbackUrl it stored in a cookie (from next/headers, so it cannot be filtered out of
  // the request): a bad one (stale or planted) is a 400 that clears it, so the next attempt works
  const stale = req.cookies.getAll().filter((c) => CALLBACK_COOKIE.test(c.name) && !isOwnCookieValue(c.value, origins));
  if (stale.length) {
    const res = errorResponse(
      new AppError('validation_failed', 'The stored callbackUrl was not a URL of this app; it was cleared, try again'),
    );
    for (const c of stale) res.headers.append('set-cookie', `${c.name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax`);
    return res;
  }
  try {
    return await NextAuth(authOptions())(req, ctx);
  } catch (err) {
    log.warn({ err, path: req.nextUrl.pathname }, 'next-auth refused a malformed request');
    return errorResponse(new AppError('validation_failed', 'The sign-in request could not be read'));
  }
}

export { handler as GET, handler as POST };

const CALLBACK_COOKIE = /^(__Secure-)?next-auth\.callback-url$/;

/** Cookie values may arrive percent-encoded or already decoded: either form of this app's URL is fine. */
function isOwnCookieValue(value: string, origins: string[]): boolean {
  if (isOwnCallbackUrl(value, origins)) return true;
  try {
    return isOwnCallbackUrl(decodeURIComponent(value), origins);
  } catch {
    return false;
  }
}
