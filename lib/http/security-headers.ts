/**
 * Response headers against clickjacking, MIME sniffing, referrer leaks and script injection (proxy.ts adds them to
 * every response). Choices:
 * - CSP `script-src 'nonce-…' 'strict-dynamic'`: no 'unsafe-inline' scripts. Next.js puts the per-request nonce on
 *   its own inline scripts when the request carries the CSP header (pages render dynamically for that: the root
 *   layout reads the nonce). 'unsafe-eval' only in development (React's dev tooling needs it).
 * - `style-src 'self' 'unsafe-inline'`: server-rendered `style="…"` attributes (layout widths, chart sizes) cannot
 *   carry a nonce; inline styles cannot run code, so this is the accepted trade-off.
 * - `frame-ancestors 'none'` + `X-Frame-Options: DENY` (older browsers): no page can be framed.
 * - HSTS only when the request arrived over https (directly or per X-Forwarded-Proto): never pin plain-http local use.
 */
export function securityHeaders(opts: { nonce: string; https: boolean; dev: boolean }): Record<string, string> {
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${opts.nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  return {
    'Content-Security-Policy': csp,
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
    'Cross-Origin-Opener-Policy': 'same-origin',
    ...(opts.https ? { 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains' } : {}),
  };
}

/** 128 random bits, base64: unguessable per response. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
