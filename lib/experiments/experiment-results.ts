import 'server-only';
import type { OrgContext } from '../auth/context';
import { pgPool } from '../pg-pool';
import { orgNumberFormat } from '../settings/org-format';
import { describeArm } from './arm-label';
import { cupedAdjust } from './cuped';
import { getExperiment } from './experiment-store';
import { checkGuardrails, type Guardrails } from './guardrails';
import { effectOfMeans, profitVerdict } from './profit-verdict';
import { daysToDecision } from './sample-size';
import { analyze } from './stats';
import { verdict } from './verdict';

/**
 * Results of an experiment, from the database: one row per assigned user (conversions attributed to the
 * experiment through their offer decision), turned into per-variant aggregates and analysed with
 * lib/experiments/stats.ts. Metrics per user: converted (0/1), revenue, discount cost = order value × d,
 * profit = revenue − order value × (1 − margin), where order value = revenue / (1 − d).
 */
export interface UserRow {
  variantId: string;
  customerId: string;
  assignedAt: Date;
  revenue: number;
  cost: number;
  firstConversion: Date | null;
}

export const RESULT_METRICS = ['conversion', 'revenue', 'discountCost', 'profit'] as const;
type MetricKey = (typeof RESULT_METRICS)[number];

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

export async function experimentResults(
  ctx: OrgContext,
  id: string,
  opts: {
    sequential?: boolean;
    cuped?: boolean;
    alpha?: number;
    mdePct?: number;
    asOf?: Date;
    /** 'bayesian': GrowthBook's Gaussian posterior of the relative effect (chance to win, credible interval) */
    method?: 'frequentist' | 'bayesian';
  } = {},
) {
  const method = opts.method ?? 'frequentist';
  // always-valid p-values are frequentist; the Bayesian view has none to make safe
  const sequential = method === 'frequentist' && (opts.sequential ?? false);
  const e = await getExperiment(ctx, id);
  const pool = pgPool();
  const { rows } = await pool.query<{
    variantId: string;
    customerId: string;
    assignedAt: Date;
    revenue: string;
    cost: string;
    firstConversion: Date | null;
  }>(EXPERIMENT_USER_ROWS_SQL, [e.id, ctx.orgId]);
  const users: UserRow[] = rows.map((r) => ({ ...r, revenue: Number(r.revenue), cost: Number(r.cost) }));
  const margin = e.marginPct / 100;
  const value: Record<MetricKey, (u: UserRow) => number> = {
    conversion: (u) => (u.firstConversion ? 1 : 0),
    revenue: (u) => u.revenue,
    discountCost: (u) => u.cost,
    profit: (u) => u.revenue - (u.revenue + u.cost) * (1 - margin),
  };
  const variants = e.variants; // control first
  const byVariant = variants.map((v) => users.filter((u) => u.variantId === v.id));
  const enough = byVariant.every((us) => us.length >= 2);
  const weights = variants.map((v) => v.weight);

  let cuped: { theta: number; varianceReduction: number } | null = null;
  let preSpend: Map<string, number> | null = null;
  if (opts.cuped && enough && e.startedAt) {
    const pre = await pool.query<{ customerId: string; spend: string }>(
      `SELECT "customerId", sum(price * quantity) AS spend FROM "Event"
       WHERE "organizationId" = $1 AND type = 'PURCHASE' AND "occurredAt" < $2
         AND "customerId" IN (SELECT "customerId" FROM "Assignment" WHERE "experimentId" = $3)
       GROUP BY "customerId"`,
      [ctx.orgId, e.startedAt, e.id],
    );
    preSpend = new Map(pre.rows.map((r) => [r.customerId, Number(r.spend)]));
  }

  const analyses = enough
    ? RESULT_METRICS.map((key) => {
        const binomial = key === 'conversion';
        let aggregates = byVariant.map((us, i) => {
          let sum = 0,
            sumSquares = 0;
          for (const u of us) {
            const y = value[key](u);
            sum += y;
            sumSquares += y * y;
          }
          return { name: variants[i].name, n: us.length, sum, ...(binomial ? {} : { sumSquares }) };
        });
        if (!binomial && preSpend && (key === 'revenue' || key === 'profit')) {
          const adj = cupedAdjust(
            byVariant.map((us, i) => ({
              name: variants[i].name,
              y: us.map(value[key]),
              x: us.map((u) => preSpend!.get(u.customerId) ?? 0),
            })),
          );
          aggregates = adj.variants;
          if (key === 'revenue') cuped = { theta: adj.theta, varianceReduction: adj.varianceReduction };
        }
        return {
          key,
          result: analyze({
            variants: aggregates,
            metric: binomial ? 'binomial' : 'mean',
            method,
            higherIsBetter: key !== 'discountCost', // a cost never gets a "chance to beat control"
            alpha: opts.alpha ?? 0.05,
            sequential,
            expectedWeights: weights,
          }),
        };
      })
    : [];

  const byKey = Object.fromEntries(analyses.map((a) => [a.key, a.result]));
  const guardrails = enough
    ? checkGuardrails(
        e.guardrails as Guardrails | null,
        variants.slice(1).map((v, i) => ({
          name: v.name,
          discountCostMean: byKey.discountCost.variants[i + 1].mean,
          conversionLiftLow: byKey.conversion.comparisons[i].ci?.[0] ?? null,
        })),
      )
    : [];
  const primaryFirst = [...analyses].sort((a, b) =>
    a.key === e.primaryMetric ? -1 : b.key === e.primaryMetric ? 1 : 0,
  );
  const srm = analyses[0]?.result.srm ?? null;
  const primary = analyses.find((a) => a.key === e.primaryMetric)?.result;
  const end = e.stoppedAt ?? opts.asOf ?? null;
  const daysRunning = e.startedAt && end ? (end.getTime() - e.startedAt.getTime()) / 86_400_000 : null;
  const mde = (opts.mdePct ?? 5) / 100;
  let decision: ReturnType<typeof daysToDecision> | null = null;
  if (primary && daysRunning !== null && primary.variants[0].mean !== 0) {
    const control = primary.variants[0];
    const binomial = primary.metric === 'binomial';
    if (!binomial || (control.mean > 0 && control.mean * (1 + mde) < 1)) {
      decision = daysToDecision({
        metric: primary.metric,
        baselineMean: control.mean,
        variance: control.variance,
        mde,
        alpha: opts.alpha ?? 0.05,
        arms: variants.length,
        enrolled: byVariant.reduce((t, us) => t + us.length, 0),
        daysRunning,
      });
    }
  }
  // the decision: profit per customer of each treatment against control (conversion next to it), red on a breach
  const format = await orgNumberFormat(ctx.orgId);
  const profitVerdicts = enough
    ? variants.slice(1).map((v, i) =>
        profitVerdict({
          treatment: v.name,
          control: variants[0].name,
          profit: effectOfMeans(byKey.profit.variants[0], byKey.profit.variants[i + 1], opts.alpha ?? 0.05),
          conversion: effectOfMeans(byKey.conversion.variants[0], byKey.conversion.variants[i + 1], opts.alpha ?? 0.05),
          guardrailBreaches: guardrails
            .filter((g) => g.variant === v.name && g.status === 'breached')
            .map((g) => `${g.variant}: ${g.guardrail}`),
          format,
        }),
      )
    : [];
  return {
    profitVerdicts,
    experiment: {
      id: e.id,
      key: e.key,
      name: e.name,
      status: e.status,
      description: e.description,
      primaryMetric: e.primaryMetric,
      marginPct: e.marginPct,
      startedAt: e.startedAt,
      stoppedAt: e.stoppedAt,
    },
    variants: variants.map((v, i) => ({
      id: v.id,
      name: v.name,
      weight: v.weight,
      isControl: v.isControl,
      discountPct: v.discountPct,
      kind: v.kind,
      /** what the arm offers, in words */
      offer: describeArm(v),
      users: byVariant[i].length,
    })),
    options: { sequential, cuped: cuped !== null, alpha: opts.alpha ?? 0.05, method },
    metrics: Object.fromEntries(analyses.map((a) => [a.key, a.result])),
    srm,
    cuped,
    guardrails,
    /** Customers still needed to detect a relative effect of mdePct on the primary metric, and at the observed
     * enrolment rate the days that takes (the control's own mean and variance so far; 80 % power). */
    planning: {
      mdePct: mde * 100,
      metric: e.primaryMetric,
      daysRunning,
      requiredTotal: decision?.plan.total ?? null,
      remaining: decision?.remaining ?? null,
      daysToDecision: decision?.days ?? null,
    },
    verdict: enough
      ? verdict(
          variants[0].name,
          primaryFirst.map((a) => ({ key: a.key, comparisons: a.result.comparisons })),
          { srmMismatch: srm?.mismatch },
        )
      : 'Not enough data yet: every variant needs at least two assigned customers.',
    timeline: enough
      ? cumulativeTimeline(
          byVariant,
          variants.map((v) => v.name),
          opts.alpha ?? 0.05,
          sequential,
          method,
        )
      : [],
  };
}

