import { describe, expect, it } from 'vitest';
import { Rng } from '../../ml/rng';
import {
  evaluateRecommender,
  hitRateAtK,
  type Interaction,
  ItemItemRecommender,
  itemCosineSimilarities,
  ndcgAtK,
  popularityBaseline,
  timeHoldoutSplit,
} from './recommender';

/*
 * 3 users × 3 items (summed weights):   A  B  C
 *                                  u1  1  3  0
 *                                  u2  5  0  1      (A given as 2 + 3: repeat interactions add up)
 *                                  u3  0  1  3
 * ‖A‖ = √26, ‖B‖ = ‖C‖ = √10. cos(A,B) = 3/√260 = 0.186052, cos(A,C) = 5/√260 = 0.310087, cos(B,C) = 3/10.
 * numpy: M = np.array([[1,3,0],[5,0,1],[0,1,3]]); n = np.linalg.norm(M, axis=0); (M.T @ M) / np.outer(n, n)
 */
const hand: Interaction[] = [
  { user: 'u1', item: 'A', weight: 1 },
  { user: 'u1', item: 'B', weight: 3 },
  { user: 'u2', item: 'A', weight: 2 },
  { user: 'u2', item: 'A', weight: 3 },
  { user: 'u2', item: 'C', weight: 1 },
  { user: 'u3', item: 'B', weight: 1 },
  { user: 'u3', item: 'C', weight: 3 },
];
const cAB = 3 / Math.sqrt(260),
  cAC = 5 / Math.sqrt(260),
  cBC = 0.3;

describe('itemCosineSimilarities', () => {
  it('3×3 hand matrix', () => {
    const s = itemCosineSimilarities(hand);
    expect(s.get('A')!.get('B')).toBeCloseTo(0.18605210188381264, 14);
    expect(s.get('A')!.get('C')).toBeCloseTo(0.3100868364730211, 14);
    expect(s.get('B')!.get('C')).toBeCloseTo(cBC, 14);
    expect(s.get('C')!.get('B')).toBeCloseTo(cBC, 14);
    expect(s.get('A')!.has('A')).toBe(false);
  });

  it('only pairs that share a user are stored; bad weights are rejected', () => {
    const s = itemCosineSimilarities([
      { user: 'u', item: 'X', weight: 1 },
      { user: 'v', item: 'Y', weight: 1 },
    ]);
    expect(s.get('X')!.size).toBe(0);
    expect(() => itemCosineSimilarities([{ user: 'u', item: 'X', weight: 0 }])).toThrow(RangeError);
    expect(() => itemCosineSimilarities([{ user: '', item: 'X', weight: 1 }])).toThrow(TypeError);
  });
});

