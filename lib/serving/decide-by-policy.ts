import 'server-only';
import type { OrgContext } from '../auth/context';
import type { CustomerAggregate } from '../features/customer-features';
import { type AttributeValues, DISCOUNT_COLUMN, rawInputFromAggregate } from '../features/feature-schema';
import { toAggregate, ZLiveAggregate } from '../features/live-aggregate';
import { pgPool } from '../pg-pool';
import { budgetLambda } from '../policies/budget-lambda';
import { topCategory } from '../policies/category-recommender';
import { evaluateRules, ZPolicyRules } from '../policies/rules';
import { readFeatures } from './feature-store';
import { type ServedModel, servedModel, servingAsOf } from './score';

export interface ServedCustomer {
  id: string;
  externalId: string;
  country: string | null;
  /** stored customer attributes (models with attribute features need them) */
  attributes: AttributeValues;
  values: unknown;
  segments: string[];
}

/**
 * One policy version's answer for one customer: its rules evaluated with the customer's segments, frequency-cap
 * count and — for model-optimal rules — P(convert) at each level from the policy's ONNX model (one call) and the
 * budget multiplier of that version.
 */
export async function decideByPolicyVersion(
  ctx: OrgContext,
  version: { id: string; version: number; rules: unknown },
  customer: ServedCustomer,
) {
  const rules = ZPolicyRules.parse(version.rules);
  let pConvert: ((d: number) => number) | undefined;
  let score: { modelVersionId: string; byDiscount: Record<number, number> } | null = null;
  if (rules.mode === 'model-optimal') {
    const model = await servedModel(ctx, rules.modelVersionId);
    const features = customer.values
      ? ZLiveAggregate.parse(customer.values)
      : await readFeatures(ctx.orgId, customer.id);
    const p = await probabilities(model, toAggregate(features), customer, rules.levels, await servingAsOf(ctx.orgId));
    pConvert = (d) => p.get(d) ?? 0;
    score = { modelVersionId: model.id, byDiscount: Object.fromEntries(p) };
  }
  const recentDiscountedOffers = rules.frequencyCap
    ? Number(
        (
          await pgPool().query<{ n: string }>(
            `SELECT count(*) AS n FROM "PolicyDecision" WHERE "organizationId" = $1 AND "customerId" = $2 AND "discountPct" > 0 AND "createdAt" > now() - make_interval(days => $3)`,
            [ctx.orgId, customer.id, rules.frequencyCap.perDays],
          )
        ).rows[0].n,
      )
    : 0;
  const lambda = rules.mode === 'model-optimal' ? await budgetLambda(ctx, version.id, rules) : 0;
  const d = evaluateRules(rules, { segmentIds: customer.segments, pConvert, recentDiscountedOffers, lambda });
  const category = rules.attachToTopCategory && d.discountPct > 0 ? await topCategory(ctx.orgId, customer.id) : null;
  return {
    discountPct: d.discountPct,
    reason: `policy version ${version.version}: ${d.reason}`,
    options: d.options,
    score,
    category,
  };
}

/** P(convert) of one customer at each discount level, in one onnxruntime call. */
async function probabilities(
  model: ServedModel,
  agg: CustomerAggregate,
  customer: { country: string | null; attributes: AttributeValues },
  levels: number[],
  asOf: Date,
): Promise<Map<number, number>> {
  const width = model.schema.features.length;
  const rows = new Float32Array(levels.length * width);
  // features as of the organisation's data cut-off; models trained on arms score the control arm
  const raw = rawInputFromAggregate(model.schema, agg, 0, customer.country, asOf, {
    attributes: customer.attributes,
    arm: model.schema.arms?.control,
  });
  levels.forEach((d, i) => {
    rows.set(raw, i * width);
    rows[i * width + DISCOUNT_COLUMN] = d;
  });
  const p = await model.run(rows, levels.length);
  return new Map(levels.map((d, i) => [d, p[i]]));
}
