import { z } from 'zod';
import { DecisionTreeClassifier } from '../ml/decision-tree';
import { GradientBoostingClassifier } from '../ml/gbdt';
import { LogisticRegression } from '../ml/logistic-regression';
import { MLPClassifier } from '../ml/mlp';
import type { BinaryClassifier, SerializedModel } from '../ml/model';
import { RandomForestClassifier } from '../ml/random-forest';

/**
 * The algorithms a training job can use: a label, a factory from hyper-parameters, the allowed values of each
 * hyper-parameter (validated with zod), and a default grid searched by cross-validation.
 */
import { ALGORITHM_CATALOG, ALGORITHM_NAMES, type AlgorithmName } from './algorithm-catalog';

export { ALGORITHM_NAMES, type AlgorithmName };

const GRID_SCHEMAS = {
  'logistic-regression': z.object({ l2: z.array(z.number().min(0).max(1e6)).min(1).max(8) }).strict(),
  mlp: z
    .object({
      hidden: z
        .array(z.array(z.number().int().min(1).max(256)).min(1).max(3))
        .min(1)
        .max(4),
      learningRate: z.array(z.number().positive().max(1)).min(1).max(4),
      l2: z.array(z.number().min(0).max(1)).min(1).max(4).optional(),
    })
    .strict(),
  'decision-tree': z
    .object({
      maxDepth: z.array(z.number().int().min(1).max(20)).min(1).max(5),
      minSamplesLeaf: z.array(z.number().int().min(1).max(10_000)).min(1).max(4).optional(),
    })
    .strict(),
  'random-forest': z
    .object({
      nEstimators: z.array(z.number().int().min(1).max(500)).min(1).max(3),
      maxDepth: z.array(z.number().int().min(1).max(20)).min(1).max(4),
      minSamplesLeaf: z.array(z.number().int().min(1).max(10_000)).min(1).max(4).optional(),
    })
    .strict(),
  gbdt: z
    .object({
      learningRate: z.array(z.number().positive().max(1)).min(1).max(4),
      maxLeaves: z.array(z.number().int().min(2).max(255)).min(1).max(4),
      nEstimators: z.array(z.number().int().min(1).max(2000)).min(1).max(3),
      minSamplesLeaf: z.array(z.number().int().min(1).max(10_000)).min(1).max(4).optional(),
    })
    .strict(),
} satisfies Record<AlgorithmName, z.ZodType>;

export interface AlgorithmSpec {
  label: string;
  defaultGrid: Readonly<Record<string, readonly unknown[]>>;
  create: (params: Record<string, unknown>, seed: number) => BinaryClassifier;
}

export const ALGORITHMS: Record<AlgorithmName, AlgorithmSpec> = {
  'logistic-regression': {
    ...ALGORITHM_CATALOG['logistic-regression'],
    create: (p) => new LogisticRegression({ l2: p.l2 as number }),
  },
  mlp: {
    ...ALGORITHM_CATALOG.mlp,
    create: (p, seed) =>
      new MLPClassifier({
        hidden: p.hidden as number[],
        learningRate: p.learningRate as number,
        l2: (p.l2 as number | undefined) ?? 1e-4,
        maxEpochs: 60,
        patience: 6,
        seed,
      }),
  },
  'decision-tree': {
    ...ALGORITHM_CATALOG['decision-tree'],
    create: (p, seed) =>
      new DecisionTreeClassifier({
        maxDepth: p.maxDepth as number,
        minSamplesLeaf: (p.minSamplesLeaf as number | undefined) ?? 20,
        seed,
      }),
  },
  'random-forest': {
    ...ALGORITHM_CATALOG['random-forest'],
    create: (p, seed) =>
      new RandomForestClassifier({
        nEstimators: p.nEstimators as number,
        maxDepth: p.maxDepth as number,
        minSamplesLeaf: (p.minSamplesLeaf as number | undefined) ?? 10,
        seed,
      }),
  },
  gbdt: {
    ...ALGORITHM_CATALOG.gbdt,
    create: (p, seed) =>
      new GradientBoostingClassifier({
        learningRate: p.learningRate as number,
        maxLeaves: p.maxLeaves as number,
        nEstimators: p.nEstimators as number,
        minSamplesLeaf: (p.minSamplesLeaf as number | undefined) ?? 20,
        validationFraction: 0.1,
        patience: 20,
        seed,
      }),
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
    case 'decision-tree':
      return DecisionTreeClassifier.fromJSON(json);
    case 'random-forest':
      return RandomForestClassifier.fromJSON(json);
    case 'gbdt':
      return GradientBoostingClassifier.fromJSON(json);
    default:
      throw new TypeError(`cannot load a model of kind ${json.kind}`);
  }
}
