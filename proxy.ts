import { type NextRequest, NextResponse } from 'next/server';
import { isDevelopment } from './lib/env';
import { newNonce, securityHeaders } from './lib/http/security-headers';

/**
 * Adds the security headers (lib/http/security-headers.ts) to every page and API response, with a fresh CSP nonce
 * that Next.js also reads from the forwarded request header and puts on its own inline scripts.
 */
export function proxy(request: NextRequest) {
  const nonce = newNonce();
  const https =
    request.nextUrl.protocol === 'https:' || request.headers.get('x-forwarded-proto')?.split(',')[0].trim() === 'https';
  const headers = securityHeaders({ nonce, https, dev: isDevelopment() });
  const forwarded = new Headers(request.headers);
  forwarded.set('x-nonce', nonce);
  forwarded.set('Content-Security-Policy', headers['Content-Security-Policy']);
  const response = NextResponse.next({ request: { headers: forwarded } });
  for (const [k, v] of Object.entries(headers)) response.headers.set(k, v);
  return response;
}

/**
 * Everything but static files and the upload route. Next.js clones and buffers in memory the body of every request a
 * proxy runs for, up to 10 MB, and hands the route only that much: an upload through the proxy arrived cut at 10 MB
 * (a 35 MB .csv.gz was "damaged"; a larger CSV lost its end). The upload route streams its body to disk itself and
 * checks the session, the origin and the size there (with-org.ts, receive-upload.ts); its security headers come from
 * next.config.js.
 */
export const config = {
  matcher: [{ source: '/((?!_next/static|_next/image|favicon.ico|api/v1/datasets$).*)' }],
};
