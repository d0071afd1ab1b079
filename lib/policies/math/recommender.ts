/**
 * Item-item collaborative filtering on implicit feedback (items here are product categories), a popularity
 * baseline, and top-k evaluation on a per-user time holdout. Pure functions — no I/O.
 *
 * DATA. Interactions { user, item, weight, at? } (weights e.g. view 1, cart 3, purchase 5). r_ui = Σ of the
 *   weights of u's interactions with i (repeat interactions add up). Item vector r_i = (r_ui)_u, sparse.
 * SIMILARITY (cosine):  s(i, j) = Σ_u r_ui·r_uj / (‖r_i‖·‖r_j‖),  ‖r_i‖ = √(Σ_u r_ui²); only pairs that share a user
 *   are stored (the others are 0). Cost Σ_u |I_u|² — fine for categories, not for huge per-user catalogues.
 * NEIGHBOURS. For each item the `neighbours` most similar other items (s > minSimilarity; ties → item name).
 * SCORE (Deshpande & Karypis 2004): for a user with history h (item → weight r_ui),
 *     score(u, j) = Σ_{i ∈ h, j ∈ N(i)} r_ui · s(i, j)
 *   — an item's own similarity never counts, so a seen item scores only through the user's OTHER items. Items with
 *   score ≤ 0 are not recommended (callers may pad with the popularity baseline). Ranking: score descending, then
 *   item name ascending. `excludeSeen` (default true) drops items in h.
 * POPULARITY. popularity(i) = number of distinct users with i ('users', default) or Σ_u r_ui ('weight').
 * HOLDOUT (timeHoldoutSplit). Per user, interactions sorted by `at` (stable); the last `holdoutPerUser` go to the
 *   test set as the user's held-out items, the rest to train. Users with ≤ holdoutPerUser interactions are kept
 *   in train and not evaluated. `newItemsOnly` drops held-out items the user already has in train. (Other users'
 *   later interactions stay in train: a leave-last-out split, not a global time cut.)
 * METRICS over evaluated users u with held-out set T_u and ranked list L_u (first k):
 *     HitRate@k = mean_u 1[ L_u ∩ T_u ≠ ∅ ]
 *     NDCG@k    = mean_u DCG_u / IDCG_u,  DCG = Σ_{r=1..k} 1[L_u(r) ∈ T_u] / log2(r + 1),
 *                 IDCG = Σ_{r=1..min(k, |T_u|)} 1 / log2(r + 1)   (binary relevance)
 */
import { z } from 'zod';

export interface Interaction {
  user: string;
  item: string;
  /** Implicit-feedback strength (> 0). */
  weight: number;
  /** Time (any increasing number, e.g. epoch ms); needed by timeHoldoutSplit. */
  at?: number;
}

export interface ScoredItem {
  item: string;
  score: number;
}

/** A user's history: item → summed weight, or a list of {item, weight} (summed per item). */
export type UserHistory = ReadonlyMap<string, number> | readonly { item: string; weight: number }[];

export interface RecommendOptions {
  /** Number of items to return. */
  k: number;
  /** Drop items already in the history. Default true. */
  excludeSeen?: boolean;
}

export interface ItemRecommender {
  recommend(history: UserHistory, options: RecommendOptions): ScoredItem[];
}

function checkInteraction(x: Interaction, idx: number): void {
  if (typeof x.user !== 'string' || x.user === '' || typeof x.item !== 'string' || x.item === '') {
    throw new TypeError(`interaction ${idx}: user and item must be non-empty strings`);
  }
  if (!(Number.isFinite(x.weight) && x.weight > 0))
    throw new RangeError(`interaction ${idx}: weight must be finite and > 0 (got ${x.weight})`);
}

/** user → (item → Σ weight). */
export function userItemWeights(interactions: readonly Interaction[]): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  interactions.forEach((x, idx) => {
    checkInteraction(x, idx);
    let m = out.get(x.user);
    if (!m) {
      m = new Map();
      out.set(x.user, m);
    }
    m.set(x.item, (m.get(x.item) ?? 0) + x.weight);
  });
  return out;
}

function toHistory(h: UserHistory): Map<string, number> {
  if (h instanceof Map) return h as Map<string, number>;
  const m = new Map<string, number>();
  for (const { item, weight } of h as readonly { item: string; weight: number }[])
    m.set(item, (m.get(item) ?? 0) + weight);
  return m;
}

const byScoreThenName = (a: ScoredItem, b: ScoredItem): number =>
  b.score - a.score || (a.item < b.item ? -1 : a.item > b.item ? 1 : 0);