describe('ItemItemRecommender', () => {
  const model = new ItemItemRecommender().fit(hand);

  it('scores Σ r_ui·s(i, j) and ranks them (by hand)', () => {
    // u1 = {A: 1, B: 3}: C = 1·cos(A,C) + 3·cos(B,C) = 0.310087 + 0.9 = 1.210087 (A, B seen → excluded)
    expect(
      model.recommend(
        [
          { item: 'A', weight: 1 },
          { item: 'B', weight: 3 },
        ],
        { k: 5 },
      ),
    ).toEqual([{ item: 'C', score: expect.closeTo(cAC + 0.9, 12) }]);
    // not excluding seen items: A = 3·cos(A,B) = 0.558156, B = 1·cos(A,B) = 0.186052 → C, A, B
    const all = model.recommend(
      new Map([
        ['A', 1],
        ['B', 3],
      ]),
      { k: 5, excludeSeen: false },
    );
    expect(all.map((x) => x.item)).toEqual(['C', 'A', 'B']);
    expect(all.map((x) => x.score)).toEqual([cAC + 0.9, 3 * cAB, cAB].map((v) => expect.closeTo(v, 12)));
    expect(
      model
        .recommend(
          new Map([
            ['A', 1],
            ['B', 3],
          ]),
          { k: 2, excludeSeen: false },
        )
        .map((x) => x.item),
    ).toEqual(['C', 'A']);
    // unknown history items are ignored; an empty history gets nothing
    expect(model.recommend([{ item: 'Z', weight: 1 }], { k: 3 })).toEqual([]);
  });

  it('keeps only the top-N neighbours', () => {
    // neighbours = 1: A → C (0.310 > 0.186), B → C (0.3 > 0.186), C → A (0.310 > 0.3)
    const m1 = new ItemItemRecommender({ neighbours: 1 }).fit(hand);
    expect(m1.neighboursOf('A').map((x) => x.item)).toEqual(['C']);
    expect(m1.neighboursOf('C')).toEqual([{ item: 'A', score: expect.closeTo(cAC, 14) }]);
    // u3 = {B: 1, C: 3}: B's neighbour C is seen; C's neighbour A gets 3·0.310087 = 0.930261
    expect(
      m1.recommend(
        new Map([
          ['B', 1],
          ['C', 3],
        ]),
        { k: 3 },
      ),
    ).toEqual([{ item: 'A', score: expect.closeTo(3 * cAC, 12) }]);
    // with all neighbours A also gets 1·cos(A,B): 0.930261 + 0.186052
    expect(
      model.recommend(
        new Map([
          ['B', 1],
          ['C', 3],
        ]),
        { k: 3 },
      )[0].score,
    ).toBeCloseTo(3 * cAC + cAB, 12);
    // minSimilarity 0.2 drops A–B
    expect(
      new ItemItemRecommender({ minSimilarity: 0.2 })
        .fit(hand)
        .neighboursOf('B')
        .map((x) => x.item),
    ).toEqual(['C']);
  });

  it('toJSON / fromJSON round trip, and rejects other kinds and versions', () => {
    const json = JSON.parse(JSON.stringify(model.toJSON()));
    const back = ItemItemRecommender.fromJSON(json);
    expect(
      back.recommend(
        new Map([
          ['A', 1],
          ['B', 3],
        ]),
        { k: 5, excludeSeen: false },
      ),
    ).toEqual(
      model.recommend(
        new Map([
          ['A', 1],
          ['B', 3],
        ]),
        { k: 5, excludeSeen: false },
      ),
    );
    expect(() => ItemItemRecommender.fromJSON({ ...json, kind: 'mlp' })).toThrow(TypeError);
    expect(() => ItemItemRecommender.fromJSON({ ...json, version: 2 })).toThrow(TypeError);
    expect(() => ItemItemRecommender.fromJSON({ ...json, neighbours: [] })).toThrow(TypeError);
    expect(() => new ItemItemRecommender({ neighbours: 0 })).toThrow(RangeError);
  });
});

describe('popularityBaseline', () => {
  // users per item: A {u1, u2, u3} = 3, B {u1, u2} = 2, C {u3} = 1; weights A 1+1+1 = 3, B 1+5 = 6, C 2
  const data: Interaction[] = [
    { user: 'u1', item: 'A', weight: 1 },
    { user: 'u1', item: 'B', weight: 1 },
    { user: 'u2', item: 'A', weight: 1 },
    { user: 'u2', item: 'B', weight: 5 },
    { user: 'u3', item: 'A', weight: 1 },
    { user: 'u3', item: 'C', weight: 2 },
  ];
  it('ranks by distinct users or by weight, skipping seen items', () => {
    const byUsers = popularityBaseline(data);
    expect(byUsers.ranking).toEqual([
      { item: 'A', score: 3 },
      { item: 'B', score: 2 },
      { item: 'C', score: 1 },
    ]);
    expect(byUsers.recommend([{ item: 'A', weight: 1 }], { k: 1 })).toEqual([{ item: 'B', score: 2 }]);
    expect(byUsers.recommend([{ item: 'A', weight: 1 }], { k: 1, excludeSeen: false })).toEqual([
      { item: 'A', score: 3 },
    ]);
    expect(popularityBaseline(data, { by: 'weight' }).ranking.map((x) => x.item)).toEqual(['B', 'A', 'C']);
  });
});

