import { describe, expect, it } from 'vitest';
import { type BucketState, takeToken } from './token-bucket';

describe('takeToken', () => {
  it('allows a burst, refuses the next with Retry-After, and refills at the rate', () => {
    const limit = { perSecond: 2, burst: 3 };
    let state: BucketState | undefined;
    const at = (ms: number) => {
      const r = takeToken(state, limit, ms);
      state = r.state;
      return [r.allowed, r.remaining, r.resetSeconds, r.retryAfterSeconds];
    };
    expect(at(0)).toEqual([true, 2, 1, 0]); // 2 left: 1 token short of full, refills in 0.5 s → 1
    expect(at(0)).toEqual([true, 1, 1, 0]);
    expect(at(0)).toEqual([true, 0, 2, 0]); // empty: 3 tokens / 2 per s = 1.5 s → 2
    expect(at(0)).toEqual([false, 0, 2, 1]); // next token in 0.5 s → Retry-After 1
    expect(at(250)).toEqual([false, 0, 2, 1]); // 0.5 token
    expect(at(500)).toEqual([true, 0, 2, 0]); // one token came back after 0.5 s
    expect(at(10_000)).toEqual([true, 2, 1, 0]); // capped at the burst, never more
  });

  it('spaces a slow rate: one per 10 s refuses for 10 s', () => {
    const limit = { perSecond: 0.1, burst: 1 };
    const first = takeToken(undefined, limit, 0);
    const second = takeToken(first.state, limit, 1000);
    expect([first.allowed, second.allowed, second.retryAfterSeconds]).toEqual([true, false, 9]);
    expect(takeToken(second.state, limit, 10_000).allowed).toBe(true);
  });
});
