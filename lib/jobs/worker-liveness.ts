import 'server-only';
import { hostname } from 'node:os';
import { db } from '../db';

/**
 * Worker liveness: each worker process upserts its row every WORKER_BEAT_MS (and deletes it on a clean stop);
 * a worker is alive when its row was refreshed within WORKER_ALIVE_MS. `/api/health` reports it.
 */
export const WORKER_BEAT_MS = 5000;
export const WORKER_ALIVE_MS = 3 * WORKER_BEAT_MS;

export async function beatWorker(workerId: string, jobId: string | null): Promise<void> {
  await db.workerHeartbeat.upsert({
    where: { workerId },
    create: { workerId, hostname: hostname(), pid: process.pid, jobId },
    update: { lastSeenAt: new Date(), jobId },
  });
}

export async function forgetWorker(workerId: string): Promise<void> {
  await db.workerHeartbeat.deleteMany({ where: { workerId } });
}

export async function workerLiveness(now: Date = new Date()): Promise<{
  alive: number;
  lastHeartbeatAt: string | null;
  workers: { workerId: string; lastSeenAt: string; alive: boolean; jobId: string | null }[];
}> {
  const rows = await db.workerHeartbeat.findMany({ orderBy: { lastSeenAt: 'desc' }, take: 50 });
  const workers = rows.map((r) => ({
    workerId: r.workerId,
    lastSeenAt: r.lastSeenAt.toISOString(),
    alive: now.getTime() - r.lastSeenAt.getTime() <= WORKER_ALIVE_MS,
    jobId: r.jobId,
  }));
  return {
    alive: workers.filter((w) => w.alive).length,
    lastHeartbeatAt: workers[0]?.lastSeenAt ?? null,
    workers,
  };
}
