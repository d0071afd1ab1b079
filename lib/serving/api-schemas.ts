import { z } from 'zod';

/** Response schemas of the serving API (offers, events, score), used by the API document and its tests. */
export const ZOfferDecision = z.object({
  decisionId: z.string().describe('cite it in the purchase event to attribute the revenue to this offer'),
  customerId: z.string().describe('the external customer id you sent'),
  discountPct: z.number().describe('discount to show, percent (0 = no discount)'),
  category: z.string().nullable().describe('the discount applies to this category, when the policy attaches one'),
  reason: z.string(),
  experiment: z.object({ key: z.string(), variant: z.string() }).nullable(),
  policyVersionId: z.string().nullable(),
  arm: z
    .enum(['new', 'baseline'])
    .nullable()
    .describe("which side of the active version's rollout answered (null: an experiment or nothing decided)"),
  score: z.object({ modelVersionId: z.string(), pConvert: z.number().nullable() }).nullable(),
  options: z.unknown().describe('model-optimal policies: expected profit of each discount level').nullable(),
});

export const ZOfferBatchDecisions = z.object({
  decisions: z
    .array(
      z.union([
        ZOfferDecision,
        z.object({
          customerId: z.string().describe('the external customer id you sent'),
          error: z.object({ code: z.literal('not_found'), message: z.string() }),
        }),
      ]),
    )
    .describe('one per customer sent, in the same order: a decision, or an error for an unknown customer'),
});

/** `POST /api/v1/offers` answers one decision, or `{ decisions }` for a batch. */
export const ZOfferAnswer = z.union([ZOfferDecision, ZOfferBatchDecisions]);

export const OFFER_EXAMPLE = {
  request: { customerId: 'AC00042', campaignId: 'spring-sale' },
  response: {
    decisionId: 'a3c4f1de-1c44-4b53-9a53-4e1b5a0c2d11',
    customerId: 'AC00042',
    discountPct: 10,
    category: null,
    reason: 'policy version 2: segment "bargain hunters" gets 10%',
    experiment: null,
    policyVersionId: 'cm9policyv2',
    arm: 'new',
    score: null,
    options: null,
  },
};

export const ZIngestResult = z.object({
  accepted: z.number().int().describe('events stored'),
  customers: z.number().int().describe('distinct customers whose features were updated'),
  conversionsAttributed: z.number().int().describe('purchases attributed to the decision they cite'),
  sandbox: z
    .literal(true)
    .optional()
    .describe('sent with a test (sandbox) key: validated and counted as above, but nothing was stored'),
});

export const EVENTS_EXAMPLE = {
  request: {
    events: [
      { customerId: 'AC00042', type: 'view', productId: 'sku-1', category: 'shoes', price: 80 },
      {
        customerId: 'AC00042',
        type: 'purchase',
        productId: 'sku-1',
        category: 'shoes',
        price: 72,
        quantity: 1,
        decisionId: 'a3c4f1de-1c44-4b53-9a53-4e1b5a0c2d11',
      },
    ],
  },
  response: { accepted: 2, customers: 1, conversionsAttributed: 1 },
};

export const ZScoreResult = z.object({
  model: z.object({ id: z.string(), name: z.string(), version: z.number().int(), sha256: z.string() }),
  featureNames: z.array(z.string()),
  scores: z.array(
    z.object({ customerId: z.string().optional(), features: z.array(z.number()), probability: z.number() }),
  ),
});
