import 'server-only';
import { byCodeUnit } from '../by-code-unit';
import type { CsvKind } from '../data/csv-schema';
import { pgPool } from '../pg-pool';
import { analyzeTables } from '../postgres/analyze-tables';
import { rebuildFeatureStore } from './rebuild-features';

/**
 * After an import, the feature store is brought up to date for the customers the file touched only — not the
 * whole organisation (which made every import cost as much as all the history: 70 s for an events file at demo
 * scale 10, and customers or exposures files rebuilt everything too):
 * - events: every customer with an event in the file is recomputed from all their history (rebuildFeatureStore);
 * - exposures: only the two features they feed, past offers and past conversions, of the customers in the file
 *   (one grouped count over their exposures); customers the file created get their first row;
 * - customers: a customer without a row gets one, and one whose sign-up date changed is recomputed; nothing else.
 * Every path takes the live path's row locks in its order, so live events posted meanwhile are never lost.
 */
export interface FeatureRefresh {
  /** customers recomputed from history */
  recomputed: number;
  /** customers whose offer counts were refreshed */
  offerCounts: number;
}

const OFFER_CHUNK = 5000;

export async function refreshFeaturesAfterImport(
  orgId: string,
  datasetId: string,
  kind: CsvKind,
): Promise<FeatureRefresh> {
  const pool = pgPool();
  const idsOf = async (sql: string) =>
    (await pool.query<{ id: string }>(sql, [orgId, datasetId])).rows.map((r) => r.id);
  if (kind === 'events') {
    const ids = await idsOf(
      `SELECT DISTINCT "customerId" AS id FROM "Event" WHERE "organizationId" = $1 AND "datasetId" = $2`,
    );
    return { recomputed: ids.length ? await rebuildFeatureStore(orgId, ids) : 0, offerCounts: 0 };
  }
  if (kind === 'customers') {
    // sign-up dates are stored as UTC wall-clock timestamps; the feature row keeps them as ISO strings
    const ids = await idsOf(
      `SELECT c.id FROM "Customer" c LEFT JOIN "CustomerFeature" f ON f."customerId" = c.id
       WHERE c."organizationId" = $1 AND c."datasetId" = $2
         AND (f."customerId" IS NULL
           OR (f."values"->>'signupAt')::timestamptz IS DISTINCT FROM (c."signupAt" AT TIME ZONE 'UTC'))`,
    );
    return { recomputed: ids.length ? await rebuildFeatureStore(orgId, ids) : 0, offerCounts: 0 };
  }
  const fresh = await idsOf(
    `SELECT DISTINCT x."customerId" AS id FROM "OfferExposure" x
     LEFT JOIN "CustomerFeature" f ON f."customerId" = x."customerId"
     WHERE x."organizationId" = $1 AND x."datasetId" = $2 AND f."customerId" IS NULL`,
  );
  const recomputed = fresh.length ? await rebuildFeatureStore(orgId, fresh) : 0;
  const touched = (
    await idsOf(
      `SELECT DISTINCT "customerId" AS id FROM "OfferExposure" WHERE "organizationId" = $1 AND "datasetId" = $2`,
    )
  ).sort(byCodeUnit);
  for (let i = 0; i < touched.length; i += OFFER_CHUNK)
    await refreshOfferCounts(orgId, touched.slice(i, i + OFFER_CHUNK));
  if (touched.length) await analyzeTables(['CustomerFeature']);
  return { recomputed, offerCounts: touched.length };
}

/** Past offers and conversions of these customers (sorted), under their feature rows' locks taken in order. */
async function refreshOfferCounts(orgId: string, ids: string[]): Promise<void> {
  const client = await pgPool().connect();
  try {
    await client.query('BEGIN');
    await client.query(
      `SELECT 1 FROM "CustomerFeature" WHERE "organizationId" = $1 AND "customerId" = ANY($2::text[])
       ORDER BY "customerId" COLLATE "C" FOR UPDATE`,
      [orgId, ids],
    );
    await client.query(
      `UPDATE "CustomerFeature" f
       SET "values" = f."values" || jsonb_build_object('pastOffers', x.offers, 'pastConversions', x.conversions),
           "updatedAt" = now()
       FROM (SELECT "customerId", count(*) AS offers, count(*) FILTER (WHERE converted) AS conversions
             FROM "OfferExposure" WHERE "organizationId" = $1 AND "customerId" = ANY($2::text[])
             GROUP BY "customerId") x
       WHERE f."customerId" = x."customerId" AND f."organizationId" = $1
         AND ((f."values"->>'pastOffers')::bigint IS DISTINCT FROM x.offers
           OR (f."values"->>'pastConversions')::bigint IS DISTINCT FROM x.conversions)`,
      [orgId, ids],
    );
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
