import 'server-only';
import type { OrgContext } from '../auth/context';
import { db } from '../db';
import { effectOfMeans, profitVerdict } from '../experiments/profit-verdict';
import { analyze } from '../experiments/stats';
import { AppError } from '../http/errors';
import { pgPool } from '../pg-pool';
import { orgNumberFormat } from '../settings/org-format';
import { armIpsValue } from './math/arm-ips';
import { newVersionShare } from './rollout-split';

/**
 * Live measurement of a rolled-out version against its baseline, per customer, from the logged decisions (arm
 * "new" vs "baseline", assigned by hash) and the purchases attributed to them: conversion, revenue, discount
 * cost and profit per customer of each side, compared with analyze() (baseline as control), and the profit
 * verdict. profit = revenue − list value × (1 − margin), list value = revenue + discount cost, margin of the
 * campaign. Also the IPS value of "everyone on the new version" from the logged arm probabilities.
 */
const METRICS = ['conversion', 'revenue', 'discountCost', 'profit'] as const;

export async function measureRollout(ctx: OrgContext, versionId: string) {
  const v = await db.policyVersion.findFirst({
    where: { id: versionId, organizationId: ctx.orgId },
    include: { policy: { include: { campaign: true } } },
  });
  if (!v) throw AppError.notFound('Policy version');
  const replaced = v.replacesVersionId
    ? await db.policyVersion.findFirst({
        where: { id: v.replacesVersionId, organizationId: ctx.orgId },
        select: { version: true },
      })
    : null;
  const margin = v.policy.campaign.marginPct / 100;
  const { rows } = await pgPool().query<{
    arm: string;
    probability: number;
    converted: boolean;
    revenue: string;
    cost: string;
  }>(
    `SELECT d.arm, min((d.details->>'propensity')::float) AS probability,
        count(ce.id) > 0 AS converted,
        coalesce(sum(ce.revenue), 0) AS revenue,
        coalesce(sum(ce.revenue * d."discountPct" / nullif(100 - d."discountPct", 0)), 0) AS cost
     FROM "PolicyDecision" d
     LEFT JOIN "ConversionEvent" ce ON ce."decisionId" = d.id AND ce."organizationId" = d."organizationId"
     WHERE d."organizationId" = $1 AND d."policyVersionId" = $2 AND d.arm IS NOT NULL
     GROUP BY d.arm, d."customerId"`,
    [ctx.orgId, v.id],
  );
  const customers = rows.map((r) => {
    const revenue = Number(r.revenue);
    const cost = Number(r.cost);
    return {
      arm: r.arm,
      probability: r.probability,
      conversion: r.converted ? 1 : 0,
      revenue,
      discountCost: cost,
      profit: revenue - (revenue + cost) * (1 - margin),
    };
  });
  const share = newVersionShare(v);
  const baselineName =
    v.baseline === 'previous' && replaced ? `v${replaced.version} (baseline)` : 'no discount (baseline)';
  const newName = `v${v.version}`;
  const arms = [customers.filter((c) => c.arm === 'baseline'), customers.filter((c) => c.arm === 'new')];
  const base = {
    version: { id: v.id, version: v.version, status: v.status, rolloutPct: v.rolloutPct, holdoutPct: v.holdoutPct },
    share,
    arms: [
      { arm: 'baseline', name: baselineName, customers: arms[0].length },
      { arm: 'new', name: newName, customers: arms[1].length },
    ],
  };
  if (arms.some((a) => a.length < 2))
    return {
      ...base,
      metrics: null,
      verdict: null,
      ips: null,
      message: 'Not enough traffic yet: each side needs at least two customers.',
    };
  const analyses = Object.fromEntries(
    METRICS.map((key) => {
      const agg = arms.map((a, i) => {
        let sum = 0,
          sumSquares = 0;
        for (const c of a) {
          sum += c[key];
          sumSquares += c[key] ** 2;
        }
        return {
          name: i === 0 ? baselineName : newName,
          n: a.length,
          sum,
          ...(key === 'conversion' ? {} : { sumSquares }),
        };
      });
      const result = analyze({
        variants: agg,
        metric: key === 'conversion' ? 'binomial' : 'mean',
        method: 'frequentist',
        expectedWeights: [1 - share, share],
      });
      const effect = effectOfMeans(result.variants[0], result.variants[1]);
      return [key, { result, effect }];
    }),
  );
  const verdict = profitVerdict({
    treatment: newName,
    control: baselineName,
    profit: analyses.profit.effect,
    conversion: analyses.conversion.effect,
    format: await orgNumberFormat(ctx.orgId),
  });
  const srm = analyses.conversion.result.srm;
  return {
    ...base,
    metrics: Object.fromEntries(
      METRICS.map((k) => [
        k,
        {
          baseline: analyses[k].result.variants[0],
          new: analyses[k].result.variants[1],
          effect: analyses[k].effect,
          pValue: analyses[k].result.comparisons[0].pValue,
        },
      ]),
    ),
    srm,
    verdict,
    ips: {
      newProfit: armIpsValue(
        customers.map((c) => ({ arm: c.arm, probability: c.probability, y: c.profit })),
        'new',
      ),
      baselineProfit: armIpsValue(
        customers.map((c) => ({ arm: c.arm, probability: c.probability, y: c.profit })),
        'baseline',
      ),
    },
    message: null,
  };
}
