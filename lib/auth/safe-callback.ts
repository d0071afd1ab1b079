/**
 * Where to go after sign-in: only a path of this app. Anything a browser could resolve off-site is refused —
 * `//host`, `/\host` (browsers read `\` as `/`), tabs/newlines that browsers strip (`/\t/host`), schemes — by
 * resolving against a sentinel origin exactly as a browser would and keeping the result only when it stays there.
 */
const SENTINEL = 'http://sentinel.invalid';

export function safeCallbackPath(raw: string | null | undefined, fallback = '/'): string {
  if (typeof raw !== 'string' || raw.length > 2000 || !raw.startsWith('/')) return fallback;
  // control characters and backslashes never belong in our paths (browsers strip / rewrite them)
  for (const ch of raw) {
    const c = ch.charCodeAt(0);
    if (c < 0x20 || c === 0x7f || ch === '\\') return fallback;
  }
  let url: URL;
  try {
    url = new URL(raw, SENTINEL);
  } catch {
    return fallback;
  }
  if (url.origin !== SENTINEL) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}

/**
 * next-auth's `redirect` callback: a URL of this app (absolute on our origin, or a relative path) stays, anything
 * else — another origin, `fixed`, `/\host` — goes to the base URL. Never throws (next-auth's default throws on a
 * relative value that is not a path, which answered 500).
 */
export function safeAuthRedirect(url: string, baseUrl: string): string {
  let base: URL;
  try {
    base = new URL(baseUrl);
  } catch {
    return '/';
  }
  let path: string | null = null;
  if (url.startsWith('/')) path = url;
  else if (url.startsWith(`${base.origin}/`) || url === base.origin) path = url.slice(base.origin.length) || '/';
  return path === null ? baseUrl : `${base.origin}${safeCallbackPath(path)}`;
}

/**
 * Is `raw` a callbackUrl the next-auth route should accept as it is: a path of this app, or an absolute URL on one of
 * its `origins`, that the redirect callback would keep unchanged? Anything else (`fixed`, `//host`, other origins,
 * control characters) is refused with 400 by app/api/auth/[...nextauth]/route.ts.
 */
export function isOwnCallbackUrl(raw: string, origins: readonly string[]): boolean {
  for (const origin of origins) {
    if (raw === origin) return true; // next-auth's own default (NEXTAUTH_URL), kept in its callback-url cookie
    const safe = safeAuthRedirect(raw, origin);
    if (safe !== origin && (safe === raw || safe === `${origin}${raw}`)) return true;
  }
  return false;
}
