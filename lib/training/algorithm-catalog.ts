/**
 * What the UI shows about each training algorithm: its label and default hyper-parameter grid. Plain data
 * (no model code), so client components can import it; lib/training/algorithms.ts adds the factories.
 */
export const ALGORITHM_CATALOG = {
  'logistic-regression': { label: 'Logistic regression (L2, L-BFGS)', defaultGrid: { l2: [0.1, 1, 10] } },
  mlp: { label: 'Neural network (MLP, ReLU, Adam)', defaultGrid: { hidden: [[16]], learningRate: [0.003] } },
} as const satisfies Record<string, { label: string; defaultGrid: Record<string, unknown[]> }>;

export type AlgorithmName = keyof typeof ALGORITHM_CATALOG;
export const ALGORITHM_NAMES = Object.keys(ALGORITHM_CATALOG) as [AlgorithmName, ...AlgorithmName[]];
