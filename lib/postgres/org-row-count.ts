import 'server-only';
import type { Pool, PoolClient } from 'pg';
import { pgPool } from '../pg-pool';

/** Tables whose per-organisation size is shown as a headline count (each has an "organizationId" index). */
export const COUNTED_TABLES = ['Customer', 'Event', 'OfferExposure'] as const;
export type CountedTable = (typeof COUNTED_TABLES)[number];

export interface RowCount {
  count: number;
  /** true when `count` is the planner's estimate (from the statistics ANALYZE keeps after every import) */
  approximate: boolean;
}

/** Below this estimate the rows are counted exactly: an index-only count of 200,000 rows takes tens of ms. */
export const EXACT_BELOW = 200_000;

/**
 * An organisation's rows in a large table for a headline figure. `count(*)` reads every row of the organisation
 * (0.98 s for 3 M events at demo scale 10), so past `exactBelow` the planner's row estimate is shown instead:
 * PostgreSQL keeps the share of each organisation among the most common values of "organizationId", and every
 * import ends with ANALYZE (lib/postgres/analyze-tables.ts), so the estimate follows the data. Small organisations
 * — and every estimate under the threshold — get the exact count.
 */
export async function orgRowCount(
  table: CountedTable,
  orgId: string,
  opts: { exactBelow?: number } = {},
  q: Pool | PoolClient = pgPool(),
): Promise<RowCount> {
  if (!(COUNTED_TABLES as readonly string[]).includes(table)) throw new Error(`not a counted table: ${table}`);
  const exactBelow = opts.exactBelow ?? EXACT_BELOW;
  const plan = await q.query<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }>(
    `EXPLAIN (FORMAT JSON) SELECT 1 FROM "${table}" WHERE "organizationId" = $1`,
    [orgId],
  );
  const estimate = Math.round(plan.rows[0]['QUERY PLAN'][0].Plan['Plan Rows']);
  if (estimate >= exactBelow) return { count: estimate, approximate: true };
  const r = await q.query<{ n: string }>(`SELECT count(*) AS n FROM "${table}" WHERE "organizationId" = $1`, [orgId]);
  return { count: Number(r.rows[0].n), approximate: false };
}
