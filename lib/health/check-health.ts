import 'server-only';
import { db } from '../db';

/** Liveness of the app and its database: one round trip, with the latency. */
export async function checkHealth(): Promise<{
  ok: boolean;
  database: { ok: boolean; latencyMs: number; error?: string };
}> {
  const t0 = performance.now();
  try {
    await db.$queryRaw`SELECT 1`;
    return { ok: true, database: { ok: true, latencyMs: Math.round((performance.now() - t0) * 10) / 10 } };
  } catch (err) {
    return {
      ok: false,
      database: { ok: false, latencyMs: Math.round(performance.now() - t0), error: (err as Error).message },
    };
  }
}
