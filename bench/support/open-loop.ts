/**
 * Open-loop load generator: requests are SCHEDULED at evenly spaced times t_i = t0 + i / rate, independent of how
 * fast earlier ones answer, and each latency is measured from its scheduled time (not from when it was actually
 * sent). A stalled client or server therefore shows up as latency instead of silently lowering the offered rate
 * (coordinated omission; autocannon's `overallRate` sends in bursts and times from the actual send).
 *
 *   const r = await openLoop({ ratePerSec: 500, durationMs: 10_000, send: () => fetch(url).then(check) });
 *
 * The clock and the sleep are injectable so the scheduling is tested without real time.
 */

export interface OpenLoopOptions {
  /** Offered request rate, requests per second (> 0). */
  ratePerSec: number;
  /** How long to offer load; requests scheduled at t0 + i / rate for every i with i / rate < duration. */
  durationMs: number;
  /** Sends one request; resolves when it is answered, rejects (or resolves false) on error. */
  send: (i: number) => Promise<unknown>;
  /** Milliseconds on a monotonic clock. Default performance.now. */
  now?: () => number;
  /** Waits ms (≥ 0). Default setTimeout. */
  sleep?: (ms: number) => Promise<void>;
}

export interface OpenLoopResult {
  offered: number;
  ok: number;
  errors: number;
  /** Latency of every answered request from its scheduled send time, ms, ascending. */
  latenciesMs: Float64Array;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** Largest delay between a request's scheduled time and its actual send, ms (the generator's own lag). */
  maxSendLagMs: number;
  /** ok / (last answer − t0), requests per second. */
  achievedPerSec: number;
}

/** Value at quantile q of ascending values (nearest rank: the ⌈q·n⌉-th smallest). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const k = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[k - 1];
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function openLoop(o: OpenLoopOptions): Promise<OpenLoopResult> {
  if (!(o.ratePerSec > 0) || !(o.durationMs > 0)) throw new RangeError('openLoop: rate and duration must be > 0');
  const now = o.now ?? (() => performance.now());
  const sleep = o.sleep ?? defaultSleep;
  const intervalMs = 1000 / o.ratePerSec;
  const total = Math.ceil(o.durationMs / intervalMs - 1e-9);
  const lat: number[] = [];
  const pending: Promise<void>[] = [];
  let errors = 0,
    maxLag = 0,
    lastAnswer = 0;
  const t0 = now();
  let i = 0;
  while (i < total) {
    const t = now();
    // send everything that is due (after a late wake-up, several at once, each timed from its own schedule)
    while (i < total && t0 + i * intervalMs <= t) {
      const scheduled = t0 + i * intervalMs;
      maxLag = Math.max(maxLag, t - scheduled);
      const k = i++;
      pending.push(
        o.send(k).then(
          (v) => {
            const done = now();
            lastAnswer = Math.max(lastAnswer, done);
            if (v === false) errors++;
            else lat.push(done - scheduled);
          },
          () => {
            errors++;
          },
        ),
      );
    }
    if (i < total) await sleep(Math.max(0, t0 + i * intervalMs - now()));
  }
  await Promise.all(pending);
  const sorted = Float64Array.from(lat).sort();
  return {
    offered: total,
    ok: sorted.length,
    errors,
    latenciesMs: sorted,
    p50: quantileSorted(sorted, 0.5),
    p90: quantileSorted(sorted, 0.9),
    p99: quantileSorted(sorted, 0.99),
    max: sorted.length ? sorted[sorted.length - 1] : Number.NaN,
    maxSendLagMs: maxLag,
    achievedPerSec: lastAnswer > t0 ? (sorted.length * 1000) / (lastAnswer - t0) : 0,
  };
}