/**
 * Cumulative users, conversions and relative conversion lift of each treatment, day by day, with the interval of
 * the mode the table uses (fixed-horizon or always-valid), so the last point equals the table's conversion row.
 */
export function cumulativeTimeline(
  byVariant: UserRow[][],
  names: string[],
  alpha: number,
  sequential: boolean,
  method: 'frequentist' | 'bayesian',
) {
  // each user's days formatted once and counted per day, then summed cumulatively (filtering every user for every
  // day formatted each date again: 1.3 s of the results at demo scale 10)
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const perDay = byVariant.map((us) => {
    const assigned = new Map<string, number>();
    const converted = new Map<string, number>();
    for (const u of us) {
      const a = day(u.assignedAt);
      assigned.set(a, (assigned.get(a) ?? 0) + 1);
      if (u.firstConversion) {
        const c = day(u.firstConversion);
        converted.set(c, (converted.get(c) ?? 0) + 1);
      }
    }
    return { assigned, converted };
  });
  const days = [...new Set(perDay.flatMap((p) => [...p.assigned.keys(), ...p.converted.keys()]))].sort();
  const running = byVariant.map(() => ({ n: 0, sum: 0 }));
  return days.map((d) => {
    const agg = running.map((r, i) => {
      r.n += perDay[i].assigned.get(d) ?? 0;
      r.sum += perDay[i].converted.get(d) ?? 0;
      return { name: names[i], n: r.n, sum: r.sum };
    });
    const point: Record<string, unknown> = {
      date: d,
      users: Object.fromEntries(agg.map((a) => [a.name, a.n])),
      conversions: Object.fromEntries(agg.map((a) => [a.name, a.sum])),
    };
    if (agg.every((a) => a.n >= 2) && agg[0].sum > 0) {
      const r = analyze({ variants: agg, metric: 'binomial', method, alpha, sequential });
      point.lift = Object.fromEntries(r.comparisons.map((c) => [c.name, { lift: c.lift, ci: c.ci }]));
    }
    return point;
  });
}
