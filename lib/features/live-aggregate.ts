import { z } from 'zod';
import type { CustomerAggregate } from './customer-features';

/**
 * The per-customer aggregate kept in the feature store (CustomerFeature.values) and updated event by event,
 * so serving never recomputes a customer's history per request. Sessions are counted when the session id
 * changes from the previous event's (events of a session arrive together); the batch computation counts
 * distinct ids, so the two agree unless a session is interleaved with another.
 */
export const ZLiveAggregate = z.object({
  signupAt: z.string().nullable(),
  views: z.number(),
  searches: z.number(),
  carts: z.number(),
  purchases: z.number(),
  monetary: z.number(),
  sessions: z.number(),
  dwellSum: z.number(),
  dwellCount: z.number(),
  lastEventAt: z.string().nullable(),
  lastSessionId: z.string().nullable(),
  categoryViews: z.record(z.string(), z.number()),
  pastOffers: z.number(),
  pastConversions: z.number(),
  eventsApplied: z.number(),
});
export type LiveAggregate = z.infer<typeof ZLiveAggregate>;

export interface LiveEvent {
  type: 'view' | 'search' | 'add_to_cart' | 'remove_from_cart' | 'purchase' | 'return';
  occurredAt: Date;
  category?: string | null;
  price?: number | null;
  quantity?: number;
  sessionId?: string | null;
  dwellSeconds?: number | null;
}

export function fromBatch(a: CustomerAggregate, lastSessionId: string | null = null): LiveAggregate {
  return {
    signupAt: a.signupAt?.toISOString() ?? null,
    views: a.views,
    searches: a.searches,
    carts: a.carts,
    purchases: a.purchases,
    monetary: a.monetary,
    sessions: a.sessions,
    dwellSum: a.avgDwell === null ? 0 : a.avgDwell * (a.dwellCount ?? 1),
    dwellCount: a.avgDwell === null ? 0 : (a.dwellCount ?? 1),
    lastEventAt: a.lastEventAt?.toISOString() ?? null,
    lastSessionId,
    categoryViews: { ...a.categoryViews },
    pastOffers: a.pastOffers,
    pastConversions: a.pastConversions,
    eventsApplied: 0,
  };
}

/** A new aggregate with one more event (the input is not modified). */
export function applyEvent(a: LiveAggregate, e: LiveEvent): LiveAggregate {
  const next: LiveAggregate = { ...a, categoryViews: { ...a.categoryViews }, eventsApplied: a.eventsApplied + 1 };
  if (e.type === 'view') {
    next.views++;
    if (e.category) next.categoryViews[e.category] = (next.categoryViews[e.category] ?? 0) + 1;
  } else if (e.type === 'search') next.searches++;
  else if (e.type === 'add_to_cart') next.carts++;
  else if (e.type === 'purchase') {
    next.purchases++;
    next.monetary += (e.price ?? 0) * (e.quantity ?? 1);
  } else if (e.type === 'return') next.monetary -= (e.price ?? 0) * (e.quantity ?? 1); // returns net out of spend
  if (e.sessionId && e.sessionId !== a.lastSessionId) {
    next.sessions++;
    next.lastSessionId = e.sessionId;
  }
  if (e.dwellSeconds !== null && e.dwellSeconds !== undefined) {
    next.dwellSum += e.dwellSeconds;
    next.dwellCount++;
  }
  if (!a.lastEventAt || e.occurredAt.toISOString() > a.lastEventAt) next.lastEventAt = e.occurredAt.toISOString();
  return next;
}

/** The aggregate in the shape the feature functions take. */
export function toAggregate(a: LiveAggregate): CustomerAggregate {
  return {
    signupAt: a.signupAt ? new Date(a.signupAt) : null,
    views: a.views,
    searches: a.searches,
    carts: a.carts,
    purchases: a.purchases,
    monetary: a.monetary,
    sessions: a.sessions,
    avgDwell: a.dwellCount > 0 ? a.dwellSum / a.dwellCount : null,
    dwellCount: a.dwellCount,
    lastEventAt: a.lastEventAt ? new Date(a.lastEventAt) : null,
    categoryViews: a.categoryViews,
    pastOffers: a.pastOffers,
    pastConversions: a.pastConversions,
  };
}
