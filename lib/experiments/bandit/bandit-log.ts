import 'server-only';
import type { Prisma } from '@/generated/prisma/client';
import { pgPool } from '../../pg-pool';
import type { LoggedDecision } from './ips';
import type { ArmStats, BanditMetric } from './thompson';

/**
 * A bandit's log, one row per assigned customer: the arm, the probability it was chosen with (stored on the
 * Assignment when the offer was served) and the customer's outcome so far — converted (0/1) and profit
 * = revenue − order value × (1 − margin), order value = revenue / (1 − d), from the purchases attributed to the
 * experiment through their offer decision (the same definition as the A/B results).
 */
export interface BanditLogRow {
  variantId: string;
  probability: number | null;
  assignedAt: Date;
  converted: number;
  profit: number;
}

type Queryable = Pick<Prisma.TransactionClient, '$queryRawUnsafe'> | null;

export async function loadBanditLog(
  orgId: string,
  experimentId: string,
  marginPct: number,
  tx: Queryable = null,
): Promise<BanditLogRow[]> {
  const sql = `SELECT a."variantId", a.probability, a."assignedAt",
        coalesce(sum(ce.revenue), 0)::float8 AS revenue,
        coalesce(sum(ce.revenue * d."discountPct" / (100 - d."discountPct")), 0)::float8 AS cost,
        count(ce.id)::int AS purchases
     FROM "Assignment" a
     LEFT JOIN "ConversionEvent" ce ON ce."experimentId" = a."experimentId" AND ce."customerId" = a."customerId" AND ce."organizationId" = a."organizationId"
     LEFT JOIN "PolicyDecision" d ON d.id = ce."decisionId" AND d."organizationId" = a."organizationId"
     WHERE a."experimentId" = $1 AND a."organizationId" = $2
     GROUP BY a.id
     ORDER BY a."assignedAt", a.id`;
  type Raw = {
    variantId: string;
    probability: number | null;
    assignedAt: Date;
    revenue: number;
    cost: number;
    purchases: number;
  };
  const rows: Raw[] = tx
    ? await tx.$queryRawUnsafe<Raw[]>(sql, experimentId, orgId)
    : (await pgPool().query<Raw>(sql, [experimentId, orgId])).rows;
  const keep = 1 - marginPct / 100;
  return rows.map((r) => ({
    variantId: r.variantId,
    probability: r.probability,
    assignedAt: r.assignedAt,
    converted: r.purchases > 0 ? 1 : 0,
    profit: r.revenue - (r.revenue + r.cost) * keep,
  }));
}

const reward = (r: BanditLogRow, metric: BanditMetric) => (metric === 'profit' ? r.profit : r.converted);

/** Per-arm n, Σ reward, Σ reward² in the order of `variantIds`. */
export function armStats(log: BanditLogRow[], variants: { id: string; name: string }[], metric: BanditMetric) {
  const stats: ArmStats[] = variants.map((v) => ({ name: v.name, n: 0, sum: 0, sumSquares: 0 }));
  const index = new Map(variants.map((v, i) => [v.id, i]));
  for (const r of log) {
    const i = index.get(r.variantId);
    if (i === undefined) continue;
    const y = reward(r, metric);
    stats[i].n++;
    stats[i].sum += y;
    stats[i].sumSquares += y * y;
  }
  return stats;
}

/** The log as IPS input (rows without a logged probability — none for bandits — are left out). */
export function loggedDecisions(
  log: BanditLogRow[],
  variants: { id: string }[],
  metric: BanditMetric,
): LoggedDecision[] {
  const index = new Map(variants.map((v, i) => [v.id, i]));
  return log.flatMap((r) => {
    const arm = index.get(r.variantId);
    return arm === undefined || r.probability === null
      ? []
      : [{ arm, probability: r.probability, reward: reward(r, metric) }];
  });
}
