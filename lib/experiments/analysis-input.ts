/**
 * Input contract of `analyze()` (see stats.ts): the zod schema, the inferred types and the one error class.
 * Every rule that can be checked on the input alone is here, so analyze() either throws an
 * `AnalysisInputError` (with zod issues, path + message each) or returns finite statistics.
 */
import { z } from 'zod';
import { DEFAULT_SEQUENTIAL_TUNING } from './mixture-sprt';

/** Thrown by analyze() for invalid input; `issues` are zod issues (path, message, code). */
export class AnalysisInputError extends Error {
  readonly issues: z.core.$ZodIssue[];
  constructor(issues: z.core.$ZodIssue[]) {
    const summary = issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`).join('; ');
    super(`Invalid analysis input: ${summary}`);
    this.name = 'AnalysisInputError';
    this.issues = issues;
  }
}

/** Relative tolerance for sumSquares − sum²/n falling below 0 through float rounding. */
const VARIANCE_ROUNDING_TOLERANCE = 1e-9;

export const ZVariantAggregate = z.object({
  name: z.string().min(1, 'variant name must not be empty'),
  /** Number of units (users) in the variant. */
  n: z.number().int('n must be an integer').min(2, 'n must be at least 2'),
  /** Σ y: conversions for a binomial metric. */
  sum: z.number(),
  /** Σ y²: required for a mean metric; for a binomial metric omitted or equal to sum. */
  sumSquares: z.number().optional(),
  /** Mean before CUPED adjustment (cupedAdjust sets it): the denominator of the relative lift. */
  unadjustedMean: z.number().optional(),
});

export const ZAnalysisInput = z
  .object({
    variants: z.array(ZVariantAggregate).min(2, 'need at least 2 variants (control first)').max(100),
    metric: z.enum(['binomial', 'mean']),
    method: z.enum(['frequentist', 'bayesian']),
    alpha: z.number().gt(0).lt(1).default(0.05),
    sequential: z.boolean().default(false),
    /** GrowthBook's sequential tuning sample size n* (sequential only); sets the mSPRT mixing variance. */
    sequentialTuningSampleSize: z.number().positive().default(DEFAULT_SEQUENTIAL_TUNING),
    /** Bayesian: 'effect' = GrowthBook's Gaussian posterior of the relative effect; 'beta' = exact Beta (binomial). */
    bayesianModel: z.enum(['effect', 'beta']).default('effect'),
    /** Bayesian effect model: informative Gaussian prior on the relative effect (flat when omitted). */
    prior: z.object({ mean: z.number(), variance: z.number().positive() }).optional(),
    /** false for a cost (discount cost): no "chance to win" is reported for it. */
    higherIsBetter: z.boolean().default(true),
    correction: z.enum(['holm', 'bonferroni', 'none']).default('holm'),
    expectedWeights: z.array(z.number().positive('expected weights must be > 0')).optional(),
  })
  .superRefine((input, ctx) => {
    const seen = new Set<string>();
    input.variants.forEach((v, i) => {
      if (seen.has(v.name))
        ctx.addIssue({ code: 'custom', path: ['variants', i, 'name'], message: `duplicate variant name "${v.name}"` });
      seen.add(v.name);
      if (input.metric === 'binomial') {
        if (!Number.isInteger(v.sum) || v.sum < 0 || v.sum > v.n) {
          ctx.addIssue({
            code: 'custom',
            path: ['variants', i, 'sum'],
            message: `binomial sum (conversions) must be an integer in [0, n=${v.n}] (got ${v.sum})`,
          });
        }
        if (v.sumSquares !== undefined && v.sumSquares !== v.sum) {
          ctx.addIssue({
            code: 'custom',
            path: ['variants', i, 'sumSquares'],
            message: 'for a binomial metric sumSquares must be omitted or equal sum',
          });
        }
      } else if (v.sumSquares === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['variants', i, 'sumSquares'],
          message: 'sumSquares is required for a mean metric',
        });
      } else {
        const ss = v.sumSquares - (v.sum * v.sum) / v.n;
        if (ss < -VARIANCE_ROUNDING_TOLERANCE * Math.max(1, Math.abs(v.sumSquares))) {
          ctx.addIssue({
            code: 'custom',
            path: ['variants', i, 'sumSquares'],
            message: `negative variance: sumSquares − sum²/n = ${ss}`,
          });
        }
      }
    });
    if (input.expectedWeights && input.expectedWeights.length !== input.variants.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['expectedWeights'],
        message: `expectedWeights has ${input.expectedWeights.length} entries for ${input.variants.length} variants`,
      });
    }
    if (input.bayesianModel === 'beta' && input.metric !== 'binomial') {
      ctx.addIssue({
        code: 'custom',
        path: ['bayesianModel'],
        message: 'the exact Beta model is for a binomial metric: use bayesianModel "effect" for a mean metric',
      });
    }
    if (input.prior && input.bayesianModel === 'beta') {
      ctx.addIssue({ code: 'custom', path: ['prior'], message: 'a prior applies to bayesianModel "effect" only' });
    }
    if (input.sequential && input.method === 'bayesian') {
      ctx.addIssue({
        code: 'custom',
        path: ['sequential'],
        message: 'sequential testing (mSPRT) is frequentist: use method "frequentist"',
      });
    }
  });

/** What callers pass (defaults optional). */
export type AnalysisInput = z.input<typeof ZAnalysisInput>;
/** After validation, defaults filled in. */
export type ParsedAnalysisInput = z.output<typeof ZAnalysisInput>;

/** Validate `input`; throws AnalysisInputError listing every problem. */
export function parseAnalysisInput(input: unknown): ParsedAnalysisInput {
  const parsed = ZAnalysisInput.safeParse(input);
  if (!parsed.success) throw new AnalysisInputError(parsed.error.issues);
  return parsed.data;
}
