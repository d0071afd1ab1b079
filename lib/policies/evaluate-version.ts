import 'server-only';
import type { OrgContext } from '../auth/context';
import { db } from '../db';
import { profitVerdict } from '../experiments/profit-verdict';
import { AppError } from '../http/errors';
import { pgPool } from '../pg-pool';
import { rawRowsAtLevels, scoreCustomersAtLevels } from '../serving/batch-scores';
import { servedModel } from '../serving/score';
import { orgNumberFormat } from '../settings/org-format';
import { budgetLambda } from './budget-lambda';
import {
  contextualCustomerSeed,
  contextualModel,
  contextualModelProblem,
  contextualProbabilities,
} from './contextual-mode';
import { evaluatePolicy, type LoggedExposure, outcomeModelsFromConversion } from './math/off-policy';
import { ipsDifference } from './math/off-policy-difference';
import { profitCurve } from './math/profit';
import { contextualLevels, evaluateRules, ZPolicyRules } from './rules';

/**
 * Offline evaluation of a policy version before launch, from the randomised exposure log (rows with a logged
 * propensity, uploaded history only — live decisions are excluded): inverse-propensity, self-normalised and,
 * when a model is available, doubly-robust estimates of conversion rate, revenue, discount cost and profit per
 * exposure, with 95% intervals — for the proposed version and for "no discount"; plus, for model-optimal rules,
 * expected profit against the discount budget. A contextual version is weighed by each customer's probability of
 * every level (lib/policies/contextual-mode.ts: the propensities it would log), a stochastic target for IPS/SNIPS/DR.
 */
interface Row extends LoggedExposure {
  customerId: string;
}

const MAX_ROWS = 50_000;

