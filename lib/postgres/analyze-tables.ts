import 'server-only';
import type { Pool, PoolClient } from 'pg';
import { pgPool } from '../pg-pool';

/**
 * Refreshes the planner's statistics of tables a bulk write has just changed (an import, a feature-store rebuild,
 * a dataset deletion, the demo experiment's seed). Autovacuum would get there eventually, but a query run right
 * after a bulk write otherwise plans on empty or stale statistics — the experiment-results join, for one, becomes
 * a nested loop over every assignment (338 ms instead of 8 ms at demo scale 10). ANALYZE reads a fixed-size sample
 * (300 × default_statistics_target rows) per table, so its cost does not grow with the table. SKIP_LOCKED: a table
 * that another session is analysing (or altering) right now is left to it rather than waited for.
 */
export const ANALYZED_TABLES = [
  'Customer',
  'Event',
  'OfferExposure',
  'CustomerFeature',
  'DatasetFingerprint',
  'DatasetRejection',
  'Assignment',
  'PolicyDecision',
  'ConversionEvent',
] as const;
export type AnalyzedTable = (typeof ANALYZED_TABLES)[number];

export async function analyzeTables(tables: readonly AnalyzedTable[], q: Pool | PoolClient = pgPool()): Promise<void> {
  const names = [...new Set(tables)].filter((t) => (ANALYZED_TABLES as readonly string[]).includes(t));
  if (names.length === 0) return;
  await q.query(`ANALYZE (SKIP_LOCKED) ${names.map((t) => `"${t}"`).join(', ')}`);
}
