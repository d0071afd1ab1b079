/**
 * What the UI shows about each training algorithm: its label and default hyper-parameter grid. Plain data
 * (no model code), so client components can import it; lib/training/algorithms.ts adds the factories.
 */
export const ALGORITHM_CATALOG = {
  'logistic-regression': { label: 'Logistic regression (L2, L-BFGS)', defaultGrid: { l2: [0.1, 1, 10] } },
  mlp: { label: 'Neural network (MLP, ReLU, Adam)', defaultGrid: { hidden: [[16]], learningRate: [0.003] } },
  'decision-tree': { label: 'Decision tree (CART)', defaultGrid: { maxDepth: [3, 5], minSamplesLeaf: [20] } },
  'random-forest': {
    label: 'Random forest',
    defaultGrid: { nEstimators: [100], maxDepth: [6, 10], minSamplesLeaf: [10] },
  },
  gbdt: {
    label: 'Gradient-boosted trees (histogram)',
    defaultGrid: { learningRate: [0.05], maxLeaves: [15, 31], nEstimators: [300] },
  },
} as const satisfies Record<string, { label: string; defaultGrid: Record<string, unknown[]> }>;

export type AlgorithmName = keyof typeof ALGORITHM_CATALOG;
export const ALGORITHM_NAMES = Object.keys(ALGORITHM_CATALOG) as [AlgorithmName, ...AlgorithmName[]];
