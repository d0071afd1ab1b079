import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * CPU seconds spent by one PostgreSQL server (Linux /proc): the postmaster's own and reaped children's time plus
 * every live backend's. Backends that exited between two samples are counted through the postmaster's
 * cutime/cstime (a child's time is added to its parent's when reaped). Unlike wall time this hardly moves with
 * the machine's load, so a bench can compare two pieces of work run minutes apart on a shared machine — provided
 * nothing else uses that server meanwhile (run it on a server of its own).
 */
const TICKS = 100; // USER_HZ on Linux x86_64

function statTimes(pid: number): { ppid: number; own: number; children: number } | null {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // fields after the command name, which is in parentheses and may contain spaces
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    // f[1] ppid; f[11..14] utime stime cutime cstime (fields 14..17 of proc(5))
    return { ppid: Number(f[1]), own: Number(f[11]) + Number(f[12]), children: Number(f[13]) + Number(f[14]) };
  } catch {
    return null; // the process exited
  }
}

/** CPU seconds of the server whose data directory is `dataDir` (SHOW data_directory), so far. */
export function postgresCpuSeconds(dataDir: string): number {
  const postmaster = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const root = statTimes(postmaster);
  if (!root) throw new Error(`no postmaster process ${postmaster}`);
  let ticks = root.own + root.children;
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid === postmaster) continue;
    const t = statTimes(pid);
    if (t && t.ppid === postmaster) ticks += t.own;
  }
  return ticks / TICKS;
}
