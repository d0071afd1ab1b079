/**
 * Mixture sequential probability ratio test (mSPRT) with a normal mixture — Johari, Koomen, Pekelis & Walsh,
 * "Peeking at A/B Tests: Why it matters, and what to do about it" (KDD 2017), and "Always Valid Inference"
 * (Operations Research 2022).
 *
 * Setting: an estimate Δ̂ of the effect θ that is (asymptotically) N(θ, V) at the current sample size.
 * The mixing distribution over alternatives is H = N(θ₀, τ²) — `tau2` is the MIXING VARIANCE, on the scale
 * of θ (here the relative lift, so τ = 0.1 means "effects of about ±10 % are plausible"). The mixture
 * likelihood ratio is
 *
 *   Λ = ∫ φ_V(Δ̂ − θ) dH(θ) / φ_V(Δ̂ − θ₀) = √(V / (V + τ²)) · exp( τ² (Δ̂ − θ₀)² / (2 V (V + τ²)) ).
 *
 * With n users per arm, per-user variance σ² in each arm and V = 2σ²/n this is exactly Johari et al.'s
 * two-stream statistic  Λₙ = √(2σ² / (2σ² + nτ²)) · exp( n² τ² (Ȳₙ − X̄ₙ − θ₀)² / (4σ² (2σ² + nτ²)) ).
 * Using the plug-in V lets arms of unequal size (and the delta-method variance of a ratio) share the formula.
 *
 * Always-valid p-value: pₙ = min(p_{n−1}, 1/Λₙ). Each 1/Λₙ is itself always valid (Ville's inequality:
 * P(∃n: Λₙ ≥ 1/α) ≤ α under θ = θ₀), so a caller that only has the current data reports p = min(1, 1/Λ);
 * a caller that stores past looks may keep the running minimum.
 *
 * Confidence sequence (inverting Λ(θ₀) < 1/α):  Δ̂ ± √( V (V + τ²)/τ² · (2 ln(1/α) + ln((V + τ²)/V)) ).
 * It is wider than the fixed-horizon interval Δ̂ ± z_{1−α/2} √V, the price of peeking at will.
 */

/** Default mixing variance τ² on the relative-lift scale: τ = 0.1 (a ±10 % lift is a plausible effect). */
export const DEFAULT_TAU2 = 0.01;

export interface MsprtResult {
  /** Mixture likelihood ratio Λ at θ₀. */
  likelihoodRatio: number;
  /** Always-valid p-value min(1, 1/Λ). */
  pValue: number;
  /** Always-valid (1 − α) confidence sequence for θ at the current sample size. */
  ci: [number, number];
}

/**
 * mSPRT for an estimate `estimate` with sampling variance `variance` (V).
 * @param alpha confidence-sequence level (default 0.05)
 * @param tau2 mixing variance τ² of the normal mixture, on the scale of the estimate (default 0.01)
 * @param null0 the null value θ₀ (default 0)
 */
export function mixtureSprt({
  estimate,
  variance,
  alpha = 0.05,
  tau2 = DEFAULT_TAU2,
  null0 = 0,
}: {
  estimate: number;
  variance: number;
  alpha?: number;
  tau2?: number;
  null0?: number;
}): MsprtResult {
  if (!Number.isFinite(estimate)) throw new RangeError(`mixtureSprt: estimate must be finite (got ${estimate})`);
  if (!(variance >= 0) || !Number.isFinite(variance))
    throw new RangeError(`mixtureSprt: variance must be finite and >= 0 (got ${variance})`);
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`mixtureSprt: alpha must be in (0, 1) (got ${alpha})`);
  if (!(tau2 > 0) || !Number.isFinite(tau2))
    throw new RangeError(`mixtureSprt: tau2 must be finite and > 0 (got ${tau2})`);
  if (variance === 0) {
    // A noiseless estimate: any deviation from θ₀ is certain, none is no evidence.
    const differs = estimate !== null0;
    return { likelihoodRatio: differs ? Infinity : 1, pValue: differs ? 0 : 1, ci: [estimate, estimate] };
  }
  const d = estimate - null0;
  const logLambda = 0.5 * Math.log(variance / (variance + tau2)) + (tau2 * d * d) / (2 * variance * (variance + tau2));
  const likelihoodRatio = Math.exp(logLambda);
  const pValue = Math.min(1, Math.exp(-logLambda));
  const halfWidth = Math.sqrt(
    ((variance * (variance + tau2)) / tau2) * (2 * Math.log(1 / alpha) + Math.log((variance + tau2) / variance)),
  );
  return { likelihoodRatio, pValue, ci: [estimate - halfWidth, estimate + halfWidth] };
}

/** GrowthBook's default sequential tuning parameter n* ("estimated number of users in the experiment"). */
export const DEFAULT_SEQUENTIAL_TUNING = 5000;

/**
 * GrowthBook's parametrisation of the same normal mixture (Waudby-Smith et al. 2023, eqs. 155 & 161, as in
 * gbstats `SequentialTwoSidedTTest`): a tuning sample size n* fixes the mixing parameter per unit
 *
 *   ρ² = (−2 ln α + ln(−2 ln α + 1)) / n*          (the CS is tightest when N ≈ n* users in total)
 *
 * and with N = n_A + n_B users and the per-unit variance s² = N·V of the estimate, the mixture variance on the
 * scale of the estimate is τ² = ρ² s² = ρ² N V. Substituting into mixtureSprt's Λ and confidence sequence
 * gives exactly gbstats' e-value 1/√(Nρ²+1)·exp(ρ² N² Δ²/(2 s² (Nρ²+1))) and half-width
 * √(s² · 2(Nρ²+1)/(N²ρ²) · ln(√(Nρ²+1)/α)).
 */
export function tau2FromTuningSampleSize(tuningSampleSize: number, alpha: number, totalN: number, variance: number) {
  if (!(tuningSampleSize > 0) || !(totalN > 0) || !(alpha > 0 && alpha < 1) || !(variance >= 0)) {
    throw new RangeError('tau2FromTuningSampleSize: need n* > 0, N > 0, alpha in (0, 1), variance >= 0');
  }
  const l = -2 * Math.log(alpha);
  const rho2 = (l + Math.log(l + 1)) / tuningSampleSize;
  return rho2 * totalN * variance;
}
