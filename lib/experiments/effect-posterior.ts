/**
 * GrowthBook's Bayesian engine on the effect scale (gbstats `EffectBayesianABTest`): the data summarised as
 * the relative lift Δ̂ with delta-method variance V (relative-effect.ts), a Gaussian prior N(μ₀, τ₀²) on the
 * relative effect — improper/flat by default, or informative when given — and the conjugate posterior
 *
 *   precision = 1/V + 1/τ₀²,   mean = (Δ̂/V + μ₀/τ₀²)/precision,   sd = 1/√precision   (flat: mean Δ̂, sd √V)
 *
 * chanceToWin = P(Δ > 0) = Φ(mean/sd); credible interval mean ± z_{1−α/2} sd; expected loss (risk, relative
 * scale) of shipping the treatment E[max(0, −Δ)] = sd φ(m/sd) − m Φ(−m/sd), of keeping the control
 * E[max(0, Δ)] = sd φ(m/sd) + m Φ(m/sd).
 */
import { normalCdf, normalQuantile } from './special-functions';

export interface GaussianPrior {
  /** Prior mean of the relative effect (0 = no effect expected). */
  mean: number;
  /** Prior variance of the relative effect (GrowthBook's default proper prior: 0.3² = 0.09). */
  variance: number;
}

export interface EffectPosterior {
  mean: number;
  sd: number;
  /** P(effect > 0). */
  probabilityPositive: number;
  ci: [number, number];
  /** Expected relative loss of [keeping the control, shipping the treatment]. */
  expectedLoss: [number, number];
}

const phi = (z: number) => Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);

/** Posterior of the relative effect given the estimate `lift` with variance `variance` and an optional prior. */
export function effectPosterior(lift: number, variance: number, alpha = 0.05, prior?: GaussianPrior): EffectPosterior {
  if (!Number.isFinite(lift) || !(variance >= 0) || !Number.isFinite(variance)) {
    throw new RangeError('effectPosterior: need a finite lift and a finite variance >= 0');
  }
  if (prior && !(prior.variance > 0 && Number.isFinite(prior.mean))) {
    throw new RangeError('effectPosterior: the prior needs a finite mean and variance > 0');
  }
  let mean = lift;
  let sd = Math.sqrt(variance);
  if (prior && variance > 0) {
    const precision = 1 / variance + 1 / prior.variance;
    mean = (lift / variance + prior.mean / prior.variance) / precision;
    sd = Math.sqrt(1 / precision);
  }
  if (sd === 0) {
    const p = mean > 0 ? 1 : mean < 0 ? 0 : 0.5;
    return {
      mean,
      sd,
      probabilityPositive: p,
      ci: [mean, mean],
      expectedLoss: [Math.max(0, mean), Math.max(0, -mean)],
    };
  }
  const z = mean / sd;
  const half = normalQuantile(1 - alpha / 2) * sd;
  return {
    mean,
    sd,
    probabilityPositive: normalCdf(z),
    ci: [mean - half, mean + half],
    expectedLoss: [sd * phi(z) + mean * normalCdf(z), sd * phi(z) - mean * normalCdf(-z)],
  };
}
