import 'server-only';
import { db } from '../db';
import { workerLiveness } from '../jobs/worker-liveness';

/**
 * Liveness of the app and its database (one round trip, with the latency), and of the training workers (each
 * heartbeats every 5 s; alive = seen within 15 s). `ok` is the app's own health: no live worker does not make
 * the dashboard unhealthy, it is reported in `workers` (jobs wait in the queue until a worker comes back).
 */
export async function checkHealth(now: Date = new Date()): Promise<{
  ok: boolean;
  database: { ok: boolean; latencyMs: number; error?: string };
  workers?: Awaited<ReturnType<typeof workerLiveness>>;
}> {
  const t0 = performance.now();
  try {
    await db.$queryRaw`SELECT 1`;
    const latencyMs = Math.round((performance.now() - t0) * 10) / 10;
    return { ok: true, database: { ok: true, latencyMs }, workers: await workerLiveness(now) };
  } catch (err) {
    return {
      ok: false,
      database: { ok: false, latencyMs: Math.round(performance.now() - t0), error: (err as Error).message },
    };
  }
}
