import 'server-only';
import type { ClientBase, Pool } from 'pg';
import { log } from '../log';
import { pgPool } from '../pg-pool';
import { addMonths, boundLiteral, type MonthKey, monthsBetween, parseMonthBounds, partitionName } from './event-months';

/**
 * The monthly partitions of "Event" (migration *_event_monthly_partitions; docs/operations.md, "Partitioning Event").
 * A month gets its partition before rows of it are written (imports: the months of the staged file; live events:
 * the months of the batch), and rows of a month without one land in "Event_default" and are moved out by the
 * worker's upkeep (event-partition-upkeep.ts) — so no insert ever fails and DEFAULT stays (nearly) empty.
 *
 * A partition is created as a plain table and then ATTACHed, not with `CREATE TABLE … PARTITION OF`: ATTACH takes
 * only a SHARE UPDATE EXCLUSIVE lock on "Event" (reads and writes go on), plus ACCESS EXCLUSIVE on the new table
 * and on DEFAULT (which it scans to check that no row of the month is left there; the rows of the month that are
 * there are moved first, in the same transaction) and SHARE ROW EXCLUSIVE on "Customer" (the foreign key). Locks are
 * waited for at most `lockTimeoutMs`: when a long query holds DEFAULT (or a customers import holds "Customer"), the
 * month is left for the next try and its rows go to DEFAULT meanwhile; queries reading DEFAULT queue behind the
 * waiting lock for at most that long.
 */
export const DEFAULT_PARTITION = 'Event_default';
/** one advisory-lock key for every change of the partition set (create, attach, detach, drop) */
export const PARTITIONS_LOCK = 727_021;
const LOCK_NOT_AVAILABLE = '55P03';
const DEADLOCK = '40P01';

export interface EventPartition {
  name: string;
  /** null for DEFAULT */
  from: MonthKey | null;
  to: MonthKey | null;
}

/** The partitions attached to "Event", DEFAULT included, oldest first. */
export async function listEventPartitions(q: Pool | ClientBase = pgPool()): Promise<EventPartition[]> {
  const r = await q.query<{ name: string; bound: string }>(
    `SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound
     FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = 'public."Event"'::regclass`,
  );
  return r.rows
    .map((x) => ({ name: x.name, ...(parseMonthBounds(x.bound) ?? { from: null, to: null }) }))
    .sort((a, b) => (a.from ?? '').localeCompare(b.from ?? ''));
}

/** Every month some attached partition (other than DEFAULT) covers. */
export function coveredMonths(partitions: readonly EventPartition[]): Set<MonthKey> {
  const out = new Set<MonthKey>();
  for (const p of partitions) if (p.from && p.to) for (const m of monthsBetween(p.from, p.to)) out.add(m);
  return out;
}

export interface EnsureResult {
  /** months whose partition this call created */
  created: MonthKey[];
  /** rows moved from DEFAULT into the partitions created */
  moved: number;
  /** months left for a later try (a lock was not granted in time) */
  deferred: MonthKey[];
}

/**
 * Gives each month its partition (those that have one are left alone), moving the month's rows out of DEFAULT.
 * Each month in its own short transaction, on `client` (outside any transaction) or on one connection of the pool —
 * never call it from a transaction that has written to or read "Event", whose locks it would wait for.
 */
export async function ensureEventMonths(
  months: Iterable<MonthKey>,
  opts: { lockTimeoutMs?: number; client?: ClientBase } = {},
): Promise<EnsureResult> {
  const wanted = [...new Set(months)].sort();
  const result: EnsureResult = { created: [], moved: 0, deferred: [] };
  if (wanted.length === 0) return result;
  const covered = coveredMonths(await listEventPartitions(opts.client ?? pgPool()));
  const missing = wanted.filter((m) => !covered.has(m));
  if (missing.length === 0) return result;
  const pooled = opts.client ? null : await pgPool().connect();
  const client = opts.client ?? pooled!;
  try {
    for (const [i, month] of missing.entries()) {
      try {
        const moved = await createMonthPartition(client, month, opts.lockTimeoutMs ?? 2000);
        if (moved !== null) {
          result.created.push(month);
          result.moved += moved;
        }
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (code !== LOCK_NOT_AVAILABLE && code !== DEADLOCK) throw err;
        // the same locks would keep the next months waiting too: all are left for the next try
        result.deferred.push(...missing.slice(i));
        log.warn(
          { months: result.deferred, code },
          'event partitions not created yet (lock busy); their rows go to DEFAULT until the next try',
        );
        break;
      }
    }
  } finally {
    pooled?.release();
  }
  if (result.created.length)
    log.info({ months: result.created, movedFromDefault: result.moved }, 'event partitions created');
  return result;
}

/** Creates, fills from DEFAULT and attaches one month's partition; null when another process made it meanwhile. */
async function createMonthPartition(
  client: ClientBase,
  month: MonthKey,
  lockTimeoutMs: number,
): Promise<number | null> {
  const name = partitionName(month);
  const [from, to] = [boundLiteral(month), boundLiteral(addMonths(month, 1))];
  await client.query('BEGIN');
  try {
    await client.query(`SET LOCAL lock_timeout = ${Math.max(1, Math.round(lockTimeoutMs))}`);
    await client.query('SELECT pg_advisory_xact_lock($1)', [PARTITIONS_LOCK]);
    if (coveredMonths(await listEventPartitions(client)).has(month)) {
      await client.query('ROLLBACK');
      return null;
    }
    // every lock ATTACH needs, taken up front so that nothing on "Event" is held while waiting for another: Customer
    // first (ATTACH clones the customer foreign key onto the partition, which waits for transactions writing
    // customers — a customers import), then the parent, then DEFAULT (the order readers and writers take them in)
    await client.query(`LOCK TABLE "Customer" IN SHARE ROW EXCLUSIVE MODE`);
    await client.query(`LOCK TABLE ONLY "Event" IN SHARE UPDATE EXCLUSIVE MODE`);
    await client.query(`LOCK TABLE "${DEFAULT_PARTITION}" IN ACCESS EXCLUSIVE MODE`);
    await client.query(`CREATE TABLE "${name}" (LIKE "Event" INCLUDING DEFAULTS)`);
    const range = `"occurredAt" >= '${from}' AND "occurredAt" < '${to}'`;
    const moved = await client.query(
      `WITH gone AS (DELETE FROM "${DEFAULT_PARTITION}" WHERE ${range} RETURNING *)
       INSERT INTO "${name}" SELECT * FROM gone`,
    );
    await client.query(`ALTER TABLE "Event" ATTACH PARTITION "${name}" FOR VALUES FROM ('${from}') TO ('${to}')`);
    await client.query('COMMIT');
    return moved.rowCount ?? 0;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

/** The months of the rows waiting in DEFAULT. */
export async function monthsInDefault(q: Pool | ClientBase = pgPool()): Promise<MonthKey[]> {
  const r = await q.query<{ m: string }>(
    `SELECT DISTINCT to_char(date_trunc('month', "occurredAt"), 'YYYY-MM') AS m FROM "${DEFAULT_PARTITION}" ORDER BY 1`,
  );
  return r.rows.map((x) => x.m);
}
