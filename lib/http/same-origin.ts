import { AppError } from './errors';

/**
 * CSRF defence for cookie-authenticated state changes (API-key requests carry no ambient credential and are
 * exempt). A browser sends `Origin` on every non-GET request and `Sec-Fetch-Site` on every request: the request
 * must come from this app's own origin (`allowedOrigins`: the request's own origin and NEXTAUTH_URL's). A request
 * with neither header is not from a browser (curl with a copied cookie) and cannot be forged cross-site.
 * The JSON body check (`isMediaType`) compares the exact media type, so `text/plain; application/json` — which a
 * cross-site `no-cors` fetch may send without a preflight — is refused.
 */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function assertSameOrigin(
  method: string,
  headers: { get(name: string): string | null },
  allowedOrigins: readonly string[],
): void {
  if (SAFE_METHODS.has(method.toUpperCase())) return;
  const origin = headers.get('origin');
  const site = headers.get('sec-fetch-site');
  if (origin !== null) {
    if (!allowedOrigins.includes(origin))
      throw new AppError('forbidden', `Cross-origin request refused (Origin ${origin.slice(0, 100)})`);
    return;
  }
  if (site !== null && site !== 'same-origin')
    throw new AppError('forbidden', `Cross-site request refused (Sec-Fetch-Site ${site.slice(0, 40)})`);
}

/** The media type of a Content-Type header, lower-cased, without parameters: `application/json; charset=utf-8` → `application/json`. */
export function mediaType(contentType: string | null): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}
