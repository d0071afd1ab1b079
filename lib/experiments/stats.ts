/**
 * A/B test analysis engine — framework-free, pure, deterministic.
 *
 *   analyze(input: AnalysisInput): AnalysisResult          (throws AnalysisInputError on invalid input)
 *
 * INPUT (validated with zod, see analysis-input.ts):
 *   {
 *     variants: { name: string; n: number; sum: number; sumSquares?: number }[];  // CONTROL FIRST, ≥ 2
 *     metric: 'binomial' | 'mean';      // binomial: sum = conversions (0 ≤ sum ≤ n), sumSquares omitted or = sum
 *     method: 'frequentist' | 'bayesian';
 *     alpha?: number;                   // default 0.05 (two-sided)
 *     sequential?: boolean;             // default false; always-valid mSPRT (frequentist only)
 *     tau2?: number;                    // default 0.01: mSPRT mixing variance on the relative-lift scale
 *     correction?: 'holm' | 'bonferroni' | 'none';   // default 'holm' (applied when > 1 treatment)
 *     expectedWeights?: number[];       // intended traffic split → SRM check
 *   }
 *
 * OUTPUT:
 *   {
 *     metric, method, alpha, sequential, tau2 (null unless sequential),
 *     correction,                        // what was applied to adjustedPValue ('none' with one treatment)
 *     control: string,
 *     variants: { name, n, mean, variance, sd, se }[],           // all variants, control first
 *     comparisons: { name, lift, ci: [lo, hi], pValue, chanceToWin, adjustedPValue, significant,
 *                    statistic, df, likelihoodRatio }[],         // one per treatment, input order
 *     srm: { statistic, df, pValue, expected, mismatch, threshold } | null
 *   }
 *
 * FORMULAS
 *   Summary. binomial: mean = s/n, variance = p(1 − p) (Bernoulli); mean: mean = Σy/n,
 *     variance = (Σy² − (Σy)²/n)/(n − 1). sd = √variance, se = sd/√n.
 *   lift, ci (RELATIVE): lift = mean_B/mean_A − 1; delta method on the ratio of independent means,
 *     Var = se_B²/mean_A² + mean_B² se_A²/mean_A⁴, ci = lift ± z_{1−α/2}√Var. lift and ci are null when the
 *     control mean is 0. Bayesian method: the same formula on posterior moments (binomial: Beta(1+s, 1+n−s)
 *     posterior mean and variance; mean metric: flat prior, so identical to frequentist) — a normal-approx.
 *     (1 − α) credible interval.
 *   pValue: pooled two-proportion z-test (binomial) or Welch t-test (mean), two-sided — hypothesis-tests.ts.
 *     Sequential: always-valid p = min(1, 1/Λ) of the normal-mixture mSPRT (Johari et al. 2017) on the relative
 *     lift with V = delta-method variance, and ci = the always-valid confidence sequence — mixture-sprt.ts.
 *     With a zero control mean the sequential p is 1 (no evidence measurable on the relative scale).
 *   chanceToWin = P(treatment > control): Beta posteriors integrated numerically (binomial) or
 *     Φ(Δ/√(se_A² + se_B²)) (mean) — chance-to-win.ts.
 *   adjustedPValue: Holm (default) / Bonferroni over the treatments' pValues — multiple-comparisons.ts.
 *   significant: frequentist: adjustedPValue < α. Bayesian: chanceToWin > 1 − α/2 or < α/2 (two-sided, the
 *     decision a flat-prior analysis makes at the same α; no multiplicity correction).
 *   srm: Pearson chi-square goodness of fit of the n's against expectedWeights, mismatch at p < 0.001 — srm.ts.
 *   Intervals are per comparison (not multiplicity-adjusted).
 */
import { type AnalysisInput, type ParsedAnalysisInput, parseAnalysisInput } from './analysis-input';
import { betaPosterior, binomialChanceToWin, normalChanceToWin } from './chance-to-win';
import { deltaMethodRelativeLift, type TestResult, twoProportionZTest, welchTTest } from './hypothesis-tests';
import { mixtureSprt } from './mixture-sprt';
import { adjustPValues, type Correction } from './multiple-comparisons';
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
  /** Relative lift (treatment − control)/control; null when the control mean is 0. */
  lift: number | null;
  /** (1 − α) interval for the relative lift; null when the control mean is 0. */
  ci: [number, number] | null;
  /** Two-sided p-value (always-valid mSPRT p-value when sequential). */
  pValue: number;
  /** Posterior probability that the treatment's mean exceeds the control's. */
  chanceToWin: number;
  adjustedPValue: number;
  significant: boolean;
  /** z (binomial) or Welch t (mean) statistic of the fixed-horizon test. */
  statistic: number;
  /** Welch–Satterthwaite df for the mean metric; null for the z-test. */
  df: number | null;
  /** mSPRT mixture likelihood ratio Λ when sequential, else null. */
  likelihoodRatio: number | null;
}

export interface AnalysisResult {
  metric: 'binomial' | 'mean';
  method: 'frequentist' | 'bayesian';
  alpha: number;
  sequential: boolean;
  tau2: number | null;
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

/** Posterior mean and sd of a conversion rate under Beta(1, 1): used for the Bayesian credible interval. */
function posteriorMoments(v: Variant): { mean: number; se: number } {
  const { alpha, beta } = betaPosterior(v.n, v.sum);
  const s = alpha + beta;
  return { mean: alpha / s, se: Math.sqrt((alpha * beta) / (s * s * (s + 1))) };
}

type RawComparison = Omit<Comparison, 'adjustedPValue' | 'significant'>;

function compare(
  input: ParsedAnalysisInput,
  control: Variant,
  treatment: Variant,
  a: VariantSummary,
  b: VariantSummary,
): RawComparison {
  const { metric, method, alpha } = input;
  const test: TestResult =
    metric === 'binomial'
      ? twoProportionZTest(control.n, control.sum, treatment.n, treatment.sum)
      : welchTTest(a.mean, a.variance, a.n, b.mean, b.variance, b.n);
  const chanceToWin =
    metric === 'binomial'
      ? binomialChanceToWin(control.n, control.sum, treatment.n, treatment.sum)
      : normalChanceToWin(a.mean, a.se, b.mean, b.se);

  let rel = deltaMethodRelativeLift(a.mean, a.se, b.mean, b.se, alpha);
  if (method === 'bayesian' && metric === 'binomial') {
    const pa = posteriorMoments(control);
    const pb = posteriorMoments(treatment);
    rel = deltaMethodRelativeLift(pa.mean, pa.se, pb.mean, pb.se, alpha);
  }
  const base = { name: treatment.name, statistic: test.statistic, df: test.df, chanceToWin };
  if (!input.sequential) {
    return {
      ...base,
      lift: rel ? rel.lift : null,
      ci: rel ? rel.ci : null,
      pValue: test.pValue,
      likelihoodRatio: null,
    };
  }
  if (!rel) return { ...base, lift: null, ci: null, pValue: 1, likelihoodRatio: 1 };
  const seq = mixtureSprt({ estimate: rel.lift, variance: rel.variance, alpha, tau2: input.tau2 });
  return { ...base, lift: rel.lift, ci: seq.ci, pValue: seq.pValue, likelihoodRatio: seq.likelihoodRatio };
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
    adjustedPValue: adjusted[i],
    significant:
      method === 'frequentist' ? adjusted[i] < alpha : r.chanceToWin > 1 - alpha / 2 || r.chanceToWin < alpha / 2,
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
    tau2: sequential ? parsed.tau2 : null,
    correction,
    control: control.name,
    variants: summaries,
    comparisons,
    srm,
  };
}
