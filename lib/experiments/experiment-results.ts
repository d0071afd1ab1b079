import 'server-only';
import type { OrgContext } from '../auth/context';
import { pgPool } from '../pg-pool';
import { orgNumberFormat } from '../settings/org-format';
import { describeArm } from './arm-label';
import { cupedAdjust } from './cuped';
import { getExperimentArms } from './experiment-store';
import {
  type DayCounts,
  experimentSums,
  experimentUserRows,
  summariseUsers,
  type UserRow,
  type VariantSummary,
} from './experiment-sums';
import { checkGuardrails, type Guardrails } from './guardrails';
import { effectOfMeans, profitVerdict } from './profit-verdict';
import { daysToDecision } from './sample-size';
import { analyze } from './stats';
import { verdict } from './verdict';

export const RESULT_METRICS = ['conversion', 'revenue', 'discountCost', 'profit'] as const;
type MetricKey = (typeof RESULT_METRICS)[number];

/**
 * Results of an experiment, from the database: per-variant sums over the assigned users (conversions attributed to
 * the experiment through their offer decision; ./experiment-sums.ts), analysed with lib/experiments/stats.ts. Metrics per user: converted (0/1), revenue, discount cost = order value × d,
 * profit = revenue − order value × (1 − margin), where order value = revenue / (1 − d).
 */
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
  // the experiment, PostgreSQL's sums (unless CUPED reads per-user rows) and the number format at once: the sums are
  // of this organisation's rows of experiment `id` only, and a missing experiment is still a 404
  const [e, sums, format] = await Promise.all([
    getExperimentArms(ctx, id),
    opts.cuped ? null : experimentSums(ctx.orgId, id),
    orgNumberFormat(ctx.orgId),
  ]);
  const margin = e.marginPct / 100;
  const variants = e.variants; // control first
  // per-user rows only for CUPED (each user's outcome next to their pre-period spend)
  let byVariant: UserRow[][] | null = null;
  let summaries: VariantSummary[];
  if (sums) summaries = variants.map((v) => sums.get(v.id) ?? summariseUsers([]));
  else {
    const users = await experimentUserRows(ctx.orgId, e.id);
    byVariant = variants.map((v) => users.filter((u) => u.variantId === v.id));
    summaries = byVariant.map(summariseUsers);
  }
  const sumsOf = (i: number) => summaries[i].sums;
  // every metric's sum and sum of squares per variant; profit per user is margin × revenue − (1 − margin) × cost
  const aggregate = (key: MetricKey, i: number) => {
    const s = sumsOf(i);
    const name = variants[i].name;
    const [a, b] = [margin, 1 - margin];
    switch (key) {
      case 'conversion':
        return { name, n: s.n, sum: s.conversions };
      case 'revenue':
        return { name, n: s.n, sum: s.revenue, sumSquares: s.revenue2 };
      case 'discountCost':
        return { name, n: s.n, sum: s.cost, sumSquares: s.cost2 };
      case 'profit':
        return {
          name,
          n: s.n,
          sum: a * s.revenue - b * s.cost,
          sumSquares: a * a * s.revenue2 - 2 * a * b * s.revenueCost + b * b * s.cost2,
        };
    }
  };
  const value: Record<MetricKey, (u: UserRow) => number> = {
    conversion: (u) => (u.firstConversion ? 1 : 0),
    revenue: (u) => u.revenue,
    discountCost: (u) => u.cost,
    profit: (u) => u.revenue - (u.revenue + u.cost) * (1 - margin),
  };
  const enough = summaries.every((t) => t.sums.n >= 2);
  const weights = variants.map((v) => v.weight);

  let cuped: { theta: number; varianceReduction: number } | null = null;
  let preSpend: Map<string, number> | null = null;
  if (opts.cuped && enough && e.startedAt) {
    const pre = await pgPool().query<{ customerId: string; spend: string }>(
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
        let aggregates = variants.map((_, i) => aggregate(key, i));
        if (!binomial && preSpend && byVariant && (key === 'revenue' || key === 'profit')) {
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
        enrolled: summaries.reduce((t, v) => t + v.sums.n, 0),
        daysRunning,
      });
    }
  }
  // the decision: profit per customer of each treatment against control (conversion next to it), red on a breach
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
      users: sumsOf(i).n,
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
          summaries.map((t) => t.days),
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
  perDay: DayCounts[],
  names: string[],
  alpha: number,
  sequential: boolean,
  method: 'frequentist' | 'bayesian',
) {
  const days = [...new Set(perDay.flatMap((p) => [...p.assigned.keys(), ...p.converted.keys()]))].sort();
  const running = perDay.map(() => ({ n: 0, sum: 0 }));
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
