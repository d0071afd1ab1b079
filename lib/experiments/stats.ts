/**
 * A/B test analysis engine — framework-free, pure, deterministic.
 *
 *   analyze(input: AnalysisInput): AnalysisResult          (throws AnalysisInputError on invalid input)
 *
 * INPUT (validated with zod, see analysis-input.ts):
 *   {
 *     variants: { name; n; sum; sumSquares?; unadjustedMean? }[];  // CONTROL FIRST, ≥ 2
 *     metric: 'binomial' | 'mean';      // binomial: sum = conversions (0 ≤ sum ≤ n), sumSquares omitted or = sum
 *     method: 'frequentist' | 'bayesian';
 *     alpha?: number;                   // default 0.05 (two-sided)
 *     sequential?: boolean;             // default false; always-valid mSPRT (frequentist only)
 *     sequentialTuningSampleSize?: number;  // default 5000: GrowthBook's n*, sets the mSPRT mixing variance
 *     bayesianModel?: 'effect' | 'beta';    // default 'effect' (GrowthBook); 'beta' = exact Beta, binomial only
 *     prior?: { mean; variance };       // informative Gaussian prior on the relative effect ('effect' model)
 *     higherIsBetter?: boolean;         // default true; false for a cost → chanceToWin and expectedLoss null
 *     correction?: 'holm' | 'bonferroni' | 'none';   // default 'holm' (applied when > 1 treatment)
 *     expectedWeights?: number[];       // intended traffic split → SRM check
 *   }
 *
 * OUTPUT: { metric, method, alpha, sequential, sequentialTuningSampleSize (null unless sequential),
 *   bayesianModel, chanceToWinModel ('effect-gaussian' | 'beta-exact'), prior, higherIsBetter, correction,
 *   control, variants: { name, n, mean, variance, sd, se }[],
 *   comparisons: { name, lift, ci, pValue, chanceToWin, betaChanceToWin, expectedLoss, adjustedPValue,
 *                  significant, statistic, df, likelihoodRatio }[],  srm }
 *
 * FORMULAS
 *   Summary. binomial: mean = s/n, variance = p(1 − p) (Bernoulli, as gbstats); mean: mean = Σy/n,
 *     variance = (Σy² − (Σy)²/n)/(n − 1). sd = √variance, se = sd/√n.
 *   Frequentist (relative-effect.ts): lift = (μ_B − μ_A)/|μ̃_A| with delta-method variance V and
 *     Welch–Satterthwaite df ν; statistic t = lift/√V, p = P(|T_ν| ≥ |t|), ci = lift ± t_{1−α/2,ν}√V — one
 *     statistic, so "ci excludes 0 ⇔ p < α". μ̃ = unadjusted means (CUPED: gbstats' denominator).
 *     Zero control mean: lift and ci null; p is Welch's test of the ABSOLUTE difference (gbstats returns p = 1).
 *   Sequential: mSPRT on the same (lift, V) with τ² = ρ²·N·V, ρ² = (−2 ln α + ln(1 − 2 ln α))/n*
 *     (mixture-sprt.ts, = gbstats SequentialTwoSidedTTest); p = min(1, 1/Λ), ci = confidence sequence.
 *     Zero control mean: p = 1, lift and ci null.
 *   Bayesian 'effect' (effect-posterior.ts, = gbstats EffectBayesianABTest): posterior N(m, s²) of the relative
 *     effect from (lift, V) and the prior (flat when omitted); lift = m, ci = m ± z s, chanceToWin = Φ(m/s),
 *     expectedLoss = [E max(0, Δ), E max(0, −Δ)] (keep control, ship treatment). Zero control mean: lift, ci,
 *     chanceToWin, expectedLoss null.
 *   Bayesian 'beta' (binomial): Beta(1+s, 1+n−s) posteriors; chanceToWin = exact P(p_B > p_A) by quadrature
 *     (chance-to-win.ts); lift/ci: delta method on the posterior moments (null when the control mean is 0).
 *   betaChanceToWin: the exact Beta P(p_B > p_A), reported for every binomial comparison whatever the model.
 *   chanceToWin is also reported under the frequentist method (from the Bayesian model chosen), null for a cost.
 *   adjustedPValue: Holm (default) / Bonferroni over the treatments' pValues — multiple-comparisons.ts.
 *   significant: frequentist: adjustedPValue < α. Bayesian: P(Δ > 0) > 1 − α/2 or < α/2.
 *   srm: Pearson chi-square goodness of fit of the n's against expectedWeights, mismatch at p < 0.001 — srm.ts.
 *   Intervals are per comparison (not multiplicity-adjusted).
 */
