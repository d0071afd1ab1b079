import { isIP } from 'node:net';

/**
 * The client's address as the nearest proxy saw it: the rightmost `X-Forwarded-For` entry (`next start` fills the
 * header with the socket's address when the request has none; a reverse proxy in front appends the address it
 * saw). A client talking to `next start` directly can put its own header and thus choose this value: per-address
 * sign-in throttling assumes a proxy in front that appends (the per-account throttle holds either way).
 * Anything that is not an IP address gives null.
 */
export function clientAddress(headers: { get(name: string): string | null } | Record<string, unknown>): string | null {
  const raw =
    typeof (headers as { get?: unknown }).get === 'function'
      ? (headers as { get(name: string): string | null }).get('x-forwarded-for')
      : (headers as Record<string, unknown>)['x-forwarded-for'];
  if (typeof raw !== 'string') return null;
  const last = raw.split(',').at(-1)?.trim() ?? '';
  const unmapped = last.startsWith('::ffff:') && isIP(last.slice(7)) === 4 ? last.slice(7) : last;
  return isIP(unmapped) ? unmapped : null;
}
