import 'server-only';
import { fromBatch } from '../features/live-aggregate';
import { loadCustomerAggregates } from '../features/load-aggregates';
import { pgPool } from '../pg-pool';
import { analyzeTables } from '../postgres/analyze-tables';

/**
 * Recomputes every customer's feature-store row of an organisation from stored history in bulk (three grouped
 * queries and one multi-row upsert). Run after an upload changes history, so that serving never reads a row
 * that misses uploaded events, and so that no request pays for a first computation.
 */
export async function rebuildFeatureStore(orgId: string): Promise<number> {
  const rows = [...(await loadCustomerAggregates(orgId, new Date())).values()];
  const pool = pgPool();
  for (let i = 0; i < rows.length; i += 5000) {
    const chunk = rows.slice(i, i + 5000);
    await pool.query(
      `INSERT INTO "CustomerFeature" ("customerId", "organizationId", "values", "updatedAt")
       SELECT u.c, $1, u.v::jsonb, now() FROM unnest($2::text[], $3::text[]) AS u(c, v)
       ON CONFLICT ("customerId") DO UPDATE SET "values" = EXCLUDED."values", "updatedAt" = now()`,
      [orgId, chunk.map((r) => r.id), chunk.map((r) => JSON.stringify(fromBatch(r.agg)))],
    );
  }
  await analyzeTables(['CustomerFeature']);
  return rows.length;
}
