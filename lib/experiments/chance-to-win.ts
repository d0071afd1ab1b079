/**
 * Bayesian probability that a treatment beats the control ("chance to win").
 *
 * Binomial metric — independent Beta posteriors under a uniform Beta(1, 1) prior:
 *   p_A ~ Beta(α_A, β_A) = Beta(1 + s_A, 1 + n_A − s_A),  p_B ~ Beta(1 + s_B, 1 + n_B − s_B)
 *   P(p_B > p_A) = ∫₀¹ f_A(x) · (1 − I_x(α_B, β_B)) dx     (I = regularized incomplete beta = Beta CDF)
 * computed by deterministic quadrature, not Monte Carlo: composite Gauss–Legendre (`panels` panels of 16
 * nodes) over the window mean ± 20 sd (clipped to [0, 1]) of the MORE concentrated posterior, so the other
 * posterior's CDF is smooth on the panel scale. When B is the more concentrated one the mirror form
 * P = ∫ f_B(y) · I_y(α_A, β_A) dy is used. All α, β ≥ 1, so the densities have no endpoint singularity.
 * Error < 1e-8 in the tests (vs scipy.integrate.quad and Evan Miller's closed-form sum), up to n = 1e8;
 * about 1,000 incomplete-beta evaluations, a few ms per comparison.
 *
 * Mean metric — normal approximation of the posterior of each mean under a flat prior:
 *   μ_i ~ N(x̄_i, se_i²),  P(μ_B > μ_A) = Φ((x̄_B − x̄_A) / √(se_A² + se_B²)).
 */
import { logBeta, normalCdf, regularizedBeta } from './special-functions';

const GL_ORDER = 16;
const { nodes: GL_NODES, weights: GL_WEIGHTS } = gaussLegendre(GL_ORDER);

/** Gauss–Legendre nodes/weights on [−1, 1] by Newton iteration on P_n (Golub–Welsch-free textbook method). */
function gaussLegendre(n: number): { nodes: Float64Array; weights: Float64Array } {
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  for (let i = 0; i < Math.ceil(n / 2); i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let dp = 0;
    for (let iter = 0; iter < 100; iter++) {
      let p0 = 1;
      let p1 = x;
      for (let k = 2; k <= n; k++) {
        const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      dp = (n * (x * p1 - p0)) / (x * x - 1);
      const dx = p1 / dp;
      x -= dx;
      if (Math.abs(dx) < 1e-16) break;
    }
    nodes[i] = -x;
    nodes[n - 1 - i] = x;
    weights[i] = weights[n - 1 - i] = 2 / ((1 - x * x) * dp * dp);
  }
  return { nodes, weights };
}

export interface BetaPosterior {
  alpha: number;
  beta: number;
}

/** Beta(1 + conversions, 1 + n − conversions): posterior of a conversion rate under a uniform prior. */
export function betaPosterior(n: number, conversions: number): BetaPosterior {
  if (!(n >= 0) || !(conversions >= 0) || conversions > n) {
    throw new RangeError(`betaPosterior: need 0 <= conversions <= n (got n=${n}, conversions=${conversions})`);
  }
  return { alpha: 1 + conversions, beta: 1 + n - conversions };
}

function betaMoments({ alpha, beta }: BetaPosterior): { mean: number; sd: number } {
  const s = alpha + beta;
  return { mean: alpha / s, sd: Math.sqrt((alpha * beta) / (s * s * (s + 1))) };
}

/** ∫ f_outer(x) · g(x) dx over the outer posterior's mean ± 20 sd window. */
function integrateAgainstDensity(outer: BetaPosterior, g: (x: number) => number, panels: number): number {
  const { mean, sd } = betaMoments(outer);
  const lo = Math.max(0, mean - 20 * sd);
  const hi = Math.min(1, mean + 20 * sd);
  const logNorm = logBeta(outer.alpha, outer.beta);
  const h = (hi - lo) / panels;
  let total = 0;
  for (let p = 0; p < panels; p++) {
    const mid = lo + (p + 0.5) * h;
    for (let k = 0; k < GL_ORDER; k++) {
      const x = mid + 0.5 * h * GL_NODES[k];
      const logDensity = (outer.alpha - 1) * Math.log(x) + (outer.beta - 1) * Math.log1p(-x) - logNorm;
      total += GL_WEIGHTS[k] * Math.exp(logDensity) * g(x);
    }
  }
  return Math.min(1, Math.max(0, 0.5 * h * total));
}

/**
 * P(p_B > p_A) for independent Beta posteriors `a` (control) and `b` (treatment).
 * @param panels number of 16-node Gauss–Legendre panels (default 64 → 1,024 incomplete-beta evaluations).
 */
export function probabilityBetaGreater(a: BetaPosterior, b: BetaPosterior, panels = 64): number {
  for (const [label, post] of [
    ['a', a],
    ['b', b],
  ] as const) {
    if (!(post.alpha >= 1) || !(post.beta >= 1) || !Number.isFinite(post.alpha) || !Number.isFinite(post.beta)) {
      throw new RangeError(
        `probabilityBetaGreater: ${label} needs finite alpha, beta >= 1 (got ${post.alpha}, ${post.beta})`,
      );
    }
  }
  if (!Number.isInteger(panels) || panels < 1)
    throw new RangeError(`probabilityBetaGreater: panels must be a positive integer (got ${panels})`);
  if (betaMoments(a).sd <= betaMoments(b).sd) {
    // P(B > A) = ∫ f_A(x) P(B > x) dx
    return integrateAgainstDensity(a, (x) => 1 - regularizedBeta(x, b.alpha, b.beta), panels);
  }
  // P(B > A) = ∫ f_B(y) P(A < y) dy
  return integrateAgainstDensity(b, (y) => regularizedBeta(y, a.alpha, a.beta), panels);
}

/** Chance to win of a binomial treatment (nB, sB) over the control (nA, sA), uniform Beta(1, 1) priors. */
export function binomialChanceToWin(nA: number, sA: number, nB: number, sB: number): number {
  return probabilityBetaGreater(betaPosterior(nA, sA), betaPosterior(nB, sB));
}

/** Chance to win for a mean metric: Φ((meanB − meanA) / √(seA² + seB²)); ties of zero spread give 0, ½ or 1. */
export function normalChanceToWin(meanA: number, seA: number, meanB: number, seB: number): number {
  if (![meanA, seA, meanB, seB].every(Number.isFinite) || seA < 0 || seB < 0) {
    throw new RangeError(`normalChanceToWin: need finite means and standard errors >= 0`);
  }
  const se = Math.sqrt(seA * seA + seB * seB);
  const diff = meanB - meanA;
  if (se === 0) return diff > 0 ? 1 : diff < 0 ? 0 : 0.5;
  return normalCdf(diff / se);
}