import { type AnalysisInput, type ParsedAnalysisInput, parseAnalysisInput } from './analysis-input';
import { betaPosterior, binomialChanceToWin } from './chance-to-win';
import { effectPosterior } from './effect-posterior';
import { deltaMethodRelativeLift, welchTTest } from './hypothesis-tests';
import { mixtureSprt, tau2FromTuningSampleSize } from './mixture-sprt';
import { adjustPValues, type Correction } from './multiple-comparisons';
import { type RelativeEffect, relativeEffect, relativeTTest } from './relative-effect';
import { type SrmResult, sampleRatioMismatch } from './srm';

export { type AnalysisInput, AnalysisInputError } from './analysis-input';

export interface VariantSummary {
  name: string;
  n: number;
  mean: number;
  variance: number;
  sd: number;
  se: number;
}

export interface Comparison {
  name: string;
  /** Relative lift (treatment − control)/|control| (Bayesian: posterior mean); null when the control mean is 0. */
  lift: number | null;
  /** (1 − α) interval (Bayesian: credible interval) for the relative lift; null when the control mean is 0. */
  ci: [number, number] | null;
  /** Two-sided p-value of the relative t-test (always-valid mSPRT p-value when sequential). */
  pValue: number;
  /** P(treatment better than control) from `chanceToWinModel`; null for a cost or an undefined effect. */
  chanceToWin: number | null;
  /** Exact Beta P(p_B > p_A) (binomial metrics only, null for a cost). */
  betaChanceToWin: number | null;
  /** Expected relative loss [keep control, ship treatment] under the effect posterior; null if not defined. */
  expectedLoss: [number, number] | null;
  adjustedPValue: number;
  significant: boolean;
  /** t = lift/√V of the relative test (absolute-difference Welch t when the control mean is 0). */
  statistic: number;
  /** Welch–Satterthwaite df; null when both variances are 0. */
  df: number | null;
  /** mSPRT mixture likelihood ratio Λ when sequential, else null. */
  likelihoodRatio: number | null;
}

export interface AnalysisResult {
  metric: 'binomial' | 'mean';
  method: 'frequentist' | 'bayesian';
  alpha: number;
  sequential: boolean;
  sequentialTuningSampleSize: number | null;
  bayesianModel: 'effect' | 'beta';
  /** Which posterior `chanceToWin` comes from. */
  chanceToWinModel: 'effect-gaussian' | 'beta-exact';
  prior: { mean: number; variance: number } | null;
  higherIsBetter: boolean;
  correction: Correction;
  control: string;
  variants: VariantSummary[];
  comparisons: Comparison[];
  srm: SrmResult | null;
}

type Variant = ParsedAnalysisInput['variants'][number];

function summarize(v: Variant, metric: ParsedAnalysisInput['metric']): VariantSummary {
  const mean = v.sum / v.n;
  const variance =
    metric === 'binomial'
      ? mean * (1 - mean)
      : Math.max(0, ((v.sumSquares as number) - (v.sum * v.sum) / v.n) / (v.n - 1));
  const sd = Math.sqrt(variance);
  return { name: v.name, n: v.n, mean, variance, sd, se: sd / Math.sqrt(v.n) };
}

/** Posterior mean and sd of a conversion rate under Beta(1, 1): used for the 'beta' credible interval. */
function posteriorMoments(v: Variant): { mean: number; se: number } {
  const { alpha, beta } = betaPosterior(v.n, v.sum);
  const s = alpha + beta;
  return { mean: alpha / s, se: Math.sqrt((alpha * beta) / (s * s * (s + 1))) };
}

type RawComparison = Omit<Comparison, 'adjustedPValue' | 'significant'> & { probabilityPositive: number | null };

const arm = (v: Variant, s: VariantSummary) => ({
  n: s.n,
  mean: s.mean,
  variance: s.variance,
  unadjustedMean: v.unadjustedMean,
});

function frequentistPart(
  input: ParsedAnalysisInput,
  effect: RelativeEffect | null,
  a: VariantSummary,
  b: VariantSummary,
) {
  const { alpha } = input;
  if (!effect) {
    const abs = welchTTest(a.mean, a.variance, a.n, b.mean, b.variance, b.n);
    if (input.sequential) return { pValue: 1, statistic: abs.statistic, df: abs.df, likelihoodRatio: 1, ci: null };
    return { pValue: abs.pValue, statistic: abs.statistic, df: abs.df, likelihoodRatio: null, ci: null };
  }
  const t = relativeTTest(effect, alpha);
  const df = Number.isFinite(t.df) ? t.df : null;
  if (!input.sequential) return { pValue: t.pValue, statistic: t.statistic, df, likelihoodRatio: null, ci: t.ci };
  const tau2 = tau2FromTuningSampleSize(input.sequentialTuningSampleSize, alpha, a.n + b.n, effect.variance);
  const seq = mixtureSprt({ estimate: effect.lift, variance: effect.variance, alpha, tau2: Math.max(tau2, 1e-300) });
  return { pValue: seq.pValue, statistic: t.statistic, df, likelihoodRatio: seq.likelihoodRatio, ci: seq.ci };
}

