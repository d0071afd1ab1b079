import 'server-only';
import type { Pool, PoolClient } from 'pg';
import { applyEvent, fromBatch, type LiveAggregate, type LiveEvent, ZLiveAggregate } from '../features/live-aggregate';
import { loadCustomerAggregates } from '../features/load-aggregates';
import { pgPool } from '../pg-pool';

/**
 * The incremental per-customer feature store (table CustomerFeature). A customer's row is computed from
 * stored history once (first use), then updated event by event as live events arrive, inside the same
 * transaction that stores the events — so a feature read right after `POST /api/v1/events` returns reflects them.
 */
async function computeFromHistory(
  orgId: string,
  customerId: string,
  q: Pool | PoolClient = pgPool(),
): Promise<LiveAggregate> {
  // all stored history, like the live path, which applies every event whatever its timestamp
  const rows = await loadCustomerAggregates(orgId, null, customerId, q);
  const row = rows.get(customerId);
  if (!row) throw new Error(`customer ${customerId} not found in organisation`);
  return fromBatch(row.agg);
}

/** Reads (creating when missing, unless `store` is false: sandbox keys) a customer's aggregate. */
export async function readFeatures(
  orgId: string,
  customerId: string,
  opts: { store: boolean } = { store: true },
): Promise<LiveAggregate> {
  const r = await pgPool().query<{ values: unknown }>(
    'SELECT "values" FROM "CustomerFeature" WHERE "customerId" = $1 AND "organizationId" = $2',
    [customerId, orgId],
  );
  if (r.rows[0]) return ZLiveAggregate.parse(r.rows[0].values);
  const agg = await computeFromHistory(orgId, customerId);
  if (!opts.store) return agg;
  await pgPool().query(
    `INSERT INTO "CustomerFeature" ("customerId", "organizationId", "values", "updatedAt") VALUES ($1, $2, $3, now()) ON CONFLICT ("customerId") DO NOTHING`,
    [customerId, orgId, JSON.stringify(agg)],
  );
  return agg;
}

/**
 * Aggregates of many customers at once: a row already read with the customer (`values`) is used as it is; the
 * missing ones are computed from stored history in one set of grouped queries and — unless `store` is false
 * (sandbox keys leave the feature store untouched) — stored in one multi-row insert, exactly as `readFeatures`
 * would one by one.
 */
export async function readFeaturesMany(
  orgId: string,
  customers: { id: string; values: unknown }[],
  opts: { store: boolean },
): Promise<Map<string, LiveAggregate>> {
  const out = new Map<string, LiveAggregate>();
  const absent = new Set<string>();
  for (const c of customers) {
    if (out.has(c.id)) continue;
    if (c.values) out.set(c.id, ZLiveAggregate.parse(c.values));
    else absent.add(c.id);
  }
  if (absent.size === 0) return out;
  const missing = [...absent];
  const rows = await loadCustomerAggregates(orgId, null, missing);
  for (const id of missing) {
    const row = rows.get(id);
    if (!row) throw new Error(`customer ${id} not found in organisation`);
    out.set(id, fromBatch(row.agg));
  }
  if (opts.store)
    await pgPool().query(
      `INSERT INTO "CustomerFeature" ("customerId", "organizationId", "values", "updatedAt")
       SELECT u.id, $1, u.v::jsonb, now() FROM unnest($2::text[], $3::text[]) AS u(id, v)
       ON CONFLICT ("customerId") DO NOTHING`,
      [orgId, missing, missing.map((id) => JSON.stringify(out.get(id)))],
    );
  return out;
}

/**
 * Applies events to a customer's aggregate, on the caller's transaction, before the caller inserts the events.
 * Safe under concurrent requests: the row is created first (from committed history, which excludes this
 * transaction's events) with ON CONFLICT DO NOTHING — a concurrent creator makes us wait and keep theirs —
 * then locked FOR UPDATE, updated and written back.
 */
export async function applyEventsToStore(
  client: PoolClient,
  orgId: string,
  customerId: string,
  events: LiveEvent[],
): Promise<LiveAggregate> {
  const exists = await client.query(
    'SELECT 1 FROM "CustomerFeature" WHERE "customerId" = $1 AND "organizationId" = $2',
    [customerId, orgId],
  );
  if (exists.rowCount === 0) {
    // on the caller's connection: a batch holding pool clients must not wait for another one
    const history = await computeFromHistory(orgId, customerId, client);
    await client.query(
      `INSERT INTO "CustomerFeature" ("customerId", "organizationId", "values", "updatedAt") VALUES ($1, $2, $3, now()) ON CONFLICT ("customerId") DO NOTHING`,
      [customerId, orgId, JSON.stringify(history)],
    );
  }
  const r = await client.query<{ values: unknown }>(
    'SELECT "values" FROM "CustomerFeature" WHERE "customerId" = $1 AND "organizationId" = $2 FOR UPDATE',
    [customerId, orgId],
  );
  let agg = ZLiveAggregate.parse(r.rows[0].values);
  for (const e of [...events].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime())) agg = applyEvent(agg, e);
  await client.query(
    'UPDATE "CustomerFeature" SET "values" = $3, "updatedAt" = now() WHERE "customerId" = $1 AND "organizationId" = $2',
    [customerId, orgId, JSON.stringify(agg)],
  );
  return agg;
}
