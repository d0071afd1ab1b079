import { describe, expect, it } from 'vitest';
import { BEHAVIOUR_FEATURES, behaviourFeatures, type CustomerAggregate } from './customer-features';

const base: CustomerAggregate = {
  signupAt: new Date('2026-01-01T00:00:00Z'),
  views: 8,
  searches: 2,
  carts: 4,
  purchases: 1,
  monetary: 120.5,
  sessions: 3,
  avgDwell: 30,
  lastEventAt: new Date('2026-03-31T12:00:00Z'),
  categoryViews: { shoes: 6, bags: 2 },
  pastOffers: 4,
  pastConversions: 1,
};

describe('behaviourFeatures', () => {
  it('computes every feature by hand', () => {
    const f = behaviourFeatures(base, new Date('2026-04-01T00:00:00Z'));
    const named = Object.fromEntries(BEHAVIOUR_FEATURES.map((n, i) => [n, f[i]]));
    // entropy of (0.75, 0.25) = -(0.75 log2 0.75 + 0.25 log2 0.25) = 0.811278124459133
    expect(named).toEqual({
      recency_days: 0.5,
      purchases: 1,
      monetary: 120.5,
      views: 8,
      searches: 2,
      carts: 4,
      sessions: 3,
      avg_dwell_seconds: 30,
      cart_abandon_rate: 0.75,
      days_since_signup: 90,
      category_entropy: expect.closeTo(0.811278124459133, 12),
      top_category_share: 0.75,
      past_offers: 4,
      past_offer_response_rate: 0.25,
    });
  });
  it('gives NaN (to be filled at training time) where a feature is undefined', () => {
    const f = behaviourFeatures(
      {
        ...base,
        signupAt: null,
        lastEventAt: null,
        carts: 0,
        avgDwell: null,
        categoryViews: {},
        pastOffers: 0,
        pastConversions: 0,
      },
      new Date('2026-04-01T00:00:00Z'),
    );
    const nan = BEHAVIOUR_FEATURES.filter((_, i) => Number.isNaN(f[i]));
    expect(nan).toEqual([
      'recency_days',
      'avg_dwell_seconds',
      'cart_abandon_rate',
      'days_since_signup',
      'category_entropy',
      'top_category_share',
      'past_offer_response_rate',
    ]);
  });
  it('gives entropy 0 and share 1 for a single category', () => {
    const f = behaviourFeatures({ ...base, categoryViews: { shoes: 5 } }, new Date('2026-04-01T00:00:00Z'));
    expect([f[10], f[11]]).toEqual([0, 1]);
  });
});
