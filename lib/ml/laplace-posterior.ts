/**
 * Laplace approximation of a posterior: N(θ̂, H⁻¹), with θ̂ the (penalised) maximum-likelihood fit and H the
 * Hessian of the negative log posterior there (for the logistic model: LogisticRegression.hessian, the L2
 * penalty being a Gaussian prior). Draws use the Cholesky factor H = L Lᵀ:
 *   θ = θ̂ + L⁻ᵀ ε,  ε ~ N(0, I)   ⇒   Cov θ = L⁻ᵀ L⁻¹ = (L Lᵀ)⁻¹ = H⁻¹.
 */
import type { LogisticRegression } from './logistic-regression';
import type { Matrix } from './matrix';
import type { Rng } from './rng';

export class LaplacePosterior {
  readonly mean: Float64Array;
  readonly dim: number;
  private readonly L: Float64Array;

  /** `hessian`: k×k row-major symmetric positive definite (only the lower triangle is read). */
  constructor(mean: ArrayLike<number>, hessian: ArrayLike<number>) {
    const k = mean.length;
    if (k === 0) throw new RangeError('LaplacePosterior: empty mean');
    if (hessian.length !== k * k) throw new RangeError(`LaplacePosterior: hessian must be ${k}×${k}`);
    this.mean = Float64Array.from(mean);
    this.dim = k;
    this.L = cholesky(Float64Array.from(hessian), k);
  }

  /** The posterior of a fitted logistic model's [coef…, intercept] from its training rows X. */
  static ofLogistic(model: LogisticRegression, X: Matrix): LaplacePosterior {
    const { H, k } = model.hessian(X);
    const mean = new Float64Array(k);
    mean.set(model.coefficients);
    if (k > model.coefficients.length) mean[k - 1] = model.intercept;
    return new LaplacePosterior(mean, H);
  }

  /** One draw of θ. */
  sample(rng: Rng): Float64Array {
    const k = this.dim;
    const L = this.L;
    const e = Float64Array.from({ length: k }, () => rng.normal());
    // back substitution: Lᵀ v = ε
    const v = new Float64Array(k);
    for (let i = k - 1; i >= 0; i--) {
      let s = e[i];
      for (let t = i + 1; t < k; t++) s -= L[t * k + i] * v[t];
      v[i] = s / L[i * k + i];
    }
    for (let i = 0; i < k; i++) v[i] += this.mean[i];
    return v;
  }
}

function cholesky(A: Float64Array, k: number): Float64Array {
  const L = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * k + j];
      for (let t = 0; t < j; t++) s -= L[i * k + t] * L[j * k + t];
      if (i === j) {
        if (!(s > 1e-12 * Math.max(1, Math.abs(A[i * k + i]))))
          throw new RangeError('LaplacePosterior: the Hessian is not positive definite');
        L[i * k + i] = Math.sqrt(s);
      } else L[i * k + j] = s / L[j * k + j];
    }
  }
  return L;
}