function checkK(k: number): void {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer (got ${k})`);
}

/** Sparse cosine similarities between item vectors: item → (other item → s), only for pairs sharing a user. */
export function itemCosineSimilarities(interactions: readonly Interaction[]): Map<string, Map<string, number>> {
  const byUser = userItemWeights(interactions);
  const dot = new Map<string, Map<string, number>>();
  const norm2 = new Map<string, number>();
  for (const items of byUser.values()) {
    const list = [...items];
    for (let a = 0; a < list.length; a++) {
      const [i, ri] = list[a];
      norm2.set(i, (norm2.get(i) ?? 0) + ri * ri);
      let row = dot.get(i);
      if (!row) {
        row = new Map();
        dot.set(i, row);
      }
      for (let b = 0; b < list.length; b++) {
        if (a === b) continue;
        const [j, rj] = list[b];
        row.set(j, (row.get(j) ?? 0) + ri * rj);
      }
    }
  }
  for (const [i, row] of dot) for (const [j, d] of row) row.set(j, d / Math.sqrt(norm2.get(i)! * norm2.get(j)!));
  return dot;
}

export interface ItemItemParams {
  /** Neighbours kept per item. Default 20. */
  neighbours?: number;
  /** Only similarities strictly above this are kept. Default 0. */
  minSimilarity?: number;
}

const ZModel = z.object({
  kind: z.literal('item-item-cf'),
  version: z.literal(1),
  params: z.object({ neighbours: z.number().int().positive(), minSimilarity: z.number() }),
  items: z.array(z.string()),
  neighbours: z.array(z.object({ index: z.array(z.number().int().nonnegative()), similarity: z.array(z.number()) })),
});
export type ItemItemJson = z.infer<typeof ZModel>;

/** Item-item collaborative filter (see header). */
export class ItemItemRecommender implements ItemRecommender {
  readonly kind = 'item-item-cf' as const;
  readonly params: Required<ItemItemParams>;
  private neighbourLists = new Map<string, ScoredItem[]>();

  constructor(params: ItemItemParams = {}) {
    const p = { neighbours: 20, minSimilarity: 0, ...params };
    if (!Number.isInteger(p.neighbours) || p.neighbours < 1)
      throw new RangeError(`neighbours must be a positive integer (got ${p.neighbours})`);
    if (!Number.isFinite(p.minSimilarity))
      throw new RangeError(`minSimilarity must be finite (got ${p.minSimilarity})`);
    this.params = p;
  }

  fit(interactions: readonly Interaction[]): this {
    const sims = itemCosineSimilarities(interactions);
    this.neighbourLists = new Map();
    for (const [i, row] of sims) {
      const list = [...row].filter(([, s]) => s > this.params.minSimilarity).map(([item, score]) => ({ item, score }));
      this.neighbourLists.set(i, list.sort(byScoreThenName).slice(0, this.params.neighbours));
    }
    return this;
  }

  /** The stored neighbours of an item, most similar first ([] for an unknown item). */
  neighboursOf(item: string): ScoredItem[] {
    return (this.neighbourLists.get(item) ?? []).map((x) => ({ ...x }));
  }

  recommend(history: UserHistory, { k, excludeSeen = true }: RecommendOptions): ScoredItem[] {
    checkK(k);
    const h = toHistory(history);
    const scores = new Map<string, number>();
    for (const [i, r] of h) {
      for (const { item: j, score: s } of this.neighbourLists.get(i) ?? []) {
        if (excludeSeen && h.has(j)) continue;
        scores.set(j, (scores.get(j) ?? 0) + r * s);
      }
    }
    return [...scores]
      .filter(([, s]) => s > 0)
      .map(([item, score]) => ({ item, score }))
      .sort(byScoreThenName)
      .slice(0, k);
  }

  toJSON(): ItemItemJson {
    const items = [...this.neighbourLists.keys()];
    const index = new Map(items.map((it, n) => [it, n]));
    return {
      kind: this.kind,
      version: 1,
      params: { ...this.params },
      items,
      neighbours: items.map((it) => {
        const list = this.neighbourLists.get(it)!;
        return { index: list.map((x) => index.get(x.item)!), similarity: list.map((x) => x.score) };
      }),
    };
  }

  static fromJSON(json: unknown): ItemItemRecommender {
    const j = json as { kind?: unknown; version?: unknown } | null;
    if (typeof j !== 'object' || j === null || j.kind !== 'item-item-cf')
      throw new TypeError(`expected an item-item-cf model, got kind ${String(j?.kind)}`);
    if (j.version !== 1)
      throw new TypeError(`item-item-cf: unsupported model version ${String(j.version)} (expected 1)`);
    const parsed = ZModel.safeParse(json);
    if (!parsed.success) throw new TypeError(`item-item-cf: invalid model JSON: ${parsed.error.message}`);
    const m = parsed.data;
    if (m.neighbours.length !== m.items.length)
      throw new TypeError('item-item-cf: neighbours and items differ in length');
    const model = new ItemItemRecommender(m.params);
    m.items.forEach((it, n) => {
      const { index, similarity } = m.neighbours[n];
      if (index.length !== similarity.length || index.some((x) => x >= m.items.length))
        throw new TypeError(`item-item-cf: bad neighbour list for ${it}`);
      model.neighbourLists.set(
        it,
        index.map((x, q) => ({ item: m.items[x], score: similarity[q] })),
      );
    });
    return model;
  }
}

/** Most popular items first (see header); recommend() skips seen items unless excludeSeen is false. */
export function popularityBaseline(
  interactions: readonly Interaction[],
  { by = 'users' }: { by?: 'users' | 'weight' } = {},
): ItemRecommender & { ranking: ScoredItem[] } {
  const pop = new Map<string, number>();
  for (const items of userItemWeights(interactions).values()) {
    for (const [i, r] of items) pop.set(i, (pop.get(i) ?? 0) + (by === 'users' ? 1 : r));
  }
  const ranking = [...pop].map(([item, score]) => ({ item, score })).sort(byScoreThenName);
  return {
    ranking,
    recommend(history, { k, excludeSeen = true }) {
      checkK(k);
      const h = toHistory(history);
      return ranking
        .filter((x) => !(excludeSeen && h.has(x.item)))
        .slice(0, k)
        .map((x) => ({ ...x }));
    },
  };
}

export interface HoldoutSplit {
  train: Interaction[];
  /** user → held-out items (evaluated users only). */
  test: Map<string, Set<string>>;
}

/** Per-user leave-last-out split by `at` (see header). */
export function timeHoldoutSplit(
  interactions: readonly Interaction[],
  { holdoutPerUser = 1, newItemsOnly = false }: { holdoutPerUser?: number; newItemsOnly?: boolean } = {},
): HoldoutSplit {
  if (!Number.isInteger(holdoutPerUser) || holdoutPerUser < 1)
    throw new RangeError(`holdoutPerUser must be a positive integer (got ${holdoutPerUser})`);
  const byUser = new Map<string, Interaction[]>();
  interactions.forEach((x, idx) => {
    checkInteraction(x, idx);
    if (!Number.isFinite(x.at)) throw new RangeError(`interaction ${idx}: timeHoldoutSplit needs a finite 'at'`);
    let list = byUser.get(x.user);
    if (!list) {
      list = [];
      byUser.set(x.user, list);
    }
    list.push(x);
  });
  const train: Interaction[] = [],
    test = new Map<string, Set<string>>();
  for (const [user, list] of byUser) {
    list.sort((a, b) => a.at! - b.at!); // Array.prototype.sort is stable
    if (list.length <= holdoutPerUser) {
      train.push(...list);
      continue;
    }
    const cut = list.length - holdoutPerUser;
    const seen = new Set(list.slice(0, cut).map((x) => x.item));
    train.push(...list.slice(0, cut));
    const held = new Set(
      list
        .slice(cut)
        .map((x) => x.item)
        .filter((it) => !(newItemsOnly && seen.has(it))),
    );
    if (held.size > 0) test.set(user, held);
  }
  return { train, test };
}

function perUser(
  recs: ReadonlyMap<string, readonly string[]>,
  test: ReadonlyMap<string, ReadonlySet<string>>,
  k: number,
  f: (list: readonly string[], t: ReadonlySet<string>) => number,
): number {
  checkK(k);
  if (test.size === 0) throw new RangeError('no users to evaluate');
  let s = 0;
  for (const [user, t] of test) s += f((recs.get(user) ?? []).slice(0, k), t);
  return s / test.size;
}

/** Share of evaluated users with at least one held-out item in their top k. */
export function hitRateAtK(
  recs: ReadonlyMap<string, readonly string[]>,
  test: ReadonlyMap<string, ReadonlySet<string>>,
  k: number,
): number {
  return perUser(recs, test, k, (list, t) => (list.some((it) => t.has(it)) ? 1 : 0));
}

/** Mean NDCG@k with binary relevance (see header). */
export function ndcgAtK(
  recs: ReadonlyMap<string, readonly string[]>,
  test: ReadonlyMap<string, ReadonlySet<string>>,
  k: number,
): number {
  return perUser(recs, test, k, (list, t) => {
    let dcg = 0,
      idcg = 0;
    list.forEach((it, r) => {
      if (t.has(it)) dcg += 1 / Math.log2(r + 2);
    });
    for (let r = 0; r < Math.min(k, t.size); r++) idcg += 1 / Math.log2(r + 2);
    return dcg / idcg;
  });
}

/** Recommends for every evaluated user from their train history, then HitRate@k and NDCG@k. */
export function evaluateRecommender(
  model: ItemRecommender,
  split: HoldoutSplit,
  { k, excludeSeen = true }: RecommendOptions,
): { users: number; hitRate: number; ndcg: number } {
  const histories = userItemWeights(split.train);
  const recs = new Map<string, string[]>();
  for (const user of split.test.keys()) {
    recs.set(
      user,
      model.recommend(histories.get(user) ?? new Map(), { k, excludeSeen }).map((x) => x.item),
    );
  }
  return { users: split.test.size, hitRate: hitRateAtK(recs, split.test, k), ndcg: ndcgAtK(recs, split.test, k) };
}
