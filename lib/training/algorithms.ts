import { z } from 'zod';
import { LogisticRegression } from '../ml/logistic-regression';
import { MLPClassifier } from '../ml/mlp';
import type { BinaryClassifier, SerializedModel } from '../ml/model';

/**
 * The algorithms a training job can use: a label, a factory from hyper-parameters, the allowed values of each
 * hyper-parameter (validated with zod), and a default grid searched by cross-validation.
 */
export const ALGORITHM_NAMES = ['logistic-regression', 'mlp'] as const;
export type AlgorithmName = (typeof ALGORITHM_NAMES)[number];

const GRID_SCHEMAS = {
  'logistic-regression': z.object({ l2: z.array(z.number().min(0).max(1e6)).min(1).max(8) }).strict(),
  mlp: z
    .object({
      hidden: z.array(z.array(z.number().int().min(1).max(256)).min(1).max(3)).min(1).max(4),
      learningRate: z.array(z.number().positive().max(1)).min(1).max(4),
      l2: z.array(z.number().min(0).max(1)).min(1).max(4).optional(),
    })
    .strict(),
} satisfies Record<AlgorithmName, z.ZodType>;

export interface AlgorithmSpec {
  label: string;
  defaultGrid: Record<string, unknown[]>;
  create: (params: Record<string, unknown>, seed: number) => BinaryClassifier;
}

export const ALGORITHMS: Record<AlgorithmName, AlgorithmSpec> = {
  'logistic-regression': {
    label: 'Logistic regression (L2, L-BFGS)',
    defaultGrid: { l2: [0.1, 1, 10] },
    create: (p) => new LogisticRegression({ l2: p.l2 as number }),
  },
  mlp: {
    label: 'Neural network (MLP, ReLU, Adam)',
    defaultGrid: { hidden: [[16]], learningRate: [0.003] },
    create: (p, seed) => new MLPClassifier({ hidden: p.hidden as number[], learningRate: p.learningRate as number, l2: (p.l2 as number | undefined) ?? 1e-4, maxEpochs: 60, patience: 6, seed }),
  },
};

export function parseGrid(name: AlgorithmName, grid: unknown): Record<string, unknown[]> {
  return GRID_SCHEMAS[name].parse(grid) as Record<string, unknown[]>;
}

export const ZGridFor = GRID_SCHEMAS;

/** Rebuilds a fitted model from its toJSON(), dispatching on `kind`. */
export function loadModel(json: SerializedModel): BinaryClassifier {
  switch (json.kind) {
    case 'logistic-regression':
      return LogisticRegression.fromJSON(json);
    case 'mlp':
      return MLPClassifier.fromJSON(json);
    default:
      throw new TypeError(`cannot load a model of kind ${json.kind}`);
  }
}
