import { describe, expect, it } from 'vitest';
import { openLoop, quantileSorted } from './open-loop';

/** A fake monotonic clock: sleep advances it (plus an optional stall), requests answer instantly. */
function fakeClock(stalls: Record<number, number> = {}) {
  let t = 1000,
    calls = 0;
  return {
    now: () => t,
    sleep: async (ms: number) => {
      await null; // answers already queued see the time before the sleep
      t += ms + (stalls[calls++] ?? 0);
    },
  };
}

describe('openLoop', () => {
  it('sends at evenly spaced scheduled times', async () => {
    const c = fakeClock();
    const sentAt: number[] = [];
    const r = await openLoop({
      ratePerSec: 100,
      durationMs: 100,
      now: c.now,
      sleep: c.sleep,
      send: async () => sentAt.push(c.now() - 1000),
    });
    expect(sentAt).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
    expect(r.offered).toBe(10);
    expect(r.ok).toBe(10);
    expect(r.max).toBe(0);
    expect(r.maxSendLagMs).toBe(0);
  });

  it('times each request from its scheduled send, so a 25 ms stall shows up as latency', async () => {
    // The first sleep (after request 0, due to wake at 10 ms) wakes at 35 ms: requests scheduled at 10, 20, 30 go
    // out together at 35 and count 25, 15, 5 ms; the rest are on time.
    const c = fakeClock({ 0: 25 });
    const r = await openLoop({ ratePerSec: 100, durationMs: 100, now: c.now, sleep: c.sleep, send: async () => true });
    expect(Array.from(r.latenciesMs)).toEqual([0, 0, 0, 0, 0, 0, 0, 5, 15, 25]);
    expect([r.p50, r.p90, r.p99, r.max]).toEqual([0, 15, 25, 25]);
    expect(r.maxSendLagMs).toBe(25);
    expect(r.achievedPerSec).toBeCloseTo(10_000 / 90, 10); // 10 answers, the last at 90 ms
  });

  it('counts rejected and false answers as errors, not latencies', async () => {
    const c = fakeClock();
    const r = await openLoop({
      ratePerSec: 1000,
      durationMs: 5,
      now: c.now,
      sleep: c.sleep,
      send: async (i) => {
        if (i === 1) throw new Error('boom');
        return i !== 3;
      },
    });
    expect([r.offered, r.ok, r.errors]).toEqual([5, 3, 2]);
    await expect(openLoop({ ratePerSec: 0, durationMs: 5, send: async () => true })).rejects.toThrow(RangeError);
  });

  it('quantiles by nearest rank', () => {
    const v = Float64Array.from({ length: 100 }, (_, i) => i + 1);
    expect([quantileSorted(v, 0.5), quantileSorted(v, 0.99), quantileSorted(v, 1)]).toEqual([50, 99, 100]);
    expect(quantileSorted([7], 0.99)).toBe(7);
  });
});
