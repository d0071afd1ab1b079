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

export const config = {
  matcher: [{ source: '/((?!_next/static|_next/image|favicon.ico).*)' }],
};
