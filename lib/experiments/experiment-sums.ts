import 'server-only';
import type { Pool, PoolClient } from 'pg';
import { pgPool } from '../pg-pool';

/**
 * What an experiment's results are computed from: per assigned user, the revenue and discount cost of the conversions
 * attributed to the experiment (through their offer decision) and their first conversion; per variant, the sums of
 * those (and of their squares and product) and the users assigned and first converting per UTC day. PostgreSQL sums
 * them (`experimentSums`) unless CUPED needs each user next to their pre-period spend (`experimentUserRows`, summed
 * in Node by `summariseUsers`); the two must agree (tests/integration/experiment-sums.int.test.ts).
 */
export interface UserRow {
  variantId: string;
  customerId: string;
  assignedAt: Date;
  revenue: number;
  cost: number;
  firstConversion: Date | null;
}

/** One row per assigned user with their attributed revenue and discount cost ($1 experiment, $2 organisation). */
export const EXPERIMENT_USER_ROWS_SQL = `SELECT a."variantId", a."customerId", a."assignedAt",
        coalesce(sum(ce.revenue), 0) AS revenue,
        coalesce(sum(ce.revenue * d."discountPct" / (100 - d."discountPct")), 0) AS cost,
        min(ce."occurredAt") AS "firstConversion"
     FROM "Assignment" a
     LEFT JOIN "ConversionEvent" ce ON ce."experimentId" = a."experimentId" AND ce."customerId" = a."customerId" AND ce."organizationId" = a."organizationId"
     LEFT JOIN "PolicyDecision" d ON d.id = ce."decisionId" AND d."organizationId" = a."organizationId"
     WHERE a."experimentId" = $1 AND a."organizationId" = $2
     GROUP BY a.id`;

/** Sums over one variant's users (the per-user metrics of EXPERIMENT_USER_ROWS_SQL), enough for every metric's
 * mean and variance: profit = margin × revenue − (1 − margin) × cost per user, so its sums follow from these. */
export interface VariantSums {
  n: number;
  conversions: number;
  revenue: number;
  revenue2: number;
  cost: number;
  cost2: number;
  revenueCost: number;
}

/** Users assigned and users converting for the first time, per UTC day (YYYY-MM-DD), of one variant. */
export interface DayCounts {
  assigned: Map<string, number>;
  converted: Map<string, number>;
}

/**
 * The sums per variant and the counts per day, aggregated by PostgreSQL ($1 experiment, $2 organisation): what the
 * results need unless CUPED pairs each user with their pre-period spend. Users who never converted add nothing to any
 * sum but n, so the per-user join (EXPERIMENT_USER_ROWS_SQL) is only built for the users with a conversion (`c`), and
 * the assignments are only counted, per variant and UTC day (`days`, n per variant being the sum of its days): the
 * join of every assignment, grouped per user, cost 145 ms of SQL at demo scale 10 (50,000 assigned, 4,587 converted;
 * its sort spilled to disk), this 48 ms. Fetching and analysing every user in Node had cost 1.3 s.
 */
