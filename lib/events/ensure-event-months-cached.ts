import 'server-only';
import type { MonthKey } from './event-months';
import { coveredMonths, ensureEventMonths, listEventPartitions } from './event-partitions';

/**
 * The live-events path (`POST /api/v1/events`) calls this before its transaction: months this process already knows
 * to have a partition cost nothing (a Set lookup); an unknown month costs one catalog read, and a partition is created
 * only when it is really missing (an event dated in a month the worker has not prepared). Only positives are
 * remembered; a partition that retention drops later simply sends that month's late events to DEFAULT, which the
 * worker's upkeep sorts out.
 */
const known = new Set<MonthKey>();

export async function ensureEventMonthsCached(months: Iterable<MonthKey>): Promise<void> {
  const unknown = [...new Set(months)].filter((m) => !known.has(m));
  if (unknown.length === 0) return;
  for (const m of coveredMonths(await listEventPartitions())) known.add(m);
  const missing = unknown.filter((m) => !known.has(m));
  if (missing.length === 0) return;
  // a short wait only: a busy lock sends the rows to DEFAULT rather than holding the request
  const r = await ensureEventMonths(missing, { lockTimeoutMs: 1000 });
  for (const m of r.created) known.add(m);
}
