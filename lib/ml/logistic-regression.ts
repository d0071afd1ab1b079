import { z } from 'zod';
import type { FitOptions } from './cancel';
import { type LbfgsStopReason, minimizeLbfgs } from './lbfgs';
import { assertBinaryTarget, assertFinite, type Matrix } from './matrix';
import { assertModelJson, type BinaryClassifier } from './model';

export interface LogisticRegressionParams {
  /** L2 penalty strength λ on the weights (not the intercept); 0 = unpenalised. sklearn's C = 1/λ. Default 1.0. */
  l2?: number;
  /** Maximum L-BFGS iterations. Default 200. */
  maxIter?: number;
  /**
   * Convergence tolerance on the gradient of the MEAN loss: stop when max_j |∂F/∂θ'_j| / n ≤ tol, where F is the
   * summed objective below, n the number of rows, and θ' the coefficients of the standardised columns (the
   * optimiser works in those coordinates; see `fit`). Default 1e-8.
   */
  tol?: number;
  /** Fit an (unpenalised) intercept. Default true. */
  fitIntercept?: boolean;
}

const ZParams = z.object({
  l2: z.number().nonnegative(),
  maxIter: z.number().int().positive(),
  tol: z.number().positive(),
  fitIntercept: z.boolean(),
});

const ZModel = z.object({
  kind: z.literal('logistic-regression'),
  version: z.literal(1),
  coef: z.array(z.number()),
  intercept: z.number(),
  params: ZParams,
});

export type LogisticRegressionJson = z.infer<typeof ZModel>;

/** How the last fit ended (from L-BFGS). */
export interface LogisticRegressionFitInfo {
  iterations: number;
  evaluations: number;
  converged: boolean;
  reason: LbfgsStopReason;
  /** Objective value F at the solution. */
  objective: number;
}

function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/**
 * L2-penalised logistic regression, solved with L-BFGS. Minimises
 *   F(w, b) = Σ_i [ log(1 + e^{z_i}) − y_i z_i ] + ½ λ ‖w‖²,   z_i = x_i · w + b,
 * i.e. the SUM of log losses plus the penalty on the weights only — the same minimiser as sklearn's
 * `LogisticRegression(C = 1/λ)` (lbfgs solver), and `penalty=None` when λ = 0. The penalty applies to the
 * weights of the columns as given (the internal standardisation in `fit` only speeds up the solver), so scale the
 * columns first (StandardScaler) if you want the penalty to treat them alike.
 */
export class LogisticRegression implements BinaryClassifier {
  readonly kind = 'logistic-regression' as const;
  readonly params: Required<LogisticRegressionParams>;
  private coef: Float64Array | null = null;
  private b = 0;
  private info: LogisticRegressionFitInfo | null = null;

  constructor(params: LogisticRegressionParams = {}) {
    const p = { l2: 1.0, maxIter: 200, tol: 1e-8, fitIntercept: true, ...params };
    if (!(Number.isFinite(p.l2) && p.l2 >= 0)) throw new RangeError(`LogisticRegression: l2 must be ≥ 0 (got ${p.l2})`);
    if (!Number.isInteger(p.maxIter) || p.maxIter < 1)
      throw new RangeError(`LogisticRegression: maxIter must be a positive integer (got ${p.maxIter})`);
    if (!(Number.isFinite(p.tol) && p.tol > 0))
      throw new RangeError(`LogisticRegression: tol must be > 0 (got ${p.tol})`);
    if (typeof p.fitIntercept !== 'boolean') throw new TypeError('LogisticRegression: fitIntercept must be a boolean');
    this.params = p;
  }

