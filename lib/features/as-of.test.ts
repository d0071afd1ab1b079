import { describe, expect, it } from 'vitest';
import { asOfFromLatest } from './as-of';
import { behaviourFeatures, type CustomerAggregate } from './customer-features';

describe('asOfFromLatest', () => {
  it('is one millisecond after the latest data, or the epoch when there is none', () => {
    expect(asOfFromLatest(new Date('2011-12-09T12:50:00Z')).toISOString()).toBe('2011-12-09T12:50:00.001Z');
    expect(asOfFromLatest(null).getTime()).toBe(0);
  });
  it('recency of 2011 data measured as of its cut-off is days, not years', () => {
    const agg: CustomerAggregate = {
      signupAt: new Date('2010-12-01T00:00:00Z'),
      views: 0,
      searches: 0,
      carts: 0,
      purchases: 1,
      monetary: 10,
      sessions: 1,
      avgDwell: null,
      lastEventAt: new Date('2011-12-01T12:50:00Z'),
      categoryViews: {},
      pastOffers: 0,
      pastConversions: 0,
    };
    const f = behaviourFeatures(agg, asOfFromLatest(new Date('2011-12-09T12:50:00Z')));
    expect(f[0]).toBeCloseTo(8, 6); // 8 days + 1 ms
    expect(f[9]).toBeCloseTo(373.535, 3); // 2010-12-01 → 2011-12-09 12:50
  });
});
