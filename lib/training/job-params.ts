import { z } from 'zod';
import { ALGORITHM_CATALOG } from './algorithm-catalog';
import { ALGORITHM_NAMES, type AlgorithmName, ZGridFor } from './algorithms';

/** Parameters of a training job, as sent by the UI or API. Grids default to each algorithm's default grid. */
export const ZTrainJobParams = z
  .object({
    name: z.string().trim().min(1).max(80).default('conversion-response'),
    target: z.literal('converted').default('converted'),
    algorithms: z
      .array(z.object({ name: z.enum(ALGORITHM_NAMES), grid: z.record(z.string(), z.array(z.unknown())).optional() }))
      .min(1)
      .max(ALGORITHM_NAMES.length),
    folds: z.number().int().min(2).max(10).default(3),
    holdoutFraction: z.number().min(0.1).max(0.5).default(0.2),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31)
      .default(42),
    /** features use data strictly before this instant; default: the first exposure's time */
    cutoff: z.iso.datetime().optional(),
    /** customer attributes used as features (names); default: all of the organisation's attributes */
    attributes: z.array(z.string().trim().min(1).max(64)).max(64).optional(),
    /** when exposures name arms: the control arm (default: the arm named like "control" or "No …") */
    controlArm: z.string().trim().min(1).max(128).optional(),
  })
  .superRefine((p, ctx) => {
    p.algorithms.forEach((a, i) => {
      if (!a.grid) return;
      const r = ZGridFor[a.name as AlgorithmName].safeParse(a.grid);
      if (!r.success)
        for (const issue of r.error.issues)
          ctx.addIssue({
            code: 'custom',
            path: ['algorithms', i, 'grid', ...issue.path.map(String)],
            message: issue.message,
          });
    });
  });
export type TrainJobParams = z.infer<typeof ZTrainJobParams>;

/**
 * The model fits a training job asks for: per algorithm, its grid's candidates × folds, plus one refit on all
 * training rows (the T-learner's extra fits for the uplift report are not counted: at most 5 per algorithm).
 */
export function countFits(p: Pick<TrainJobParams, 'algorithms' | 'folds'>): {
  total: number;
  perAlgorithm: { name: AlgorithmName; candidates: number; fits: number }[];
} {
  const perAlgorithm = p.algorithms.map((a) => {
    const grid = (a.grid ?? ALGORITHM_CATALOG[a.name as AlgorithmName].defaultGrid) as Record<string, unknown[]>;
    const candidates = Object.values(grid).reduce((n, values) => n * Math.max(1, values.length), 1);
    return { name: a.name as AlgorithmName, candidates, fits: candidates * p.folds + 1 };
  });
  return { total: perAlgorithm.reduce((s, a) => s + a.fits, 0), perAlgorithm };
}