  fit(X: Matrix, y: Float64Array, opts: FitOptions = {}): this {
    assertBinaryTarget(X, y);
    assertFinite(X);
    if (X.rows < 1) throw new RangeError('LogisticRegression.fit: X has no rows');
    const { rows: n, cols: d, data } = X;
    const { l2, fitIntercept, maxIter, tol } = this.params;
    const nParams = d + (fitIntercept ? 1 : 0);

    // Change of variables (centring + diagonal scaling preconditioner): θ' = [w'_j = s_j w_j, b' = b + Σ m_j w_j],
    // i.e. z = b' + Σ w'_j (x_j − m_j) / s_j. Same objective and minimiser, but L-BFGS needs far fewer iterations
    // when columns differ in location or scale. m, s = column mean and sd with an intercept; 0 and root mean
    // square without one (centring needs an intercept). X itself is not copied.
    const m = new Float64Array(d),
      sc = new Float64Array(d);
    if (fitIntercept) {
      for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) m[j] += data[i * d + j];
      for (let j = 0; j < d; j++) m[j] /= n;
    }
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) sc[j] += (data[i * d + j] - m[j]) ** 2;
    for (let j = 0; j < d; j++) sc[j] = sc[j] > 0 ? Math.sqrt(sc[j] / n) : 1;
    const w = new Float64Array(d),
      gw = new Float64Array(d);
    const toRaw = (tp: Float64Array): number => {
      // fills w, returns b
      let b = fitIntercept ? tp[d] : 0;
      for (let j = 0; j < d; j++) {
        w[j] = tp[j] / sc[j];
        b -= w[j] * m[j];
      }
      return b;
    };

    const objective = (tp: Float64Array, grad: Float64Array): number => {
      const b = toRaw(tp);
      gw.fill(0);
      let loss = 0,
        gb = 0;
      for (let i = 0; i < n; i++) {
        const o = i * d;
        let z = b;
        for (let j = 0; j < d; j++) z += data[o + j] * w[j];
        const e = Math.exp(-Math.abs(z)); // one exp serves both log(1 + e^z) and σ(z)
        loss += (z > 0 ? z : 0) + Math.log1p(e) - y[i] * z;
        const r = (z >= 0 ? 1 : e) / (1 + e) - y[i];
        gb += r;
        for (let j = 0; j < d; j++) gw[j] += r * data[o + j];
      }
      let ww = 0;
      for (let j = 0; j < d; j++) {
        ww += w[j] * w[j];
        grad[j] = (gw[j] + l2 * w[j] - m[j] * gb) / sc[j]; // chain rule through w_j = w'_j / s_j, b = b' − Σ m_j w_j
      }
      if (fitIntercept) grad[d] = gb;
      return loss + 0.5 * l2 * ww;
    };

    // valueTol 0: with many rows the objective's rounding noise hides its last decreases while the gradient is
    // still accurate, so stop on the gradient (or maxIter), not on the change of the objective.
    const res = minimizeLbfgs(objective, new Float64Array(nParams), {
      maxIter,
      gradTol: tol * n,
      valueTol: 0,
      signal: opts.signal,
    });
    this.b = toRaw(res.x);
    this.coef = w.slice();
    this.info = {
      iterations: res.iterations,
      evaluations: res.evaluations,
      converged: res.converged,
      reason: res.reason,
      objective: res.value,
    };
    return this;
  }

  /** Linear predictor z = X · w + b per row. */
  decisionFunction(X: Matrix): Float64Array {
    const w = this.fitted();
    if (X.cols !== w.length) throw new RangeError(`LogisticRegression: X has ${X.cols} columns, model has ${w.length}`);
    const out = new Float64Array(X.rows);
    for (let i = 0; i < X.rows; i++) {
      let z = this.b;
      const o = i * X.cols;
      for (let j = 0; j < w.length; j++) z += X.data[o + j] * w[j];
      out[i] = z;
    }
    return out;
  }

  /** P(y = 1 | x) per row. */
  predictProba(X: Matrix): Float64Array {
    const z = this.decisionFunction(X);
    for (let i = 0; i < z.length; i++) z[i] = sigmoid(z[i]);
    return z;
  }

  /** Fitted weights (a copy). */
  get coefficients(): Float64Array {
    return this.fitted().slice();
  }

  get intercept(): number {
    this.fitted();
    return this.b;
  }

  /** How the last fit ended; null before fit or after fromJSON. */
  get fitInfo(): LogisticRegressionFitInfo | null {
    return this.info;
  }

  /**
   * Standard errors of the coefficients: square roots of the diagonal of H⁻¹, where
   *   H = Σ_i p_i (1 − p_i) x̃_i x̃_iᵀ + λ · diag(1, …, 1, 0)   (x̃_i = [x_i, 1] with an intercept)
   * is the Hessian of F at the fitted parameters, evaluated on X (pass the TRAINING data). With λ = 0 these are
   * the classical Wald standard errors (as statsmodels Logit reports); with λ > 0 they are those of the
   * penalised fit (a Laplace approximation), which are smaller. 95% CI: coef ± 1.96 · se.
   * `intercept` is null without an intercept. Throws a RangeError when H is singular (e.g. perfectly separated data with λ = 0).
   */
  standardErrors(X: Matrix): { coef: Float64Array; intercept: number | null } {
    const d = this.fitted().length;
    const { H, k } = this.hessian(X);
    const diag = inverseDiagonalSpd(H, k);
    const se = diag.map(Math.sqrt);
    return { coef: se.slice(0, d), intercept: k > d ? se[d] : null };
  }

  /**
   * The Hessian H of the penalised objective at the fitted parameters (see standardErrors), k×k row-major and
   * symmetric, k = d (+ 1 for the intercept, last). N(θ̂, H⁻¹) is the Laplace approximation of the posterior of
   * θ = [coef, intercept] (laplace-posterior.ts).
   */
  hessian(X: Matrix): { H: Float64Array; k: number } {
    const w = this.fitted();
    if (X.cols !== w.length) throw new RangeError(`LogisticRegression: X has ${X.cols} columns, model has ${w.length}`);
    const d = w.length,
      k = d + (this.params.fitIntercept ? 1 : 0);
    const H = new Float64Array(k * k);
    const z = this.decisionFunction(X);
    const xt = new Float64Array(k);
    for (let i = 0; i < X.rows; i++) {
      const p = sigmoid(z[i]);
      const wt = p * (1 - p);
      for (let j = 0; j < d; j++) xt[j] = X.data[i * d + j];
      if (k > d) xt[d] = 1;
      for (let a = 0; a < k; a++) {
        const va = wt * xt[a];
        for (let c = 0; c <= a; c++) H[a * k + c] += va * xt[c];
      }
    }
    for (let j = 0; j < d; j++) H[j * k + j] += this.params.l2;
    for (let a = 0; a < k; a++) for (let c = 0; c < a; c++) H[c * k + a] = H[a * k + c];
    return { H, k };
  }

  toJSON(): LogisticRegressionJson {
    return {
      kind: 'logistic-regression',
      version: 1,
      coef: Array.from(this.fitted()),
      intercept: this.b,
      params: { ...this.params },
    };
  }

  static fromJSON(json: unknown): LogisticRegression {
    assertModelJson(json, 'logistic-regression', 1);
    const r = ZModel.safeParse(json);
    if (!r.success) throw new TypeError(`LogisticRegression.fromJSON: invalid JSON (${r.error.message})`);
    if (!r.data.params.fitIntercept && r.data.intercept !== 0)
      throw new TypeError('LogisticRegression.fromJSON: intercept must be 0 when fitIntercept is false');
    const m = new LogisticRegression(r.data.params);
    m.coef = Float64Array.from(r.data.coef);
    m.b = r.data.intercept;
    return m;
  }

  private fitted(): Float64Array {
    if (!this.coef) throw new Error('LogisticRegression: call fit() first');
    return this.coef;
  }
}

