import 'server-only';
import type { OrgContext } from '../auth/context';
import { AppError } from './errors';
import { type BucketState, takeToken } from './token-bucket';

/**
 * Per-API-key rate limit: a token bucket per key (limits stored on the key: `rateLimitPerSecond`,
 * `rateLimitBurst`), kept in this process's memory — one Map lookup, no database round trip on the hot path.
 * Caveat: each server process keeps its own buckets, so N processes behind a balancer let a key through at up
 * to N × its limit (a shared bucket in PostgreSQL would cost a write per request). Session (dashboard) calls
 * are not limited. Every API-key answer carries `RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset`
 * and `RateLimit-Policy`; a refused one is a 429 with `Retry-After`.
 */
const buckets = new Map<string, BucketState>();

export function rateLimitHeaders(ctx: OrgContext, nowMs: number = Date.now()): Record<string, string> | null {
  if (!ctx.apiKeyId || !ctx.rateLimit) return null;
  const limit = ctx.rateLimit;
  const r = takeToken(buckets.get(ctx.apiKeyId), limit, nowMs);
  buckets.set(ctx.apiKeyId, r.state);
  const headers = {
    'RateLimit-Limit': String(limit.burst),
    'RateLimit-Remaining': String(r.remaining),
    'RateLimit-Reset': String(r.resetSeconds),
    'RateLimit-Policy': `${limit.burst};w=${Math.ceil(limit.burst / limit.perSecond)}`,
  };
  if (!r.allowed) {
    const err = new AppError(
      'rate_limited',
      `Rate limit of this API key (${limit.perSecond}/s, bursts of ${limit.burst}) exceeded; retry in ${r.retryAfterSeconds} s`,
    );
    err.headers = { ...headers, 'Retry-After': String(r.retryAfterSeconds) };
    throw err;
  }
  return headers;
}

/** Forget a key's bucket (its limits changed or it was revoked). */
export function resetRateLimit(apiKeyId: string): void {
  buckets.delete(apiKeyId);
}
