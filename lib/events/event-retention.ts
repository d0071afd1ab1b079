import 'server-only';
import type { ClientBase } from 'pg';
import { writeAudit } from '../audit/write-audit';
import { requestAfterDataChange } from '../computed/request-recompute';
import { db } from '../db';
import { log } from '../log';
import { rebuildFeatureStore } from '../serving/rebuild-features';
import { retentionCutoff } from './event-months';
import { listEventPartitions, PARTITIONS_LOCK } from './event-partitions';

/**
 * Retention of events by whole months (`EVENT_RETENTION_MONTHS`, unset: keep everything). With N months, the current
 * month and the N months before it are kept; a partition whose months all ended before that is removed — a catalog
 * operation, not a `DELETE` of millions of rows. In two steps, each safe to repeat after a crash:
 * 1. detach: the partition leaves "Event" (queries stop seeing its rows at once) and is renamed `Event_expired_…`;
 * 2. drop: for every `Event_expired_…` table, the feature-store rows of the customers it had events of are recomputed
 *    from the events that remain, each organisation gets an audit row and its stored results are queued again, and
 *    the table is dropped. A crash between the two leaves the renamed table, which the next run finishes.
 */
export const EXPIRED_PREFIX = 'Event_expired_';
const LOCK_NOT_AVAILABLE = '55P03';
const DEADLOCK = '40P01';

export async function detachExpiredPartitions(
  now: Date,
  retentionMonths: number,
  client: ClientBase,
  opts: { lockTimeoutMs?: number } = {},
): Promise<{ detached: string[]; deferred: string[] }> {
  const cutoff = retentionCutoff(now, retentionMonths);
  const expired = (await listEventPartitions(client)).filter((p) => p.to !== null && p.to <= cutoff);
  const out = { detached: [] as string[], deferred: [] as string[] };
  for (const p of expired) {
    try {
      await client.query('BEGIN');
      await client.query(`SET LOCAL lock_timeout = ${Math.max(1, Math.round(opts.lockTimeoutMs ?? 2000))}`);
      await client.query('SELECT pg_advisory_xact_lock($1)', [PARTITIONS_LOCK]);
      // DETACH … CONCURRENTLY is refused while a DEFAULT partition exists: this waits (lock_timeout) for queries
      // reading "Event" to finish, and holds new ones for the milliseconds the catalog change takes
      await client.query(`ALTER TABLE "Event" DETACH PARTITION "${p.name}"`);
      await client.query(`ALTER TABLE "${p.name}" RENAME TO "${EXPIRED_PREFIX}${p.name.replace(/^Event_/, '')}"`);
      await client.query('COMMIT');
      out.detached.push(p.name);
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      const code = (err as { code?: string }).code;
      if (code !== LOCK_NOT_AVAILABLE && code !== DEADLOCK) throw err;
      log.warn({ partition: p.name }, 'expired event partition not detached yet (lock busy); next try later');
      out.deferred.push(p.name);
    }
  }
  return out;
}

export interface DroppedPartition {
  table: string;
  events: number;
  /** organisation id → customers whose features were recomputed */
  customersByOrg: Record<string, number>;
}

export async function dropExpiredPartitions(
  retentionMonths: number | null,
  client: ClientBase,
): Promise<DroppedPartition[]> {
  const tables = (
    await client.query<{ name: string }>(
      `SELECT relname AS name FROM pg_class
       WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' AND NOT relispartition AND starts_with(relname, $1)
       ORDER BY relname`,
      [EXPIRED_PREFIX],
    )
  ).rows.map((r) => r.name);
  const dropped: DroppedPartition[] = [];
  for (const table of tables) {
    const orgs = (
      await client.query<{ org: string; customers: string[]; events: string }>(
        `SELECT t."organizationId" AS org, array_agg(DISTINCT t."customerId") AS customers, count(*) AS events
         FROM "${table}" t JOIN "Organization" o ON o.id = t."organizationId" GROUP BY 1 ORDER BY 1`,
      )
    ).rows;
    const entry: DroppedPartition = { table, events: 0, customersByOrg: {} };
    for (const o of orgs) {
      // the rows are already out of "Event": the recomputation counts only the events that remain
      await rebuildFeatureStore(o.org, o.customers);
      await writeAudit(db, retentionActor(o.org), {
        action: 'events.retention',
        entityType: 'EventPartition',
        entityId: table.slice(EXPIRED_PREFIX.length),
        diff: { eventsRemoved: Number(o.events), customersRecomputed: o.customers.length, retentionMonths },
      });
      await requestAfterDataChange(o.org);
      entry.events += Number(o.events);
      entry.customersByOrg[o.org] = o.customers.length;
    }
    await client.query(`DROP TABLE "${table}"`);
    log.info({ table, events: entry.events, organizations: orgs.length }, 'expired event partition dropped');
    dropped.push(entry);
  }
  return dropped;
}

/** The scheduler, acting for an organisation (no user). */
const retentionActor = (orgId: string) => ({
  orgId,
  orgName: '',
  role: 'ADMIN' as const,
  userId: null,
  apiKeyId: null,
  actorLabel: 'scheduler',
});
