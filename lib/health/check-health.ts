import 'server-only';
import { db } from '../db';
import { workerLiveness } from '../jobs/worker-liveness';
import { log } from '../log';

/**
 * Liveness of the app and its database (one round trip, with the latency), and of the training workers (each
 * heartbeats every 5 s; alive = seen within 15 s). `ok` is the app's own health: no live worker does not make
 * the dashboard unhealthy, it is reported in `workers` (jobs wait in the queue until a worker comes back).
 * The answer is public, so a database failure says only that it is down; the driver's message (host, port,
 * reason) goes to the log; and workers are only counted: their host names, process ids and the (any organisation's)
 * job each runs stay out of it (`workerLiveness` has them for operators).
 */
export async function checkHealth(
  now: Date = new Date(),
  ping: () => Promise<unknown> = () => db.$queryRaw`SELECT 1`,
): Promise<{
  ok: boolean;
  database: { ok: boolean; latencyMs: number };
  workers?: { alive: number; lastHeartbeatAt: string | null };
}> {
  const t0 = performance.now();
  try {
    await ping();
    const latencyMs = Math.round((performance.now() - t0) * 10) / 10;
    const { alive, lastHeartbeatAt } = await workerLiveness(now);
    return { ok: true, database: { ok: true, latencyMs }, workers: { alive, lastHeartbeatAt } };
  } catch (err) {
    log.error({ err }, 'health check: database unreachable');
    return { ok: false, database: { ok: false, latencyMs: Math.round(performance.now() - t0) } };
  }
}
