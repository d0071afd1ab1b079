import 'server-only';
import type { Pool, PoolClient } from 'pg';
import { pgPool } from '../pg-pool';
import type { CustomerAggregate } from './customer-features';

/**
 * Per-customer aggregates of one organisation's events and exposures strictly before `cutoff` (null: all stored
 * history), in three grouped SQL queries (no per-customer round trips). `customers` restricts them to one
 * customer or a list of customers; `q` runs them on a caller's transaction (the feature-store rebuild reads under
 * its row locks).
 */
export interface CustomerRow {
  id: string;
  externalId: string;
  country: string | null;
  /** stored customer attributes (extra columns of the customers file) */
  attributes: Record<string, number | string> | null;
  agg: CustomerAggregate;
}

export async function loadCustomerAggregates(
  orgId: string,
  cutoff: Date | null,
  customers?: string | readonly string[],
  q: Pool | PoolClient = pgPool(),
): Promise<Map<string, CustomerRow>> {
  const some = customers === undefined ? null : typeof customers === 'string' ? [customers] : [...customers];
  const args = some ? [orgId, cutoff, some] : [orgId, cutoff];
  // a list of customers: the per-customer rows are session groups (g = 0) and category groups (g = 1)
  const bySession = some ? ' FILTER (WHERE s.g = 0)' : '';
  const baseQuery = () =>
    q.query<{
      id: string;
      externalId: string;
      country: string | null;
      attributes: Record<string, number | string> | null;
      signupAt: Date | null;
      views: string;
      searches: string;
      carts: string;
      purchases: string;
      monetary: number | null;
      sessions: string;
      avgDwell: number | null;
      dwellCount: string;
      lastEventAt: Date | null;
      categoryViews?: Record<string, number> | null;
    }>(
      // events are first grouped per (customer, session) — one row per session, which a hash aggregate builds
      // without sorting — and those rows then per customer: the number of non-null session groups is the number of
      // distinct sessions, without the count(DISTINCT) sort of every event (358 MB spilled at demo scale 10)
      // With a list of customers (the feature refresh, chunk by chunk; model monitoring's drift sample) the events are
      // read per customer (LATERAL, through the (organizationId, customerId, occurredAt) index), so a chunk costs its
      // own customers' events: with `id = ANY(list)` every chunk filtered all the organisation's customers against the
      // list (s4/s1: 8.9× for 4×), and `customerId = ANY(list)` over the events is planned as a scan of every event
      // (0.8 s for 2,000 customers at s10). In that per-customer read one pass groups the events both by session
      // (g = 0) and by category (g = 1, the category views): a second LATERAL read of the same events for the
      // categories doubled the work (2,000 customers at s10: 110 + 85 ms of SQL, now 110 ms for both).
      // Rows come in externalId order, never in the random ids' hash order: a seeded k-means or split over the same
      // customers gives the same result on every run
      `SELECT c.id, c."externalId", c.country, c.attributes, c."signupAt",
         coalesce(sum(s.views)${bySession}, 0) AS views,
         coalesce(sum(s.searches)${bySession}, 0) AS searches,
         coalesce(sum(s.carts)${bySession}, 0) AS carts,
         coalesce(sum(s.purchases)${bySession}, 0) AS purchases,
         sum(s.monetary)${bySession} AS monetary,
         count(s."sessionId")${bySession} AS sessions,
         sum(s."dwellSum")${bySession} / nullif(sum(s."dwellCount")${bySession}, 0) AS "avgDwell",
         coalesce(sum(s."dwellCount")${bySession}, 0) AS "dwellCount",
         max(s."lastEventAt")${bySession} AS "lastEventAt"${
           some
             ? `,
         jsonb_object_agg(s.category, s.views) FILTER (WHERE s.g = 1 AND s.category IS NOT NULL AND s.views > 0)
           AS "categoryViews"`
             : ''
         }
       FROM ${some ? 'unnest($3::text[]) AS u(id) JOIN "Customer" c ON c.id = u.id' : '"Customer" c'}
       ${some ? 'LEFT JOIN LATERAL' : 'LEFT JOIN'} (
         SELECT ${some ? 'GROUPING(e."sessionId") AS g, e.category' : 'e."customerId"'}, e."sessionId",
           count(*) FILTER (WHERE e.type = 'VIEW') AS views,
           count(*) FILTER (WHERE e.type = 'SEARCH') AS searches,
           count(*) FILTER (WHERE e.type = 'ADD_TO_CART') AS carts,
           count(*) FILTER (WHERE e.type = 'PURCHASE') AS purchases,
           sum(CASE WHEN e.type = 'RETURN' THEN -e.price ELSE e.price END * e.quantity)
             FILTER (WHERE e.type IN ('PURCHASE', 'RETURN')) AS monetary,
           sum(e."dwellSeconds") AS "dwellSum",
           count(e."dwellSeconds") AS "dwellCount",
           max(e."occurredAt") AS "lastEventAt"
         FROM "Event" e
         WHERE e."organizationId" = $1 AND ($2::timestamptz IS NULL OR e."occurredAt" < $2)${some ? ' AND e."customerId" = c.id' : ''}
         GROUP BY ${some ? 'GROUPING SETS ((e."sessionId"), (e.category))' : 'e."customerId", e."sessionId"'}
       ) s ON ${some ? 'true' : 's."customerId" = c.id'}
       WHERE c."organizationId" = $1
       GROUP BY c.id
       ORDER BY c."externalId"`,
      args,
    );
  /** the category views of every customer (a list of customers has them from the base query's category groups) */
  const catsQuery = async () =>
    some
      ? null
      : q.query<{ customerId: string; category: string; n: string }>(
          `SELECT "customerId", category, count(*) AS n FROM "Event"
           WHERE "organizationId" = $1 AND ($2::timestamptz IS NULL OR "occurredAt" < $2) AND type = 'VIEW' AND category IS NOT NULL
           GROUP BY "customerId", category`,
          args,
        );
  const offersQuery = () =>
    q.query<{ customerId: string; offers: string; conversions: string }>(
      some
        ? `SELECT u.id AS "customerId", x.offers, x.conversions FROM unnest($3::text[]) AS u(id)
           JOIN LATERAL (SELECT count(*) AS offers, count(*) FILTER (WHERE converted) AS conversions FROM "OfferExposure"
             WHERE "organizationId" = $1 AND "customerId" = u.id AND ($2::timestamptz IS NULL OR "shownAt" < $2)) x ON true`
        : `SELECT "customerId", count(*) AS offers, count(*) FILTER (WHERE converted) AS conversions FROM "OfferExposure"
           WHERE "organizationId" = $1 AND ($2::timestamptz IS NULL OR "shownAt" < $2) GROUP BY "customerId"`,
      args,
    );
  // a pool runs them at once; a client (a caller's transaction) runs one query at a time
  const [base, cats, offers] =
    'release' in q
      ? [await baseQuery(), await catsQuery(), await offersQuery()]
      : await Promise.all([baseQuery(), catsQuery(), offersQuery()]);
  const out = new Map<string, CustomerRow>();
  for (const r of base.rows) {
    out.set(r.id, {
      id: r.id,
      externalId: r.externalId,
      country: r.country,
      attributes: r.attributes,
      agg: {
        signupAt: r.signupAt,
        views: Number(r.views),
        searches: Number(r.searches),
        carts: Number(r.carts),
        purchases: Number(r.purchases),
        monetary: Number(r.monetary ?? 0),
        sessions: Number(r.sessions),
        avgDwell: r.avgDwell === null ? null : Number(r.avgDwell),
        dwellCount: Number(r.dwellCount),
        lastEventAt: r.lastEventAt,
        categoryViews: { ...r.categoryViews },
        pastOffers: 0,
        pastConversions: 0,
      },
    });
  }
  for (const r of cats?.rows ?? []) {
    const c = out.get(r.customerId);
    if (c) c.agg.categoryViews[r.category] = Number(r.n);
  }
  for (const r of offers.rows) {
    const c = out.get(r.customerId);
    if (c) {
      c.agg.pastOffers = Number(r.offers);
      c.agg.pastConversions = Number(r.conversions);
    }
  }
  return out;
}
