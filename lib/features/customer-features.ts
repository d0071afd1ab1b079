/**
 * Behaviour features of one customer as of a cut-off time, from aggregates of the events and offer exposures
 * that happened strictly before it (no leakage from the future). Pure: the aggregates come from SQL
 * (load-aggregates.ts) or, in tests, from hand-made objects. Missing values are NaN; the training pipeline
 * fills them with the training-set median recorded in the feature schema.
 */
export interface CustomerAggregate {
  signupAt: Date | null;
  views: number;
  searches: number;
  carts: number;
  purchases: number;
  /** Σ price × quantity over purchases */
  monetary: number;
  sessions: number;
  /** mean dwell seconds over events with a dwell value; null when none */
  avgDwell: number | null;
  /** number of events with a dwell value (to keep the mean exact under incremental updates) */
  dwellCount?: number;
  lastEventAt: Date | null;
  /** views per category, for the category mix */
  categoryViews: Record<string, number>;
  pastOffers: number;
  pastConversions: number;
}

export const BEHAVIOUR_FEATURES = [
  'recency_days',
  'purchases',
  'monetary',
  'views',
  'searches',
  'carts',
  'sessions',
  'avg_dwell_seconds',
  'cart_abandon_rate',
  'days_since_signup',
  'category_entropy',
  'top_category_share',
  'past_offers',
  'past_offer_response_rate',
] as const;
export type BehaviourFeature = (typeof BEHAVIOUR_FEATURES)[number];

const DAY_MS = 86_400_000;

/** Feature values in BEHAVIOUR_FEATURES order. */
export function behaviourFeatures(a: CustomerAggregate, cutoff: Date): Float64Array {
  const t = cutoff.getTime();
  const catCounts = Object.values(a.categoryViews).filter((n) => n > 0);
  const catTotal = catCounts.reduce((s, n) => s + n, 0);
  let entropy = NaN;
  let topShare = NaN;
  if (catTotal > 0) {
    entropy = 0;
    for (const n of catCounts) {
      const p = n / catTotal;
      entropy -= p * Math.log2(p);
    }
    entropy = Math.abs(entropy); // -0 → 0 for a single category
    topShare = Math.max(...catCounts) / catTotal;
  }
  return Float64Array.from([
    a.lastEventAt ? (t - a.lastEventAt.getTime()) / DAY_MS : NaN,
    a.purchases,
    a.monetary,
    a.views,
    a.searches,
    a.carts,
    a.sessions,
    a.avgDwell ?? NaN,
    a.carts > 0 ? Math.max(0, 1 - a.purchases / a.carts) : NaN,
    a.signupAt ? (t - a.signupAt.getTime()) / DAY_MS : NaN,
    entropy,
    topShare,
    a.pastOffers,
    a.pastOffers > 0 ? a.pastConversions / a.pastOffers : NaN,
  ]);
}
