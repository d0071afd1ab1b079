/**
 * Token bucket: holds at most `burst` tokens, refills at `perSecond`; each request takes one. Pure and
 * clock-injected (`nowMs`), so it is tested without waiting. Figures for the IETF RateLimit headers:
 * `remaining` whole tokens left, `resetSeconds` until the bucket is full again, `retryAfterSeconds` until the
 * next token when refused.
 */
export interface BucketLimit {
  perSecond: number;
  burst: number;
}

export interface BucketState {
  tokens: number;
  atMs: number;
}

export interface TakeResult {
  allowed: boolean;
  remaining: number;
  resetSeconds: number;
  retryAfterSeconds: number;
  state: BucketState;
}

export function takeToken(state: BucketState | undefined, limit: BucketLimit, nowMs: number): TakeResult {
  const prev = state ?? { tokens: limit.burst, atMs: nowMs };
  const elapsed = Math.max(0, nowMs - prev.atMs) / 1000;
  const tokens = Math.min(limit.burst, prev.tokens + elapsed * limit.perSecond);
  const allowed = tokens >= 1;
  const left = allowed ? tokens - 1 : tokens;
  return {
    allowed,
    remaining: Math.floor(left),
    resetSeconds: Math.ceil((limit.burst - left) / limit.perSecond),
    retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((1 - left) / limit.perSecond)),
    state: { tokens: left, atMs: nowMs },
  };
}
