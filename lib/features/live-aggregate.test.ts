import { describe, expect, it } from 'vitest';
import { behaviourFeatures, type CustomerAggregate } from './customer-features';
import { applyEvent, fromBatch, toAggregate, ZLiveAggregate } from './live-aggregate';

const batch: CustomerAggregate = {
  signupAt: new Date('2026-01-01T00:00:00Z'),
  views: 2,
  searches: 0,
  carts: 1,
  purchases: 0,
  monetary: 0,
  sessions: 1,
  avgDwell: 10,
  dwellCount: 2,
  lastEventAt: new Date('2026-03-01T00:00:00Z'),
  categoryViews: { shoes: 2 },
  pastOffers: 0,
  pastConversions: 0,
};

describe('live aggregate', () => {
  it('applies events incrementally and gives the same features as a batch recomputation', () => {
    let a = fromBatch(batch, 'S1');
    a = applyEvent(a, {
      type: 'view',
      occurredAt: new Date('2026-03-02T10:00:00Z'),
      category: 'bags',
      sessionId: 'S2',
      dwellSeconds: 40,
    });
    a = applyEvent(a, {
      type: 'purchase',
      occurredAt: new Date('2026-03-02T10:05:00Z'),
      category: 'bags',
      price: 25,
      quantity: 2,
      sessionId: 'S2',
      dwellSeconds: 10,
    });
    expect(ZLiveAggregate.parse(a)).toEqual(a);
    // the same history computed in one go: 3 views (shoes 2, bags 1), 1 cart, 1 purchase of 50, 2 sessions,
    // dwell mean (10 + 10 + 40 + 10) / 4 = 17.5, last event 2026-03-02T10:05Z
    const expected: CustomerAggregate = {
      ...batch,
      views: 3,
      purchases: 1,
      monetary: 50,
      sessions: 2,
      avgDwell: 17.5,
      dwellCount: 4,
      lastEventAt: new Date('2026-03-02T10:05:00Z'),
      categoryViews: { shoes: 2, bags: 1 },
    };
    const asOf = new Date('2026-03-03T00:00:00Z');
    expect(toAggregate(a)).toEqual(expected);
    expect(behaviourFeatures(toAggregate(a), asOf)).toEqual(behaviourFeatures(expected, asOf));
    expect(a.eventsApplied).toBe(2);
  });
  it('does not move lastEventAt back for a late event', () => {
    const a = applyEvent(fromBatch(batch), { type: 'search', occurredAt: new Date('2026-02-01T00:00:00Z') });
    expect([a.lastEventAt, a.searches]).toEqual(['2026-03-01T00:00:00.000Z', 1]);
  });
});
