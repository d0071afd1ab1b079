/**
 * The latent truth behind the demo merchant: customer types, their behaviour parameters and their KNOWN
 * response to discounts, so uplift models and policies trained on the demo data can be scored against it.
 *
 * Conversion model for a customer shown discount d (percent):
 *   P(convert | customer, d) = sigmoid(alpha_type + beta_type · d/100 + GAMMA · x_customer)
 * where x_customer = [activity, engagement, cartAffinity] are the customer's latent behaviour traits, each
 * drawn i.i.d. standard normal (so they are exactly standardized). They drive the observable behaviour:
 * activity scales sessions per week, engagement scales dwell time and views per session, cartAffinity scales
 * add-to-cart and purchase propensities. Features built from the events (purchase counts, mean dwell, ...)
 * are therefore noisy proxies of x, as they would be for a real merchant.
 */

import { fmix32 } from '../experiments/murmur3';
import type { Rng } from '../ml/rng';

export const CUSTOMER_TYPE_NAMES = ['loyal', 'bargain-hunter', 'browser', 'window-shopper', 'premium'] as const;
export type CustomerTypeName = (typeof CUSTOMER_TYPE_NAMES)[number];

export interface CustomerType {
  name: CustomerTypeName;
  /** Share of the customer base. */
  share: number;
  /** Conversion intercept and discount slope (per unit of d/100). */
  alpha: number;
  beta: number;
  /** Mean sessions per week (before the activity trait). */
  sessionsPerWeek: number;
  /** Mean product views per session (before the engagement trait). */
  viewsPerSession: number;
  /** Probability that a session starts with a search. */
  searchProb: number;
  /** Probability of adding a viewed product to the cart (before the cartAffinity trait). */
  cartPerView: number;
  /** Probability that a session ending with a non-empty cart buys it. */
  purchaseProb: number;
  /** Mean view dwell in seconds (before the engagement trait). */
  dwellSeconds: number;
  /** Which products of a category they look at: cheap end, uniformly, or expensive end. */
  priceTaste: 'low' | 'any' | 'high';
  /** Mean order value in the campaign, before discount. */
  orderValue: number;
}

/**
 * The five types. Discount sensitivity (beta) by design: bargain hunters respond strongly; browsers
 * moderately; loyal customers buy anyway (small beta: discounting them mostly gives margin away);
 * window-shoppers barely buy at all; premium customers respond NEGATIVELY (a discount cheapens the brand).
 * At x = 0: P(0%) / P(20%) = loyal .168/.214, bargain-hunter .039/.231, browser .047/.100,
 * window-shopper .015/.018, premium .119/.076.
 */
export const CUSTOMER_TYPES: readonly CustomerType[] = [
  {
    name: 'loyal',
    share: 0.2,
    alpha: -1.6,
    beta: 1.5,
    sessionsPerWeek: 1.2,
    viewsPerSession: 4,
    searchProb: 0.3,
    cartPerView: 0.13,
    purchaseProb: 0.6,
    dwellSeconds: 35,
    priceTaste: 'any',
    orderValue: 70,
  },
  {
    name: 'bargain-hunter',
    share: 0.25,
    alpha: -3.2,
    beta: 10,
    sessionsPerWeek: 0.9,
    viewsPerSession: 6,
    searchProb: 0.6,
    cartPerView: 0.08,
    purchaseProb: 0.3,
    dwellSeconds: 25,
    priceTaste: 'low',
    orderValue: 40,
  },
  {
    name: 'browser',
    share: 0.25,
    alpha: -3,
    beta: 4,
    sessionsPerWeek: 0.7,
    viewsPerSession: 5,
    searchProb: 0.4,
    cartPerView: 0.05,
    purchaseProb: 0.25,
    dwellSeconds: 45,
    priceTaste: 'any',
    orderValue: 50,
  },
  {
    name: 'window-shopper',
    share: 0.2,
    alpha: -4.2,
    beta: 1,
    sessionsPerWeek: 0.5,
    viewsPerSession: 7,
    searchProb: 0.3,
    cartPerView: 0.025,
    purchaseProb: 0.1,
    dwellSeconds: 60,
    priceTaste: 'any',
    orderValue: 45,
  },
  {
    name: 'premium',
    share: 0.1,
    alpha: -2,
    beta: -2.5,
    sessionsPerWeek: 0.6,
    viewsPerSession: 3.5,
    searchProb: 0.2,
    cartPerView: 0.15,
    purchaseProb: 0.65,
    dwellSeconds: 50,
    priceTaste: 'high',
    orderValue: 140,
  },
];

/** Weights of x = [activity, engagement, cartAffinity] in the conversion logit. */
export const GAMMA: readonly [number, number, number] = [0.4, 0.2, 0.3];

/** Discount levels of the randomised campaign, each shown with probability 1/5. */
export const DISCOUNT_LEVELS: readonly number[] = [0, 5, 10, 15, 20];

/** Ground truth of one customer. */
export interface CustomerTruth {
  customerExternalId: string;
  type: CustomerTypeName;
  alpha: number;
  beta: number;
  /** Latent standardized traits [activity, engagement, cartAffinity]. */
  x: readonly [number, number, number];
  /** Expected order value before discount (campaign revenue = this × noise with mean 1 × (1 − d/100)). */
  baselineOrderValue: number;
}

export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** True P(convert) of a customer shown discountPct (0..100). */
export function trueConversionProbability(truth: CustomerTruth, discountPct: number): number {
  if (!(discountPct >= 0 && discountPct <= 100))
    throw new RangeError(`discountPct must be in [0, 100] (got ${discountPct})`);
  const [a, e, c] = truth.x;
  return sigmoid(truth.alpha + (truth.beta * discountPct) / 100 + GAMMA[0] * a + GAMMA[1] * e + GAMMA[2] * c);
}

/** True expected campaign revenue of showing discountPct: P(convert) × baselineOrderValue × (1 − d/100). */
export function trueExpectedRevenue(truth: CustomerTruth, discountPct: number): number {
  return trueConversionProbability(truth, discountPct) * truth.baselineOrderValue * (1 - discountPct / 100);
}

/**
 * Mixes a seed with two integers into a 32-bit seed (murmur3-style finaliser), so every customer and every
 * stream (traits, events, exposures) has its own independent Rng and can be regenerated in any order.
 */
export function mixSeed(seed: number, a: number, b: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (const k of [a, b]) {
    h = Math.imul(h ^ (k >>> 0), 0xcc9e2d51);
    h = (h << 15) | (h >>> 17);
    h = Math.imul(h, 0x1b873593) ^ 0xe6546b64;
  }
  return fmix32(h);
}

/** Draws a type by share, three standard normal traits and the baseline order value, in that order. */
export function drawTruth(rng: Rng, customerExternalId: string): CustomerTruth {
  const u = rng.next();
  let acc = 0;
  let type = CUSTOMER_TYPES[CUSTOMER_TYPES.length - 1];
  for (const t of CUSTOMER_TYPES) {
    acc += t.share;
    if (u < acc) {
      type = t;
      break;
    }
  }
  const x: [number, number, number] = [rng.normal(), rng.normal(), rng.normal()];
  // lognormal noise with mean 1: E[exp(σN − σ²/2)] = 1, σ = 0.3
  const baselineOrderValue = Math.round(type.orderValue * Math.exp(0.3 * rng.normal() - 0.045) * 100) / 100;
  return { customerExternalId, type: type.name, alpha: type.alpha, beta: type.beta, x, baselineOrderValue };
}

export function customerType(name: CustomerTypeName): CustomerType {
  return CUSTOMER_TYPES.find((t) => t.name === name)!;
}