export const EXPERIMENT_SUMS_SQL = `WITH c AS MATERIALIZED (
    SELECT a."variantId", sum(ce.revenue) AS revenue,
      coalesce(sum(ce.revenue * d."discountPct" / (100 - d."discountPct")), 0) AS cost,
      min(ce."occurredAt") AS "firstConversion"
    FROM "ConversionEvent" ce
    JOIN "Assignment" a ON a."experimentId" = ce."experimentId" AND a."customerId" = ce."customerId" AND a."organizationId" = ce."organizationId"
    LEFT JOIN "PolicyDecision" d ON d.id = ce."decisionId" AND d."organizationId" = ce."organizationId"
    WHERE ce."experimentId" = $1 AND ce."organizationId" = $2
    GROUP BY a.id),
  days AS MATERIALIZED (
    SELECT "variantId", "assignedAt"::date AS day, count(*)::int AS n FROM "Assignment"
    WHERE "experimentId" = $1 AND "organizationId" = $2 GROUP BY 1, 2)
  SELECT v."variantId", NULL::text AS day, 's' AS kind, v.n, coalesce(s.conversions, 0) AS conversions,
    coalesce(s.revenue, 0) AS revenue, coalesce(s.revenue2, 0) AS revenue2, coalesce(s.cost, 0) AS cost,
    coalesce(s.cost2, 0) AS cost2, coalesce(s."revenueCost", 0) AS "revenueCost"
  FROM (SELECT "variantId", sum(n)::int AS n FROM days GROUP BY 1) v
  LEFT JOIN (SELECT "variantId", count(*)::int AS conversions, sum(revenue)::float8 AS revenue,
      sum(revenue * revenue)::float8 AS revenue2, sum(cost)::float8 AS cost, sum(cost * cost)::float8 AS cost2,
      sum(revenue * cost)::float8 AS "revenueCost"
    FROM c GROUP BY 1) s USING ("variantId")
  UNION ALL
  SELECT "variantId", to_char(day, 'YYYY-MM-DD'), 'a', n, NULL, NULL, NULL, NULL, NULL, NULL FROM days
  UNION ALL
  SELECT "variantId", to_char("firstConversion", 'YYYY-MM-DD'), 'c', count(*)::int, NULL, NULL, NULL, NULL, NULL, NULL
  FROM c GROUP BY 1, 2`;

const utcDay = (d: Date) => d.toISOString().slice(0, 10);

/** The same sums and day counts from per-user rows (the CUPED path, which needs the rows anyway). */
export function summariseUsers(users: UserRow[]): VariantSummary {
  const sums: VariantSums = { n: 0, conversions: 0, revenue: 0, revenue2: 0, cost: 0, cost2: 0, revenueCost: 0 };
  const days: DayCounts = { assigned: new Map(), converted: new Map() };
  for (const u of users) {
    sums.n++;
    sums.revenue += u.revenue;
    sums.revenue2 += u.revenue * u.revenue;
    sums.cost += u.cost;
    sums.cost2 += u.cost * u.cost;
    sums.revenueCost += u.revenue * u.cost;
    const a = utcDay(u.assignedAt);
    days.assigned.set(a, (days.assigned.get(a) ?? 0) + 1);
    if (u.firstConversion) {
      sums.conversions++;
      const c = utcDay(u.firstConversion);
      days.converted.set(c, (days.converted.get(c) ?? 0) + 1);
    }
  }
  return { sums, days };
}

/** One row per assigned user of experiment `experimentId` of the organisation (the CUPED path). */
export async function experimentUserRows(
  orgId: string,
  experimentId: string,
  q: Pool | PoolClient = pgPool(),
): Promise<UserRow[]> {
  const { rows } = await q.query<Omit<UserRow, 'revenue' | 'cost'> & { revenue: string; cost: string }>(
    EXPERIMENT_USER_ROWS_SQL,
    [experimentId, orgId],
  );
  return rows.map((r) => ({ ...r, revenue: Number(r.revenue), cost: Number(r.cost) }));
}

export interface VariantSummary {
  sums: VariantSums;
  days: DayCounts;
}

/**
 * The sums and day counts of each variant of experiment `experimentId` of the organisation that has at least one
 * assigned user, by variant id (a variant missing from the map has nobody: `summariseUsers([])`).
 */
export async function experimentSums(
  orgId: string,
  experimentId: string,
  q: Pool | PoolClient = pgPool(),
): Promise<Map<string, VariantSummary>> {
  const { rows } = await q.query<
    { variantId: string; day: string | null; kind: 's' | 'a' | 'c'; n: number } & Omit<VariantSums, 'n'>
  >(EXPERIMENT_SUMS_SQL, [experimentId, orgId]);
  const out = new Map<string, VariantSummary>();
  for (const r of rows) {
    const t = out.get(r.variantId) ?? summariseUsers([]);
    out.set(r.variantId, t);
    if (r.kind === 's') {
      const { variantId: _v, day: _d, kind: _k, ...sums } = r;
      t.sums = sums;
    } else (r.kind === 'a' ? t.days.assigned : t.days.converted).set(r.day!, r.n);
  }
  return out;
}
