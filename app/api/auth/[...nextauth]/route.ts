import { NextRequest } from 'next/server';
import NextAuth from 'next-auth';
import { authOptions } from '@/lib/auth/options';
import { safeAuthRedirect } from '@/lib/auth/safe-callback';
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
  // next-auth answers 500 to a callbackUrl it cannot resolve (`?callbackUrl=fixed`): pass it only a URL of this
  // app, the same rule as after sign-in (lib/auth/safe-callback.ts)
  const raw = req.nextUrl.searchParams.get('callbackUrl');
  if (raw !== null) {
    const safe = safeAuthRedirect(raw, req.nextUrl.origin);
    if (safe !== raw) {
      const url = new URL(req.url);
      url.searchParams.set('callbackUrl', safe);
      req = new NextRequest(url, req);
    }
  }
  try {
    return await NextAuth(authOptions())(req, ctx);
  } catch (err) {
    log.warn({ err, path: req.nextUrl.pathname }, 'next-auth refused a malformed request');
    return errorResponse(new AppError('validation_failed', 'The sign-in request could not be read'));
  }
}

export { handler as GET, handler as POST };