export async function evaluatePolicyVersion(ctx: OrgContext, versionId: string) {
  const v = await db.policyVersion.findFirst({
    where: { id: versionId, organizationId: ctx.orgId },
    include: { policy: { include: { campaign: true } } },
  });
  if (!v) throw AppError.notFound('Policy version');
  const rules = ZPolicyRules.parse(v.rules);
  const modelled = rules.mode === 'model-optimal' || rules.mode === 'contextual';
  const marginPct = modelled ? rules.marginPct : v.policy.campaign.marginPct;
  const { rows: raw } = await pgPool().query<{
    customerId: string;
    discountPct: number;
    propensity: number;
    converted: boolean;
    revenue: number;
  }>(
    `SELECT "customerId", "discountPct", propensity, converted, revenue FROM "OfferExposure"
     WHERE "organizationId" = $1 AND propensity > 0 AND "decisionId" IS NULL ORDER BY "shownAt", id LIMIT $2`,
    [ctx.orgId, MAX_ROWS],
  );
  if (raw.length < 100)
    throw new AppError(
      'unprocessable',
      `Offline evaluation needs a randomised exposure log with propensities (found ${raw.length} rows; need ≥ 100)`,
    );
  const log: Row[] = raw.map((r) => ({
    customerId: r.customerId,
    discountPct: r.discountPct,
    propensity: r.propensity,
    converted: r.converted ? 1 : 0,
    revenue: r.revenue,
  }));
  const converted = log.filter((r) => r.converted && r.discountPct < 100);
  const meanOrderValue = converted.length
    ? converted.reduce((s, r) => s + r.revenue / (1 - r.discountPct / 100), 0) / converted.length
    : 50;
  const orderValue = modelled ? rules.orderValue : meanOrderValue;

  const members = await db.segmentMember.findMany({
    where: { organizationId: ctx.orgId },
    select: { customerId: true, segmentId: true },
  });
  const segmentsOf = new Map<string, string[]>();
  for (const m of members) segmentsOf.set(m.customerId, [...(segmentsOf.get(m.customerId) ?? []), m.segmentId]);

  // conversion model: the policy's own (model-optimal) or the served one, scored per customer and level
  const levels = modelled
    ? rules.levels
    : [...new Set([0, 5, 10, 15, 20, ...log.map((r) => r.discountPct)])].sort((a, b) => a - b);
  let P: Map<string, Map<number, number>> | null = null;
  let modelUsed: string | null = null;
  // contextual mode: each customer's probability of each eligible level, exactly as serving computes them
  // (the same posterior, the same per-customer seed) from the customer's features as of the model's cut-off
  let contextualOf: Map<string, number[]> | null = null;
  const modelId = modelled
    ? rules.modelVersionId
    : (
        await db.modelVersion.findFirst({
          where: { organizationId: ctx.orgId, isActive: true },
          select: { id: true },
        })
      )?.id;
  if (modelId) {
    const model = await servedModel(ctx, modelId);
    modelUsed = `${model.name} v${model.version}`;
    const customers = [...new Set(log.map((r) => r.customerId))];
    P = await scoreCustomersAtLevels(ctx, model, new Date(model.schema.cutoff), levels, customers);
    if (rules.mode === 'contextual') {
      const m = await db.modelVersion.findFirst({
        where: { id: rules.modelVersionId, organizationId: ctx.orgId },
        select: { name: true, version: true, algorithm: true, modelJson: true },
      });
      const problem = m ? contextualModelProblem(m) : 'This policy needs its model to be evaluated';
      if (problem || !m) throw new AppError('unprocessable', problem ?? 'This policy needs its model to be evaluated');
      const posterior = contextualModel(m.modelJson);
      const eligible = contextualLevels(rules);
      const raw = await rawRowsAtLevels(ctx, model.schema, new Date(model.schema.cutoff), eligible, customers);
      contextualOf = new Map(
        [...raw].map(([id, rows]) => [
          id,
          contextualProbabilities(
            rules,
            posterior,
            rows,
            model.schema.features.length,
            contextualCustomerSeed(rules.modelVersionId, id),
          ),
        ]),
      );
    }
  } else if (modelled) {
    throw new AppError('unprocessable', 'This policy needs its model to be evaluated');
  }

  const pConvert = (r: Row, d: number) => P!.get(r.customerId)!.get(d) ?? P!.get(r.customerId)!.get(0)!;
  const lambda = rules.mode === 'model-optimal' ? await budgetLambda(ctx, v.id, rules) : 0;
  // the policy's answer for a row: a discount, or (contextual) the customer's distribution over levels
  const target = (r: Row): number | Record<number, number> => {
    const probabilities = contextualOf?.get(r.customerId);
    const d = evaluateRules(rules, {
      segmentIds: segmentsOf.get(r.customerId) ?? [],
      pConvert: P ? (x) => pConvert(r, x) : undefined,
      lambda,
      contextual: probabilities ? { probabilities, u: 0 } : undefined,
    });
    return d.probabilities ?? d.discountPct;
  };
  const answers = log.map(target);
  const answerOf = new Map(log.map((r, i) => [r, answers[i]]));
  const policy = (r: Row) => answerOf.get(r) ?? target(r);
  // levels the policy gives a row with positive probability, and their probabilities
  const support = (a: number | Record<number, number>): [number, number][] =>
    typeof a === 'number'
      ? [[a, 1]]
      : Object.entries(a)
          .map(([d, p]): [number, number] => [Number(d), p])
          .filter(([, p]) => p > 0);
  const outcomeModels = P
    ? outcomeModelsFromConversion<Row>({ pConvert, orderValue: () => orderValue, marginPct })
    : undefined;
  const loggedLevels = new Set(log.map((r) => r.discountPct));
  const unsupported = [...new Set(answers.flatMap((a) => support(a).map(([d]) => d)))].filter(
    (d) => !loggedLevels.has(d),
  );
  if (unsupported.length && answers.every((a) => support(a).every(([d]) => !loggedLevels.has(d)))) {
    throw new AppError(
      'unprocessable',
      `This version only gives discounts the log never shows (${unsupported.join('%, ')}%); offline evaluation can only weigh logged discounts (${[...loggedLevels].sort((a, b) => a - b).join('%, ')}%)`,
    );
  }
  const proposed = evaluatePolicy({ log, policy, marginPct, outcomeModels });
  const noDiscount = evaluatePolicy({ log, policy: () => 0, marginPct, outcomeModels });
  // the verdict: paired IPS difference against "no discount" on the same rows (profit decides)
  const diff = (metric: 'profit' | 'conversion') => {
    const d = ipsDifference({ log, target: policy, baseline: () => 0, metric, marginPct });
    return {
      control: noDiscount.estimates[metric].ips.value,
      treatment: proposed.estimates[metric].ips.value,
      diff: d.value,
      ci: d.ci,
    };
  };
  const verdict = profitVerdict({
    treatment: `v${v.version}`,
    control: 'no discount',
    profit: diff('profit'),
    conversion: diff('conversion'),
    format: await orgNumberFormat(ctx.orgId),
  });
  const logged = {
    conversion: log.reduce((s, r) => s + r.converted, 0) / log.length,
    revenue: log.reduce((s, r) => s + r.revenue, 0) / log.length,
  };
  // expected share of each discount over the logged rows (a stochastic policy spreads each row over its levels)
  const mix = new Map<number, number>();
  for (const a of answers) for (const [d, p] of support(a)) mix.set(d, (mix.get(d) ?? 0) + p);

  let curve = null;
  if (rules.mode === 'model-optimal' && P) {
    const customers = [...P.entries()].map(([id, m]) => ({
      id,
      pConvertByDiscount: Object.fromEntries(m),
      orderValue,
    }));
    const full = profitCurve(customers, [1e15], { levels, marginPct })[0];
    const budgets = Array.from({ length: 11 }, (_, i) => (full.expectedSpend * i) / 10);
    // per customer, like every other figure of the evaluation (the curve itself sums over the customers)
    const n = customers.length;
    curve = profitCurve(customers, budgets, { levels, marginPct }).map((p) => ({
      budget: p.budget / n,
      expectedProfit: p.expectedProfit / n,
      expectedSpend: p.expectedSpend / n,
    }));
  }
  return {
    version: { id: v.id, version: v.version, mode: rules.mode, policy: v.policy.name },
    verdict,
    rows: log.length,
    orderValue,
    marginPct,
    model: modelUsed,
    lambda,
    unsupportedDiscounts: unsupported,
    discountMix: [...mix.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([discountPct, n]) => ({ discountPct, share: n / log.length })),
    proposed,
    noDiscount,
    logged,
    curve,
  };
}
