import 'server-only';
import { pgPool } from '../pg-pool';
import type { CustomerAggregate } from './customer-features';

/**
 * Per-customer aggregates of one organisation's events and exposures strictly before `cutoff`, in three
 * grouped SQL queries (no per-customer round trips); `customerId` restricts them to one customer (or a list).
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
  cutoff: Date,
  customerId?: string | string[],
): Promise<Map<string, CustomerRow>> {
  const pool = pgPool();
  const some = Array.isArray(customerId);
  const one = customerId ? (some ? ' AND c.id = ANY($3::text[])' : ' AND c.id = $3') : '';
  const oneE = customerId ? (some ? ' AND "customerId" = ANY($3::text[])' : ' AND "customerId" = $3') : '';
  const args = customerId ? [orgId, cutoff, customerId] : [orgId, cutoff];
  const [base, cats, offers] = await Promise.all([
    pool.query<{
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
      `SELECT c.id, c."externalId", c.country, c.attributes, c."signupAt",
         count(e.id) FILTER (WHERE e.type = 'VIEW') AS views,
         count(e.id) FILTER (WHERE e.type = 'SEARCH') AS searches,
         count(e.id) FILTER (WHERE e.type = 'ADD_TO_CART') AS carts,
         count(e.id) FILTER (WHERE e.type = 'PURCHASE') AS purchases,
         sum(CASE WHEN e.type = 'RETURN' THEN -e.price ELSE e.price END * e.quantity)
           FILTER (WHERE e.type IN ('PURCHASE', 'RETURN')) AS monetary,
         count(DISTINCT e."sessionId") AS sessions,
         avg(e."dwellSeconds") AS "avgDwell",
         count(e."dwellSeconds") AS "dwellCount",
         max(e."occurredAt") AS "lastEventAt"
       FROM "Customer" c
       LEFT JOIN "Event" e ON e."customerId" = c.id AND e."organizationId" = c."organizationId" AND e."occurredAt" < $2
       WHERE c."organizationId" = $1${one}
       GROUP BY c.id`,
      args,
    ),
    pool.query<{ customerId: string; category: string; n: string }>(
      `SELECT "customerId", category, count(*) AS n FROM "Event"
       WHERE "organizationId" = $1 AND "occurredAt" < $2 AND type = 'VIEW' AND category IS NOT NULL${oneE}
       GROUP BY "customerId", category`,
      args,
    ),
    pool.query<{ customerId: string; offers: string; conversions: string }>(
      `SELECT "customerId", count(*) AS offers, count(*) FILTER (WHERE converted) AS conversions FROM "OfferExposure"
       WHERE "organizationId" = $1 AND "shownAt" < $2${oneE} GROUP BY "customerId"`,
      args,
    ),
  ]);
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