function compare(
  input: ParsedAnalysisInput,
  control: Variant,
  treatment: Variant,
  a: VariantSummary,
  b: VariantSummary,
): RawComparison {
  const { metric, method, alpha, higherIsBetter } = input;
  const effect = relativeEffect(arm(control, a), arm(treatment, b));
  const freq = frequentistPart(input, effect, a, b);
  const betaChanceToWin =
    metric === 'binomial' ? binomialChanceToWin(control.n, control.sum, treatment.n, treatment.sum) : null;

  let probabilityPositive: number | null;
  let expectedLoss: [number, number] | null = null;
  let bayesLift: number | null = null;
  let bayesCi: [number, number] | null = null;
  if (input.bayesianModel === 'beta') {
    probabilityPositive = betaChanceToWin;
    const pa = posteriorMoments(control);
    const pb = posteriorMoments(treatment);
    const rel = deltaMethodRelativeLift(pa.mean, pa.se, pb.mean, pb.se, alpha);
    bayesLift = rel ? rel.lift : null;
    bayesCi = rel ? rel.ci : null;
  } else if (effect) {
    const post = effectPosterior(effect.lift, effect.variance, alpha, input.prior);
    probabilityPositive = post.probabilityPositive;
    expectedLoss = post.expectedLoss;
    bayesLift = post.mean;
    bayesCi = post.ci;
  } else {
    probabilityPositive = null;
  }
  const bayes = method === 'bayesian';
  return {
    name: treatment.name,
    lift: bayes ? bayesLift : effect ? effect.lift : null,
    ci: bayes ? bayesCi : freq.ci,
    pValue: freq.pValue,
    chanceToWin: higherIsBetter ? probabilityPositive : null,
    betaChanceToWin: higherIsBetter ? betaChanceToWin : null,
    expectedLoss: higherIsBetter ? expectedLoss : null,
    statistic: freq.statistic,
    df: freq.df,
    likelihoodRatio: freq.likelihoodRatio,
    probabilityPositive,
  };
}

/**
 * Analyze an A/B(/n) test from per-variant aggregates (control first). See the header of this file for the
 * full contract and formulas. Throws AnalysisInputError (with zod issues) on invalid input.
 */
export function analyze(input: AnalysisInput): AnalysisResult {
  const parsed = parseAnalysisInput(input);
  const { variants, metric, method, alpha, sequential } = parsed;
  const summaries = variants.map((v) => summarize(v, metric));
  const control = variants[0];
  const raw = variants.slice(1).map((v, i) => compare(parsed, control, v, summaries[0], summaries[i + 1]));
  const correction: Correction = raw.length > 1 ? parsed.correction : 'none';
  const adjusted = adjustPValues(
    raw.map((r) => r.pValue),
    correction,
  );
  const comparisons: Comparison[] = raw.map((r, i) => ({
    name: r.name,
    lift: r.lift,
    ci: r.ci,
    pValue: r.pValue,
    chanceToWin: r.chanceToWin,
    betaChanceToWin: r.betaChanceToWin,
    expectedLoss: r.expectedLoss,
    adjustedPValue: adjusted[i],
    significant:
      method === 'frequentist'
        ? adjusted[i] < alpha
        : r.probabilityPositive !== null &&
          (r.probabilityPositive > 1 - alpha / 2 || r.probabilityPositive < alpha / 2),
    statistic: r.statistic,
    df: r.df,
    likelihoodRatio: r.likelihoodRatio,
  }));
  const srm = parsed.expectedWeights
    ? sampleRatioMismatch(
        variants.map((v) => v.n),
        parsed.expectedWeights,
      )
    : null;
  return {
    metric,
    method,
    alpha,
    sequential,
    sequentialTuningSampleSize: sequential ? parsed.sequentialTuningSampleSize : null,
    bayesianModel: parsed.bayesianModel,
    chanceToWinModel: parsed.bayesianModel === 'beta' ? 'beta-exact' : 'effect-gaussian',
    prior: parsed.prior ?? null,
    higherIsBetter: parsed.higherIsBetter,
    correction,
    control: control.name,
    variants: summaries,
    comparisons,
    srm,
  };
}
