import { readFileSync, writeFileSync } from 'node:fs';

/**
 * Peak memory of this process over one stretch of work (Linux): the kernel's resident high-water mark (VmHWM of
 * /proc/self/status, reset by writing 5 to /proc/self/clear_refs) — exact, unlike timer sampling, which misses
 * peaks while the event loop is busy — plus the V8 heap and external (Buffer/typed array) memory sampled every
 * `everyMs`, for the breakdown of where the resident memory went.
 */
export interface PeakMemory {
  /** resident high-water mark over the stretch, bytes (null when the kernel gives none) */
  rssPeak: number | null;
  /** resident memory when the stretch began */
  rssStart: number;
  heapUsedPeak: number;
  /** Buffers, typed arrays and other memory outside the V8 heap */
  externalPeak: number;
  /** the sample of highest RSS: seconds into the stretch, and the heap and external memory then */
  atRssPeak: { secs: number; rss: number; heapUsed: number; external: number };
}

function vmKb(field: string): number | null {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync('/proc/self/status', 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

export function trackPeakMemory(everyMs = 25): { stop: () => PeakMemory } {
  let reset = true;
  try {
    writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    reset = false; // older kernels: VmHWM then covers the whole process life
  }
  const start = process.memoryUsage();
  let heapUsedPeak = start.heapUsed;
  let externalPeak = start.external;
  const t0 = performance.now();
  let atRssPeak = { secs: 0, rss: start.rss, heapUsed: start.heapUsed, external: start.external };
  const sample = () => {
    const m = process.memoryUsage();
    if (m.heapUsed > heapUsedPeak) heapUsedPeak = m.heapUsed;
    if (m.external > externalPeak) externalPeak = m.external;
    if (m.rss > atRssPeak.rss)
      atRssPeak = { secs: (performance.now() - t0) / 1000, rss: m.rss, heapUsed: m.heapUsed, external: m.external };
  };
  const timer = setInterval(sample, everyMs);
  timer.unref();
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return { rssPeak: reset ? vmKb('VmHWM') : null, rssStart: start.rss, heapUsedPeak, externalPeak, atRssPeak };
    },
  };
}

export const mib = (bytes: number | null) => (bytes === null ? 'n/a' : `${Math.round(bytes / 1048576)} MiB`);
