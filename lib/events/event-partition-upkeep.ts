import 'server-only';
import type { Pool } from 'pg';
import { pgPool } from '../pg-pool';
import { addMonths, type MonthKey, monthKeyOf } from './event-months';
import { type EnsureResult, ensureEventMonths, monthsInDefault } from './event-partitions';
import { type DroppedPartition, detachExpiredPartitions, dropExpiredPartitions } from './event-retention';

/**
 * What the worker's scheduler does with the partitions of "Event" (lib/jobs/worker.ts, every PARTITION_TICK_MS and at
 * start), with its clock passed in: (1) the current month and the next `aheadMonths` get their partitions before
 * live events of them arrive; (2) rows that landed in DEFAULT (a month created late, a lock that was busy) move to
 * their month's partition; (3) with a retention, partitions past it are detached and (4) dropped, with the feature
 * store of their customers recomputed (event-retention.ts). One worker at a time (a session advisory lock): another
 * worker's tick at the same moment returns null and does nothing.
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
  opts: { retentionMonths: number | null; aheadMonths?: number; lockTimeoutMs?: number; pool?: Pool },
): Promise<UpkeepResult | null> {
  const pool = opts.pool ?? pgPool();
  const lockHolder = await pool.connect();
  try {
    const got = await lockHolder.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [UPKEEP_LOCK]);
    if (!got.rows[0].ok) return null;
    try {
      const current = monthKeyOf(now);
      const upcoming: MonthKey[] = [];
      for (let k = 0; k <= (opts.aheadMonths ?? 2); k++) upcoming.push(addMonths(current, k));
      const ensured = await ensureEventMonths([...upcoming, ...(await monthsInDefault(pool))], {
        pool,
        lockTimeoutMs: opts.lockTimeoutMs,
      });
      const { detached, deferred } = opts.retentionMonths
        ? await detachExpiredPartitions(now, opts.retentionMonths, { pool, lockTimeoutMs: opts.lockTimeoutMs })
        : { detached: [], deferred: [] };
      const dropped = await dropExpiredPartitions(opts.retentionMonths, pool);
      return { ensured, detached, dropped, deferred: [...ensured.deferred, ...deferred] };
    } finally {
      await lockHolder.query('SELECT pg_advisory_unlock($1)', [UPKEEP_LOCK]);
    }
  } finally {
    lockHolder.release();
  }
}
