import { z } from 'zod';
import { expectedDiscountSpend, expectedProfit } from './math/profit';

/**
 * A policy version's rule set (stored as JSON, validated here) and its evaluation for one customer (pure).
 * Modes:
 *   fixed         — everyone eligible gets `discountPct`;
 *   segments      — the first listed segment the customer belongs to decides; others get `defaultDiscountPct`;
 *   model-optimal — the level with the highest expected profit  p(d) × (orderValue × (1 − d) − orderValue × (1 − margin)),
 *                   with p(d) from the policy's model (needs a served model version); with a budget, the highest
 *                   profit − λ·spend (spend = p(d)·orderValue·d), λ calibrated so the population's average spend per
 *                   offer meets `budgetPerOffer` (lib/policies/budget-lambda.ts).
 * Constraints: excluded segments get 0; a customer over the frequency cap gets 0; no discount exceeds `maxDiscountPct`.
 */
const Pct = z.number().min(0).max(90);
const ZConstraints = z.object({
  maxDiscountPct: Pct.default(30),
  excludedSegmentIds: z.array(z.string().max(64)).max(50).default([]),
  /** attach the discount to the customer's top recommended category (item-item CF) */
  attachToTopCategory: z.boolean().default(false),
  /** at most `maxOffers` discounted offers per customer within `perDays` days; beyond it the answer is 0 % */
  frequencyCap: z
    .object({ maxOffers: z.number().int().min(1).max(100), perDays: z.number().int().min(1).max(365) })
    .optional(),
});
export const ZPolicyRules = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('fixed'), discountPct: Pct }).extend(ZConstraints.shape),
  z
    .object({
      mode: z.literal('segments'),
      segments: z
        .array(z.object({ segmentId: z.string().min(1).max(64), discountPct: Pct }))
        .min(1)
        .max(50),
      defaultDiscountPct: Pct.default(0),
    })
    .extend(ZConstraints.shape),
  z
    .object({
      mode: z.literal('model-optimal'),
      modelVersionId: z.string().min(1).max(64),
      levels: z.array(Pct).min(2).max(10).default([0, 5, 10, 15, 20]),
      orderValue: z.number().positive().max(1e6),
      marginPct: z.number().min(0).max(100),
      /** budget: average expected discount spend per offer (Σ p·V·d / customers); enforced with a Lagrange multiplier */
      budgetPerOffer: z.number().positive().max(1e6).optional(),
    })
    .extend(ZConstraints.shape),
]);
export type PolicyRules = z.infer<typeof ZPolicyRules>;

export interface DecisionOption {
  discountPct: number;
  pConvert: number;
  expectedProfit: number;
  expectedSpend: number;
}

export interface RuleDecision {
  discountPct: number;
  reason: string;
  options?: DecisionOption[];
}

export function evaluateRules(
  rules: PolicyRules,
  customer: {
    segmentIds: readonly string[];
    pConvert?: (discountPct: number) => number;
    recentDiscountedOffers?: number;
    lambda?: number;
  },
): RuleDecision {
  if (rules.excludedSegmentIds.some((s) => customer.segmentIds.includes(s)))
    return { discountPct: 0, reason: 'customer is in an excluded segment' };
  if (rules.frequencyCap && (customer.recentDiscountedOffers ?? 0) >= rules.frequencyCap.maxOffers) {
    return {
      discountPct: 0,
      reason: `frequency cap: ${rules.frequencyCap.maxOffers} discounted offer(s) per ${rules.frequencyCap.perDays} day(s) reached`,
    };
  }
  const cap = (d: number, why: string): RuleDecision =>
    d > rules.maxDiscountPct
      ? { discountPct: rules.maxDiscountPct, reason: `${why}, capped at ${rules.maxDiscountPct}%` }
      : { discountPct: d, reason: why };
  switch (rules.mode) {
    case 'fixed':
      return cap(rules.discountPct, 'fixed discount');
    case 'segments': {
      const hit = rules.segments.find((s) => customer.segmentIds.includes(s.segmentId));
      return hit
        ? cap(hit.discountPct, `segment ${hit.segmentId}`)
        : cap(rules.defaultDiscountPct, 'no listed segment: default');
    }
    case 'model-optimal': {
      if (!customer.pConvert)
        throw new Error('model-optimal rules need conversion probabilities from the policy model');
      const options = rules.levels
        .filter((d) => d <= rules.maxDiscountPct)
        .map((d) => {
          const p = customer.pConvert!(d);
          return {
            discountPct: d,
            pConvert: p,
            expectedProfit: expectedProfit({
              pConvert: p,
              orderValue: rules.orderValue,
              discountPct: d,
              marginPct: rules.marginPct,
            }),
            expectedSpend: expectedDiscountSpend({ pConvert: p, orderValue: rules.orderValue, discountPct: d }),
          };
        });
      const lambda = customer.lambda ?? 0;
      const value = (o: DecisionOption) => o.expectedProfit - lambda * o.expectedSpend;
      const best = options.reduce((a, b) => (value(b) > value(a) ? b : a));
      return {
        discountPct: best.discountPct,
        reason:
          lambda > 0
            ? `highest expected profit within the budget (λ = ${lambda.toFixed(3)})`
            : 'highest expected profit',
        options,
      };
    }
  }
}
