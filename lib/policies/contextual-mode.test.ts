import { describe, expect, it } from 'vitest';
import { LaplacePosterior } from '../ml/laplace-posterior';
import { LogisticRegression } from '../ml/logistic-regression';
import { matrix } from '../ml/matrix';
import { Rng } from '../ml/rng';
import { ModelPipeline } from '../training/pipeline';
import { contextualModel, contextualModelProblem, contextualProbabilities } from './contextual-mode';
import { contextualThompson } from './math/contextual-thompson';
import { contextualLevels, evaluateRules, pickLevel, ZPolicyRules } from './rules';

describe('contextual policy mode', () => {
  // raw rows: [x, discount, country code]; the country column is one-hot encoded by the pipeline
  const rng = new Rng(3);
  const n = 400;
  const raw = Array.from({ length: n }, () => [rng.normal(), [0, 10, 20][rng.int(3)], rng.int(2)]);
  const X = matrix(raw.flat(), n, 3);
  const y = Float64Array.from(raw, ([x, d]) => (rng.next() < 1 / (1 + Math.exp(-(0.5 * x + d / 20 - 1))) ? 1 : 0));

  it('a logistic pipeline stores the Hessian of its design rows; the posterior is the library one', () => {
    const p = ModelPipeline.fit(new LogisticRegression({ l2: 1 }), X, y, [2]);
    const again = ModelPipeline.fromJSON(JSON.parse(JSON.stringify(p.toJSON())));
    const lr = p.model as LogisticRegression;
    expect(again.laplaceHessian).toEqual(Array.from(lr.hessian(p.design(X)).H));
    const ref = LaplacePosterior.ofLogistic(lr, p.design(X));
    const m = contextualModel(p.toJSON());
    expect(Array.from(m.posterior.mean)).toEqual(Array.from(ref.mean));
    expect(Array.from(m.posterior.sample(new Rng(5)))).toEqual(Array.from(ref.sample(new Rng(5))));

    // probabilities: the library's contextualThompson on the design rows of the customer at each eligible level
    const rules = ZPolicyRules.parse({
      mode: 'contextual',
      modelVersionId: 'm',
      levels: [0, 10, 20, 30],
      maxDiscountPct: 20,
      floorPct: 10,
      orderValue: 80,
      marginPct: 40,
    });
    if (rules.mode !== 'contextual') throw new Error('mode');
    const rows = [0, 10, 20].flatMap((d) => [0.3, d, 1]);
    const probs = contextualProbabilities(rules, m, rows, 3, 77);
    const design = p.design(matrix(rows, 3, 3));
    const expected = contextualThompson(
      {
        levels: [0, 10, 20],
        rows: [0, 1, 2].map((i) => Array.from(design.data.slice(i * design.cols, (i + 1) * design.cols))),
        posterior: ref,
        orderValue: 80,
        marginPct: 40,
        floor: 0.1,
        draws: 400,
      },
      new Rng(77),
    ).probabilities;
    expect(probs).toEqual(expected);
    expect(Math.min(...probs)).toBeGreaterThanOrEqual(0.1);
    expect(probs.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
  });

  it('only a logistic version stored with its Hessian qualifies; floors that cannot fit are refused', () => {
    const p = ModelPipeline.fit(new LogisticRegression({ l2: 1 }), X, y, [2]).toJSON();
    const base = { name: 'LR', version: 2, modelJson: p };
    expect(contextualModelProblem({ ...base, algorithm: 'logistic-regression' })).toBeNull();
    expect(contextualModelProblem({ ...base, algorithm: 'gbdt' })).toMatch(/pick a logistic-regression version/);
    const { laplaceHessian: _, ...old } = p;
    expect(contextualModelProblem({ ...base, modelJson: old, algorithm: 'logistic-regression' })).toMatch(
      /retrain this model/,
    );
    const bad = ZPolicyRules.safeParse({
      mode: 'contextual',
      modelVersionId: 'm',
      levels: [0, 10, 20],
      floorPct: 40,
      orderValue: 50,
      marginPct: 40,
    });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0].path).toEqual(['floorPct']);
  });

  it('pickLevel: the first level whose cumulative probability exceeds u', () => {
    expect(pickLevel([0.2, 0.5, 0.3], 0)).toBe(0);
    expect(pickLevel([0.2, 0.5, 0.3], 0.2)).toBe(1);
    expect(pickLevel([0.2, 0.5, 0.3], 0.69)).toBe(1);
    expect(pickLevel([0.2, 0.5, 0.3], 0.7)).toBe(2);
    expect(pickLevel([0.2, 0.5, 0.3 - 1e-15], 1 - 1e-17)).toBe(2);
  });

  it('exclusions and frequency caps answer 0 % as in every mode; levels above the maximum are never drawn', () => {
    const rules = ZPolicyRules.parse({
      mode: 'contextual',
      modelVersionId: 'm',
      levels: [0, 10, 20, 30],
      maxDiscountPct: 20,
      floorPct: 10,
      orderValue: 50,
      marginPct: 40,
      excludedSegmentIds: ['vip'],
      frequencyCap: { maxOffers: 1, perDays: 30 },
    });
    if (rules.mode !== 'contextual') throw new Error('mode');
    expect(contextualLevels(rules)).toEqual([0, 10, 20]);
    const contextual = { probabilities: [0.1, 0.1, 0.8], u: 0.5 };
    expect(evaluateRules(rules, { segmentIds: ['vip'], contextual })).toEqual({
      discountPct: 0,
      reason: 'customer is in an excluded segment',
    });
    expect(evaluateRules(rules, { segmentIds: [], recentDiscountedOffers: 1, contextual }).discountPct).toBe(0);
    const d = evaluateRules(rules, { segmentIds: [], contextual });
    expect(d.discountPct).toBe(20); // u = 0.5 falls in the third level's [0.2, 1)
    expect(d.levelProbability).toBe(0.8);
    expect(d.probabilities).toEqual({ 0: 0.1, 10: 0.1, 20: 0.8 });
  });
});
