import 'server-only';
import { pgPool } from '../pg-pool';
import {
  evaluateRecommender,
  type Interaction,
  ItemItemRecommender,
  popularityBaseline,
  timeHoldoutSplit,
  userItemWeights,
} from './math/recommender';

/**
 * Which product category to attach a discount to: item-item collaborative filtering over the organisation's
 * implicit feedback (view 1, add to cart 3, purchase 5, summed per customer and category), refitted at most every
 * 10 minutes per organisation. Quality is measured on a time-based holdout (each customer's most recent category
 * held out) against a popularity baseline.
 */
const WEIGHT_SQL = `CASE type WHEN 'VIEW' THEN 1 WHEN 'ADD_TO_CART' THEN 3 WHEN 'PURCHASE' THEN 5 ELSE 0 END`;
const TTL_MS = 10 * 60_000;
const cache = new Map<
  string,
  { at: number; model: ItemItemRecommender; histories: Map<string, Map<string, number>> }
>();

/** In a fixed order: when two categories tie on a customer's latest time, the same one is held out every run. */
async function loadInteractions(orgId: string): Promise<Interaction[]> {
  const r = await pgPool().query<{ user: string; item: string; weight: string; at: Date }>(
    `SELECT "customerId" AS user, category AS item, sum(${WEIGHT_SQL}) AS weight, max("occurredAt") AS at FROM "Event"
     WHERE "organizationId" = $1 AND category IS NOT NULL AND type IN ('VIEW', 'ADD_TO_CART', 'PURCHASE')
     GROUP BY "customerId", category
     ORDER BY "customerId", category`,
    [orgId],
  );
  return r.rows.map((x) => ({ user: x.user, item: x.item, weight: Number(x.weight), at: x.at.getTime() }));
}

async function model(orgId: string) {
  const hit = cache.get(orgId);
  if (hit && Date.now() - hit.at < TTL_MS) return hit;
  const interactions = await loadInteractions(orgId);
  const entry = {
    at: Date.now(),
    model: new ItemItemRecommender().fit(interactions),
    histories: userItemWeights(interactions),
  };
  cache.set(orgId, entry);
  return entry;
}

/** The customer's top recommended category (seen categories included), or null without history. */
export async function topCategory(orgId: string, customerId: string): Promise<string | null> {
  const m = await model(orgId);
  const history = m.histories.get(customerId);
  if (!history || history.size === 0) return null;
  return m.model.recommend(history, { k: 1, excludeSeen: false })[0]?.item ?? null;
}

export async function evaluateCategoryRecommender(orgId: string, k = 3) {
  const interactions = await loadInteractions(orgId);
  if (interactions.length === 0) return { k, users: 0, itemItem: null, popularity: null };
  const split = timeHoldoutSplit(interactions);
  const cf = evaluateRecommender(new ItemItemRecommender().fit(split.train), split, { k, excludeSeen: false });
  const pop = evaluateRecommender(popularityBaseline(split.train), split, { k, excludeSeen: false });
  return {
    k,
    users: split.test.size,
    itemItem: { hitRate: cf.hitRate, ndcg: cf.ndcg },
    popularity: { hitRate: pop.hitRate, ndcg: pop.ndcg },
  };
}