describe('holdout split and metrics', () => {
  it('NDCG@k and HitRate@k by hand', () => {
    const test = new Map([
      ['u1', new Set(['C'])],
      ['u2', new Set(['Z'])],
      ['u3', new Set(['C', 'D'])],
    ]);
    const recs = new Map([
      ['u1', ['B', 'C', 'D']],
      ['u2', ['X', 'Y']],
      ['u3', ['C', 'X', 'D']],
    ]);
    // u1: C at rank 2 → 1/log2(3) = 0.630930; u2: 0; u3: (1 + 1/log2(4)) / (1 + 1/log2(3)) = 1.5/1.630930 = 0.919721
    expect(ndcgAtK(recs, test, 3)).toBeCloseTo((1 / Math.log2(3) + 0 + 1.5 / (1 + 1 / Math.log2(3))) / 3, 14);
    expect(ndcgAtK(recs, test, 3)).toBeCloseTo(0.516884, 6);
    // k = 1: u1 0, u2 0, u3 1/1 → 1/3
    expect(ndcgAtK(recs, test, 1)).toBeCloseTo(1 / 3, 14);
    expect(hitRateAtK(recs, test, 3)).toBeCloseTo(2 / 3, 14);
    expect(hitRateAtK(recs, test, 1)).toBeCloseTo(1 / 3, 14);
    // a user without recommendations counts as a miss
    expect(hitRateAtK(new Map(), test, 3)).toBe(0);
    expect(() => ndcgAtK(recs, test, 0)).toThrow(RangeError);
  });

  it('timeHoldoutSplit holds out the last interaction(s) per user', () => {
    const xs: Interaction[] = [
      { user: 'u1', item: 'A', weight: 1, at: 3 },
      { user: 'u1', item: 'B', weight: 1, at: 1 },
      { user: 'u1', item: 'C', weight: 5, at: 2 },
      { user: 'u2', item: 'A', weight: 1, at: 1 },
      { user: 'u3', item: 'B', weight: 1, at: 1 },
      { user: 'u3', item: 'B', weight: 3, at: 2 },
    ];
    const s = timeHoldoutSplit(xs);
    // u1 last = A (at 3); u2 has one interaction → train only; u3 last = B (at 2)
    expect([...s.test]).toEqual([
      ['u1', new Set(['A'])],
      ['u3', new Set(['B'])],
    ]);
    expect(s.train.map((x) => `${x.user}${x.item}${x.at}`)).toEqual(['u1B1', 'u1C2', 'u2A1', 'u3B1']);
    // newItemsOnly drops u3 (B already seen); holdout 2 for u1 = {C, A}
    expect([...timeHoldoutSplit(xs, { newItemsOnly: true }).test.keys()]).toEqual(['u1']);
    expect(timeHoldoutSplit(xs, { holdoutPerUser: 2 }).test.get('u1')).toEqual(new Set(['C', 'A']));
    expect(() => timeHoldoutSplit([{ user: 'u', item: 'A', weight: 1 }])).toThrow(/at/);
  });

  it('on clustered synthetic data item-item beats popularity', () => {
    // Two clusters of 4 categories; "a" users are 3× as many, so popularity pushes a-items to b-users.
    // Each user visits 5 categories over time: 90 % from their cluster, weights 1/3/5.
    const rng = new Rng(3);
    const xs: Interaction[] = [];
    for (let u = 0; u < 400; u++) {
      const cluster = u % 4 === 0 ? 'b' : 'a';
      for (let t = 0; t < 5; t++) {
        const own = rng.next() < 0.9;
        const c = own ? cluster : cluster === 'a' ? 'b' : 'a';
        xs.push({ user: `u${u}`, item: `${c}${rng.int(4)}`, weight: [1, 3, 5][rng.int(3)], at: t });
      }
    }
    const split = timeHoldoutSplit(xs, { newItemsOnly: true });
    const cf = evaluateRecommender(new ItemItemRecommender().fit(split.train), split, { k: 2 });
    const pop = evaluateRecommender(popularityBaseline(split.train), split, { k: 2 });
    expect(cf.users).toBe(pop.users);
    expect(cf.hitRate).toBeGreaterThan(pop.hitRate + 0.05);
    expect(cf.ndcg).toBeGreaterThan(pop.ndcg);
  });
});
