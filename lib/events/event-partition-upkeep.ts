import 'server-only';
import { Client } from 'pg';
import { env } from '../env';
import { addMonths, type MonthKey, monthKeyOf } from './event-months';
import { type EnsureResult, ensureEventMonths, monthsInDefault } from './event-partitions';
import { type DroppedPartition, detachExpiredPartitions, dropExpiredPartitions } from './event-retention';

/**
 * What the worker's scheduler does with the partitions of "Event" (lib/jobs/worker.ts, every PARTITION_TICK_MS and at
 * start), with its clock passed in: (1) the current month and the next `aheadMonths` get their partitions before
 * live events of them arrive; (2) rows that landed in DEFAULT (a month created late, a lock that was busy) move to
 * their month's partition; (3) with a retention, partitions past it are detached and (4) dropped, with the feature
 * store of their customers recomputed (event-retention.ts). One worker at a time (a session advisory lock): another
 * worker's tick at the same moment returns null and does nothing. It runs on a connection of its own, not one of the
 * worker's pool: a job's heartbeats must never wait for a free connection behind it.
 */
const UPKEEP_LOCK = 727_022;

export interface UpkeepResult {
  ensured: EnsureResult;
  detached: string[];
  dropped: DroppedPartition[];
  /** partitions or months left for the next tick because a lock was busy */
  deferred: string[];
}

export async function maintainEventPartitions(
  now: Date,
  opts: { retentionMonths: number | null; aheadMonths?: number; lockTimeoutMs?: number },
): Promise<UpkeepResult | null> {
  const client = new Client({ connectionString: env().DATABASE_URL });
  await client.connect();
  try {
    const got = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [UPKEEP_LOCK]);
    if (!got.rows[0].ok) return null;
    const lockTimeoutMs = opts.lockTimeoutMs;
    const current = monthKeyOf(now);
    const upcoming: MonthKey[] = [];
    for (let k = 0; k <= (opts.aheadMonths ?? 2); k++) upcoming.push(addMonths(current, k));
    const ensured = await ensureEventMonths([...upcoming, ...(await monthsInDefault(client))], {
      client,
      lockTimeoutMs,
    });
    const { detached, deferred } = opts.retentionMonths
      ? await detachExpiredPartitions(now, opts.retentionMonths, client, { lockTimeoutMs })
      : { detached: [], deferred: [] };
    const dropped = await dropExpiredPartitions(opts.retentionMonths, client);
    return { ensured, detached, dropped, deferred: [...ensured.deferred, ...deferred] };
  } finally {
    // ending the session releases its advisory lock
    await client.end();
  }
}
