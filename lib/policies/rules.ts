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
 *                   offer meets `budgetPerOffer` (lib/policies/budget-lambda.ts);
 *   contextual    — a contextual bandit: per customer, Thompson sampling of the level from the logistic model's
 *                   Laplace posterior with a floor probability per level (lib/policies/contextual-mode.ts); the
 *                   level is drawn with the decision's own uniform, its probability logged as the propensity.
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
  z
    .object({
      mode: z.literal('contextual'),
      /** a logistic-regression version trained with its Laplace posterior (lib/policies/contextual-mode.ts) */
      modelVersionId: z.string().min(1).max(64),
      levels: z.array(Pct).min(2).max(10).default([0, 5, 10, 15, 20]),
      /** smallest probability of showing each level, in [0, 1/levels] */
      floorPct: z.number().min(0).max(50).default(5),
      orderValue: z.number().positive().max(1e6),
      marginPct: z.number().min(0).max(100),
    })
    .extend(ZConstraints.shape)
    .refine((r) => r.levels.filter((d) => d <= r.maxDiscountPct).length >= 1, {
      path: ['maxDiscountPct'],
      message: 'at least one level must be within the maximum discount',
    })
    .refine((r) => (r.floorPct / 100) * r.levels.filter((d) => d <= r.maxDiscountPct).length <= 1 + 1e-12, {
      path: ['floorPct'],
      message: 'the floors of all levels must add up to at most 100%',
    }),
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
  /** contextual mode: the probability with which this level was drawn (1 for a forced 0 %: exclusion, cap) */
  levelProbability?: number;
  /** contextual mode: the probability of each eligible level for this customer */
  probabilities?: Record<number, number>;
}

/** The levels a contextual policy draws from: its levels within the maximum discount, in listed order. */
export function contextualLevels(rules: Extract<PolicyRules, { mode: 'contextual' }>): number[] {
  return rules.levels.filter((d) => d <= rules.maxDiscountPct);
}

/** Index of the level a uniform draw u ∈ [0, 1) selects: the first whose cumulative probability exceeds u. */
export function pickLevel(probabilities: readonly number[], u: number): number {
  let c = 0;
  for (let i = 0; i < probabilities.length; i++) {
    c += probabilities[i];
    if (u < c) return i;
  }
  // rounding: the cumulative sum may end a hair below 1; the last level with positive probability
  for (let i = probabilities.length - 1; i >= 0; i--) if (probabilities[i] > 0) return i;
  return probabilities.length - 1;
}

export function evaluateRules(
  rules: PolicyRules,
  customer: {
    segmentIds: readonly string[];
    pConvert?: (discountPct: number) => number;
    recentDiscountedOffers?: number;
    lambda?: number;
    /** contextual mode: the customer's probability of each eligible level (contextualLevels order) and the
     * decision's uniform draw in [0, 1) */
    contextual?: { probabilities: readonly number[]; u: number };
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
    case 'contextual': {
      if (!customer.contextual) throw new Error("contextual rules need the customer's level probabilities");
      const levels = contextualLevels(rules);
      const { probabilities, u } = customer.contextual;
      const k = pickLevel(probabilities, u);
      return {
        discountPct: levels[k],
        reason: `Thompson sampling on the model's posterior: ${levels[k]}% drawn with probability ${(probabilities[k] * 100).toFixed(1)}% (floor ${rules.floorPct}% per level)`,
        levelProbability: probabilities[k],
        probabilities: Object.fromEntries(levels.map((d, i) => [d, probabilities[i]])),
      };
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
