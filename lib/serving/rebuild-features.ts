import 'server-only';
import { byCodeUnit } from '../by-code-unit';
import { fromBatch } from '../features/live-aggregate';
import { loadCustomerAggregates } from '../features/load-aggregates';
import { pgPool } from '../pg-pool';
import { analyzeTables } from '../postgres/analyze-tables';

/** customers per transaction: their rows stay locked (live events for them wait) while the chunk is recomputed */
const CHUNK = 2000;

/**
 * Recomputes the feature-store rows of an organisation's customers (all of them, or `customerIds` only) from all
 * stored history in bulk, chunk by chunk. Run after an upload changes history, so that serving never reads a row
 * that misses uploaded events, and so that no request pays for a first computation.
 *
 * It commutes with live events (`POST /api/v1/events`): each chunk first takes the row locks the live path takes
 * (creating missing rows), in the same order (so neither waits for the other in a cycle), and only then reads the
 * events. A live batch that committed before is in what the chunk reads; one that comes after waits for the chunk
 * and applies its events on top of the recomputed row. Without the locks, rows written from a snapshot read
 * before a concurrent live batch committed silently dropped that batch (issue 15 item 5).
 */
export async function rebuildFeatureStore(orgId: string, customerIds?: readonly string[]): Promise<number> {
  const pool = pgPool();
  const ids = (
    await pool.query<{ id: string }>(
      `SELECT id FROM "Customer" WHERE "organizationId" = $1${customerIds ? ' AND id = ANY($2::text[])' : ''}`,
      customerIds ? [orgId, [...customerIds]] : [orgId],
    )
  ).rows
    .map((r) => r.id)
    .sort(byCodeUnit);
  for (let i = 0; i < ids.length; i += CHUNK) await rebuildChunk(orgId, ids.slice(i, i + CHUNK));
  await analyzeTables(['CustomerFeature']);
  return ids.length;
}

async function rebuildChunk(orgId: string, ids: string[]): Promise<void> {
  const client = await pgPool().connect();
  try {
    await client.query('BEGIN');
    // one ordered pass: a missing row is created (a concurrent live creator waits for us, or we for it), an
    // existing one is locked without being written (ON CONFLICT DO UPDATE locks every conflicting row, WHERE false
    // leaves it as it is)
    await client.query(
      `INSERT INTO "CustomerFeature" ("customerId", "organizationId", "values", "updatedAt")
       SELECT u.c, $1, '{}'::jsonb, now() FROM unnest($2::text[]) WITH ORDINALITY AS u(c, i) ORDER BY u.i
       ON CONFLICT ("customerId") DO UPDATE SET "values" = EXCLUDED."values" WHERE false`,
      [orgId, ids],
    );
    // read committed: these statements see every live batch that committed before the locks were granted
    const aggs = await loadCustomerAggregates(orgId, null, ids, client);
    const rows = ids.flatMap((id) => {
      const row = aggs.get(id);
      return row ? [{ id, values: JSON.stringify(fromBatch(row.agg)) }] : [];
    });
    await client.query(
      `UPDATE "CustomerFeature" f SET "values" = u.v::jsonb, "updatedAt" = now()
       FROM unnest($2::text[], $3::text[]) AS u(c, v) WHERE f."customerId" = u.c AND f."organizationId" = $1
         AND f."values" IS DISTINCT FROM u.v::jsonb`, // an unchanged row is not rewritten (no dead tuple)
      [orgId, rows.map((r) => r.id), rows.map((r) => r.values)],
    );
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
