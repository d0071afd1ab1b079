import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';

/** CPU jiffies of the whole machine from /proc/stat (Linux): busy = total − idle − iowait. */
export interface CpuSample {
  busy: number;
  total: number;
  load1: number;
}

export function sampleCpu(): CpuSample {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]; // "cpu  user nice system idle iowait irq softirq steal …"
  const v = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = v.reduce((a, b) => a + b, 0);
  return { busy: total - v[3] - v[4], total, load1: loadavg()[0] };
}

/**
 * How busy the machine was between two samples, and how much of that was NOT the measured process:
 *   busyCores = Δbusy / Δtotal × cores,   othersCores = busyCores − ownCpuSeconds / wallSeconds.
 * othersCores near 0 means the figure was taken on a quiet machine; 1.0 means another core's worth of work ran
 * beside it on this 2-core machine.
 */
export function machineLoad(before: CpuSample, after: CpuSample, ownCpuSeconds: number, wallSeconds: number) {
  const cores = cpus().length;
  const dt = after.total - before.total;
  const busyCores = dt > 0 ? ((after.busy - before.busy) / dt) * cores : 0;
  const othersCores = Math.max(0, busyCores - ownCpuSeconds / wallSeconds);
  return { cores, load1: before.load1, busyCores, othersCores };
}

export function describeLoad(l: { load1: number; othersCores: number }): string {
  return `load1 ${l.load1.toFixed(1)}, others ${l.othersCores.toFixed(2)} cores`;
}
