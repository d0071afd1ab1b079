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
    }>(
      // events are first grouped per (customer, session) — one row per session, which a hash aggregate builds
      // without sorting — and those rows then per customer: the number of non-null session groups is the number of
      // distinct sessions, without the count(DISTINCT) sort of every event (358 MB spilled at demo scale 10)
      // With a list of customers (the feature refresh, chunk by chunk) the events are read per customer (LATERAL,
      // through the (organizationId, customerId, occurredAt) index), so a chunk costs its own customers' events: with
      // `id = ANY(list)` every chunk filtered all the organisation's customers against the list (s4/s1: 8.9× for 4×)
      // Rows come in externalId order, never in the random ids' hash order: a seeded k-means or split over the same
      // customers gives the same result on every run
      `SELECT c.id, c."externalId", c.country, c.attributes, c."signupAt",
         coalesce(sum(s.views), 0) AS views,
         coalesce(sum(s.searches), 0) AS searches,
         coalesce(sum(s.carts), 0) AS carts,
         coalesce(sum(s.purchases), 0) AS purchases,
         sum(s.monetary) AS monetary,
         count(s."sessionId") AS sessions,
         sum(s."dwellSum") / nullif(sum(s."dwellCount"), 0) AS "avgDwell",
         coalesce(sum(s."dwellCount"), 0) AS "dwellCount",
         max(s."lastEventAt") AS "lastEventAt"
       FROM ${some ? 'unnest($3::text[]) AS u(id) JOIN "Customer" c ON c.id = u.id' : '"Customer" c'}
       ${some ? 'LEFT JOIN LATERAL' : 'LEFT JOIN'} (
         SELECT e."customerId", e."sessionId",
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
         GROUP BY e."customerId", e."sessionId"
       ) s ON s."customerId" = c.id
       WHERE c."organizationId" = $1
       GROUP BY c.id
       ORDER BY c."externalId"`,
      args,
    );
  const catsQuery = () =>
    q.query<{ customerId: string; category: string; n: string }>(
      some
        ? `SELECT u.id AS "customerId", x.category, x.n FROM unnest($3::text[]) AS u(id)
           JOIN LATERAL (SELECT category, count(*) AS n FROM "Event"
             WHERE "organizationId" = $1 AND "customerId" = u.id AND ($2::timestamptz IS NULL OR "occurredAt" < $2)
               AND type = 'VIEW' AND category IS NOT NULL GROUP BY category) x ON true`
        : `SELECT "customerId", category, count(*) AS n FROM "Event"
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
  // a pool runs the three at once; a client (a caller's transaction) runs one query at a time
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
        categoryViews: {},
        pastOffers: 0,
        pastConversions: 0,
      },
    });
  }
  for (const r of cats.rows) {
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
