/**
 * CUPED — Controlled-experiment Using Pre-Experiment Data (Deng, Xu, Kohavi & Walker, WSDM 2013).
 *
 * Per user: Y = in-experiment metric, X = the same user's pre-period covariate (e.g. last month's spend).
 * θ is estimated ONCE on all users of all variants pooled (concatenated), so every variant is adjusted by
 * the same linear map and the treatment effect stays unbiased (X is independent of the assignment):
 *
 *   θ = cov(X, Y) / var(X)            (pooled over all N users; sample (N − 1) moments)
 *   Y'ᵢ = Yᵢ − θ (Xᵢ − X̄)             (X̄ = pooled mean of X, so E[Y'] = E[Y] in every variant)
 *   varianceReduction = 1 − var(Y')/var(Y) = ρ²(X, Y)   (pooled, fraction in [0, 1])
 *
 * Returns, per variant, the aggregates {n, sum, sumSquares} of Y' ready for analyze({ metric: 'mean', ... }),
 * with the unadjusted mean Ȳ: analyze() then reports the lift as (Ȳ'_B − Ȳ'_A)/Ȳ_A and its delta-method
 * variance with the unadjusted means, exactly GrowthBook's regression-adjusted (CUPED) relative effect — not
 * Ȳ'_B/Ȳ'_A − 1, whose denominator moves with the control's pre-period mean.
 * When var(X) = 0 (constant covariate) θ = 0 and nothing changes.
 * Moments are computed with centred two-pass sums (no Σx² − (Σx)²/N cancellation).
 */

export interface CupedVariantInput {
  name: string;
  /** Per-user in-experiment metric. */
  y: ArrayLike<number>;
  /** Per-user pre-period covariate, same order and length as y. */
  x: ArrayLike<number>;
}

export interface CupedVariantAggregate {
  name: string;
  n: number;
  sum: number;
  sumSquares: number;
  /** Mean of the UNADJUSTED metric: analyze() divides the lift by the control's (GrowthBook's denominator). */
  unadjustedMean: number;
}

export interface CupedResult {
  theta: number;
  /** Pooled mean of X used for centring. */
  meanX: number;
  /** 1 − var(Y')/var(Y) over all users pooled (= squared correlation of X and Y). */
  varianceReduction: number;
  variants: CupedVariantAggregate[];
}

/** Adjust per-user metrics with a pooled CUPED θ and return aggregates for analyze(). */
export function cupedAdjust(variants: CupedVariantInput[]): CupedResult {
  if (!Array.isArray(variants) || variants.length < 1) throw new RangeError('cupedAdjust: need at least one variant');
  let total = 0;
  let sumX = 0;
  let sumY = 0;
  for (const v of variants) {
    if (v.y.length !== v.x.length)
      throw new RangeError(`cupedAdjust: variant "${v.name}" has ${v.y.length} y values but ${v.x.length} x values`);
    if (v.y.length < 2)
      throw new RangeError(`cupedAdjust: variant "${v.name}" needs at least 2 users (got ${v.y.length})`);
    for (let i = 0; i < v.y.length; i++) {
      if (!Number.isFinite(v.y[i]) || !Number.isFinite(v.x[i]))
        throw new RangeError(`cupedAdjust: variant "${v.name}" has a non-finite value at index ${i}`);
      sumX += v.x[i];
      sumY += v.y[i];
    }
    total += v.y.length;
  }
  const meanX = sumX / total;
  const meanY = sumY / total;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (const v of variants) {
    for (let i = 0; i < v.y.length; i++) {
      const dx = v.x[i] - meanX;
      const dy = v.y[i] - meanY;
      sxx += dx * dx;
      sxy += dx * dy;
      syy += dy * dy;
    }
  }
  const theta = sxx > 0 ? sxy / sxx : 0;
  // Residual sum of squares of the pooled adjusted metric: Σ(dy − θ dx)² = syy − 2θ sxy + θ² sxx.
  const adjustedSs = Math.max(0, syy - 2 * theta * sxy + theta * theta * sxx);
  const varianceReduction = syy > 0 ? Math.min(1, Math.max(0, 1 - adjustedSs / syy)) : 0;
  const aggregates = variants.map((v) => {
    let sum = 0;
    let sumSquares = 0;
    let rawSum = 0;
    for (let i = 0; i < v.y.length; i++) {
      rawSum += v.y[i];
      const adjusted = v.y[i] - theta * (v.x[i] - meanX);
      sum += adjusted;
      sumSquares += adjusted * adjusted;
    }
    return { name: v.name, n: v.y.length, sum, sumSquares, unadjustedMean: rawSum / v.y.length };
  });
  return { theta, meanX, varianceReduction, variants: aggregates };
}
