import 'server-only';
import type { NextRequest } from 'next/server';
import { env } from '../env';

/** The origin named by the request's Host header (`next start` reports `localhost` in nextUrl whatever was asked). */
function hostOrigin(req: NextRequest): string | null {
  const host = req.headers.get('host');
  if (!host) return null;
  try {
    return new URL(`${req.nextUrl.protocol}//${host}`).origin;
  } catch {
    return null;
  }
}

/** Origins this request may call its own: the one addressed (nextUrl and Host header) and NEXTAUTH_URL's. */
export function appOrigins(req: NextRequest): string[] {
  const configured = env().NEXTAUTH_URL;
  const all = [req.nextUrl.origin, hostOrigin(req), configured ? new URL(configured).origin : null];
  return [...new Set(all.filter((o): o is string => o !== null))];
}

/** Where links sent to people should point: NEXTAUTH_URL when set (the public URL), else the host addressed. */
export function publicOrigin(req: NextRequest): string {
  const configured = env().NEXTAUTH_URL;
  return configured ? new URL(configured).origin : (hostOrigin(req) ?? req.nextUrl.origin);
}