/**
 * Diagonal of A⁻¹ for a symmetric positive-definite k×k matrix given by its lower triangle (row-major),
 * via Cholesky A = L Lᵀ: (A⁻¹)_jj = ‖L⁻¹ e_j‖². Throws a RangeError if A is not (numerically) positive definite.
 */
function inverseDiagonalSpd(A: Float64Array, k: number): Float64Array {
  const L = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * k + j];
      for (let t = 0; t < j; t++) s -= L[i * k + t] * L[j * k + t];
      if (i === j) {
        if (!(s > 1e-12 * Math.max(1, Math.abs(A[i * k + i]))))
          throw new RangeError(
            'LogisticRegression.standardErrors: Hessian is singular (separable data or collinear columns?)',
          );
        L[i * k + i] = Math.sqrt(s);
      } else {
        L[i * k + j] = s / L[j * k + j];
      }
    }
  }
  const out = new Float64Array(k);
  const v = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    // solve L v = e_j by forward substitution (v_t = 0 for t < j)
    v.fill(0);
    let ss = 0;
    for (let i = j; i < k; i++) {
      let s = i === j ? 1 : 0;
      for (let t = j; t < i; t++) s -= L[i * k + t] * v[t];
      v[i] = s / L[i * k + i];
      ss += v[i] * v[i];
    }
    out[j] = ss;
  }
  return out;
}
