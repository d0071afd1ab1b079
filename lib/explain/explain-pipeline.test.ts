import { describe, expect, it } from 'vitest';
import { DecisionTreeClassifier } from '../ml/decision-tree';
import { GradientBoostingClassifier } from '../ml/gbdt';
import { LogisticRegression } from '../ml/logistic-regression';
import { matrix } from '../ml/matrix';
import { RandomForestClassifier } from '../ml/random-forest';
import { Rng } from '../ml/rng';
import { ModelPipeline } from '../training/pipeline';
import { contributions, globalExplanation, partialDependence } from './explain-pipeline';

// 3 raw features: x0 numeric (drives y), x1 numeric noise, x2 a 3-level categorical
const rng = new Rng(4);
const n = 600;
const data = new Float64Array(n * 3);
const y = new Float64Array(n);
for (let i = 0; i < n; i++) {
  const x0 = rng.normal(),
    x1 = rng.normal(),
    c = rng.int(3);
  data.set([x0, x1, c], i * 3);
  y[i] = rng.next() < 1 / (1 + Math.exp(-(2 * x0 + (c === 1 ? 1 : 0)))) ? 1 : 0;
}
const X = matrix(data, n, 3);
const logit = (p: number) => Math.log(p / (1 - p));

describe('contributions add up to the model output for every row', () => {
  const cases = [
    [
      'gbdt',
      new GradientBoostingClassifier({ nEstimators: 30, maxLeaves: 7, validationFraction: 0, seed: 1 }),
      (p: number) => logit(p),
    ],
    ['random-forest', new RandomForestClassifier({ nEstimators: 15, maxDepth: 4, seed: 1 }), (p: number) => p],
    ['decision-tree', new DecisionTreeClassifier({ maxDepth: 4 }), (p: number) => p],
    ['logistic-regression', new LogisticRegression({ l2: 1 }), (p: number) => logit(p)],
  ] as const;
  for (const [name, model, toOutput] of cases) {
    it(name, () => {
      const p = ModelPipeline.fit(model, X, y, [2]);
      const probs = p.predictProba(X);
      for (let i = 0; i < 100; i++) {
        const c = contributions(p, data.slice(i * 3, i * 3 + 3))!;
        expect(c.phi.length).toBe(3); // the one-hot block is summed back onto feature 2
        expect(Math.abs(c.output - toOutput(probs[i]))).toBeLessThan(1e-6);
      }
    });
  }
});

describe('global explanation and partial dependence', () => {
  it('ranks the driving feature first, and gives LR coefficients with intervals covering their values', () => {
    const p = ModelPipeline.fit(new LogisticRegression({ l2: 1 }), X, y, [2]);
    const g = globalExplanation(p, X, y, ['x0', 'x1', 'x2']);
    expect(g.permutation[0].feature).toBe('x0');
    expect(g.meanAbsContribution![0].feature).toBe('x0');
    expect(g.coefficients!.map((c) => c.input)).toEqual(['x0', 'x1', 'x2=0', 'x2=1', 'x2=2']);
    for (const c of g.coefficients!) expect(c.lo).toBeLessThan(c.coef), expect(c.hi).toBeGreaterThan(c.coef);
    expect(g.summary![0].points.length).toBe(300);
  });
  it('gives an increasing partial dependence for a feature with a positive effect', () => {
    const p = ModelPipeline.fit(new LogisticRegression({ l2: 1 }), X, y, [2]);
    const pd = partialDependence(p, X, 0);
    for (let g = 1; g < pd.pdp.length; g++) expect(pd.pdp[g]).toBeGreaterThan(pd.pdp[g - 1]);
    expect(pd.ice.length).toBe(30);
    expect(pd.ice[0].length).toBe(pd.grid.length);
  });
});
