import { describe, expect, it } from 'vitest';
import { NUMPY_40X3 } from './fixtures-40x3';
import { LogisticRegression } from './logistic-regression';
import { fromRows } from './matrix';

// The shared 40 × 3 data set (fixtures-40x3.ts) and its labels, generated once with numpy:
//   rng = np.random.default_rng(7)
//   X = np.round(rng.normal(size=(40, 3)) * [1.0, 2.0, 0.5] + [0, 1, 0], 2)
//   z = 0.8*X[:,0] - 0.5*X[:,1] + 1.5*X[:,2] + 0.3
//   y = (rng.random(40) < 1/(1+np.exp(-z))).astype(int)
const X = fromRows(NUMPY_40X3);
const y = Float64Array.from([
  0, 0, 0, 0, 1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 1,
  0,
]);

// Expected values from sklearn 1.2.1 (Debian python3-sklearn), X and y as above:
//   from sklearn.linear_model import LogisticRegression as LR
//   LR(C=1.0, tol=1e-12, max_iter=10000).fit(X, y)                        -> coef/intercept 'l2=1'
//   LR(C=0.25, tol=1e-12, max_iter=10000).fit(X, y)                       -> 'l2=4'
//   LR(C=1.0, tol=1e-12, max_iter=10000, fit_intercept=False).fit(X, y)   -> 'no intercept'
//   LR(penalty=None, tol=1e-12, max_iter=10000).fit(X, y)                 -> 'l2=0'
// Standard errors with numpy from the fitted parameters th = [coef, intercept], Xt = [X, 1]:
//   p = 1/(1+np.exp(-Xt@th)); H = Xt.T @ (Xt * (p*(1-p))[:,None]) + np.diag([l2, l2, l2, 0])
//   np.sqrt(np.diag(np.linalg.inv(H)))
const SK = {
  l2_1: { coef: [1.4784335013214824, -0.9867805407733107, 0.877852600518747], intercept: 0.15528274592178556 },
  l2_4: { coef: [0.7847427681537291, -0.7346455669405902, 0.3513942282284143], intercept: -0.1704184773084234 },
  noIntercept: { coef: [1.4426104851367734, -0.9525373105361513, 0.8650133007447943] },
  l2_0: { coef: [4.521452901478419, -1.1174605743187562, 5.278527993870565], intercept: 0.2932174217806408 },
  se_l2_0: [2.5053744997009892, 0.5129495779495477, 3.594005684046915, 0.8086234035575426],
  se_l2_1: [0.5955337391434025, 0.3537233166019373, 0.7683557909487213, 0.5499196015591817],
  proba_l2_1_first3: [0.17559734856844395, 0.15600485427139282, 0.02642082095206218],
};

function expectClose(actual: ArrayLike<number>, expected: number[], tol: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expect(Math.abs(actual[i] - expected[i])).toBeLessThan(tol);
}

describe('LogisticRegression', () => {
  it('matches sklearn LogisticRegression(C = 1/l2) coefficients to 1e-4 for several penalties', () => {
    const m1 = new LogisticRegression().fit(X, y); // l2 = 1
    expectClose(m1.coefficients, SK.l2_1.coef, 1e-4);
    expect(Math.abs(m1.intercept - SK.l2_1.intercept)).toBeLessThan(1e-4);
    expect(m1.fitInfo?.converged).toBe(true);

    const m4 = new LogisticRegression({ l2: 4 }).fit(X, y);
    expectClose(m4.coefficients, SK.l2_4.coef, 1e-4);
    expect(Math.abs(m4.intercept - SK.l2_4.intercept)).toBeLessThan(1e-4);

    const m0 = new LogisticRegression({ l2: 0 }).fit(X, y);
    expectClose(m0.coefficients, SK.l2_0.coef, 1e-4);
    expect(Math.abs(m0.intercept - SK.l2_0.intercept)).toBeLessThan(1e-4);
  });

  it('fits without an intercept like sklearn fit_intercept=False', () => {
    const m = new LogisticRegression({ fitIntercept: false }).fit(X, y);
    expectClose(m.coefficients, SK.noIntercept.coef, 1e-4);
    expect(m.intercept).toBe(0);
  });

  it('predicts probabilities like sklearn predict_proba', () => {
    const m = new LogisticRegression().fit(X, y);
    const p = m.predictProba(
      fromRows([
        [0.0, 1.6, -0.14],
        [-0.89, 0.09, -0.5],
        [0.06, 3.68, -0.25],
      ]),
    );
    expectClose(p, SK.proba_l2_1_first3, 1e-5);
  });

  it('gives standard errors from the inverse Hessian (numpy reference)', () => {
    const m0 = new LogisticRegression({ l2: 0 }).fit(X, y);
    const se0 = m0.standardErrors(X);
    expectClose([...se0.coef, se0.intercept!], SK.se_l2_0, 1e-4);
    const m1 = new LogisticRegression().fit(X, y);
    const se1 = m1.standardErrors(X);
    expectClose([...se1.coef, se1.intercept!], SK.se_l2_1, 1e-5);
    expect(new LogisticRegression({ fitIntercept: false }).fit(X, y).standardErrors(X).intercept).toBeNull();
  });

  it('throws on a singular Hessian (duplicated column, no penalty)', () => {
    const Xd = fromRows([
      [0, 0],
      [1, 1],
      [2, 2],
      [3, 3],
      [1, 1],
      [2, 2],
    ]);
    const yd = Float64Array.from([0, 0, 1, 1, 1, 0]);
    const m = new LogisticRegression({ l2: 0 }).fit(Xd, yd);
    expect(() => m.standardErrors(Xd)).toThrow(RangeError);
  });

  it('round-trips through JSON with the documented shape and identical predictions', () => {
    const m = new LogisticRegression({ l2: 4 }).fit(X, y);
    const json = JSON.parse(JSON.stringify(m));
    expect(Object.keys(json).sort()).toEqual(['coef', 'intercept', 'kind', 'params', 'version']);
    expect(json.kind).toBe('logistic-regression');
    expect(json.version).toBe(1);
    expect(json.params).toEqual({ l2: 4, maxIter: 200, tol: 1e-8, fitIntercept: true });
    const m2 = LogisticRegression.fromJSON(json);
    expect(m2.predictProba(X)).toEqual(m.predictProba(X));
    expect(() => LogisticRegression.fromJSON({ ...json, kind: 'mlp' })).toThrow(TypeError);
    expect(() => LogisticRegression.fromJSON({ ...json, version: 2 })).toThrow(TypeError);
    expect(() => LogisticRegression.fromJSON({ ...json, coef: 'x' })).toThrow(TypeError);
  });

  it('rejects bad params and shapes', () => {
    expect(() => new LogisticRegression({ l2: -1 })).toThrow(RangeError);
    expect(() => new LogisticRegression({ maxIter: 0 })).toThrow(RangeError);
    expect(() => new LogisticRegression({ tol: 0 })).toThrow(RangeError);
    expect(() => new LogisticRegression().fit(X, y.subarray(1))).toThrow(RangeError);
    expect(() =>
      new LogisticRegression().fit(
        X,
        Float64Array.from(y, (v) => v * 2),
      ),
    ).toThrow(RangeError);
    const m = new LogisticRegression().fit(X, y);
    expect(() => m.predictProba(fromRows([[1, 2]]))).toThrow(RangeError);
    expect(() => new LogisticRegression().predictProba(X)).toThrow(/fit/);
  });
});
