import { LogisticRegression } from '../ml/logistic-regression';
import { type Matrix, matrix } from '../ml/matrix';
import type { FlatTree } from '../ml/model';
import { permutationImportance } from '../ml/permutation-importance';
import { treeShap } from '../ml/tree-shap';
import type { ModelPipeline } from '../training/pipeline';

/**
 * Explanations of a fitted pipeline (raw input → one-hot → standardise → model), framework-free. Contributions are
 * computed in the model's input space and summed back onto the raw features (a one-hot block adds up to its
 * categorical feature), so they always explain the raw inputs a user sees:
 *   trees (decision tree, forest, GBDT): exact TreeSHAP; output = probability (tree, forest) or log-odds (GBDT);
 *   logistic regression: exact linear contributions coef_j·z_j in log-odds (z standardised, mean 0 in training);
 *   MLP: no exact attribution — use permutation importance and partial dependence.
 */
export interface Contributions {
  method: 'treeshap' | 'linear';
  /** what the contributions add up to (with expectedValue) */
  outputSpace: 'probability' | 'log-odds';
  expectedValue: number;
  /** one per raw feature */
  phi: Float64Array;
  /** expectedValue + Σ phi */
  output: number;
}

interface TreeModelJson {
  kind: string;
  tree?: FlatTree;
  trees?: FlatTree[];
  baseScore?: number;
}

/** Source raw column of every model-input column. */
function sourceColumns(p: ModelPipeline, rawCols: number): number[] {
  return p.encoder.outputLayout(rawCols).map((l) => l.source);
}

function modelInput(p: ModelPipeline, raw: Matrix): Matrix {
  return p.scaler.transform(p.encoder.transform(raw));
}

export function contributions(p: ModelPipeline, rawRow: Float64Array): Contributions | null {
  const raw = matrix(rawRow, 1, rawRow.length);
  const z = modelInput(p, raw);
  const source = sourceColumns(p, rawRow.length);
  const group = (phiModel: Float64Array) => {
    const phi = new Float64Array(rawRow.length);
    phiModel.forEach((v, j) => {
      phi[source[j]] += v;
    });
    return phi;
  };
  const json = p.model.toJSON() as unknown as TreeModelJson;
  if (json.kind === 'gbdt' || json.kind === 'random-forest' || json.kind === 'decision-tree') {
    const trees = json.trees ?? [json.tree!];
    const opts =
      json.kind === 'gbdt'
        ? { base: json.baseScore ?? 0 }
        : json.kind === 'random-forest'
          ? { scale: 1 / trees.length }
          : {};
    // the tree models compare Math.fround(x) <= threshold: feed TreeSHAP the same float32-rounded inputs
    const x = Float64Array.from(z.data, (v) => Math.fround(v));
    const r = treeShap(trees, x, z.cols, opts);
    const phi = group(r.phi);
    return {
      method: 'treeshap',
      outputSpace: json.kind === 'gbdt' ? 'log-odds' : 'probability',
      expectedValue: r.expectedValue,
      phi,
      output: r.expectedValue + phi.reduce((s, v) => s + v, 0),
    };
  }
  if (p.model instanceof LogisticRegression) {
    const coef = p.model.coefficients;
    const phiModel = Float64Array.from(z.data, (v, j) => coef[j] * v);
    const phi = group(phiModel);
    const expectedValue = p.model.intercept;
    return {
      method: 'linear',
      outputSpace: 'log-odds',
      expectedValue,
      phi,
      output: expectedValue + phi.reduce((s, v) => s + v, 0),
    };
  }
  return null;
}

export interface GlobalExplanation {
  featureNames: string[];
  permutation: { feature: string; mean: number; std: number }[];
  baselineAuc: number;
  /** trees and LR: mean |contribution| per feature, and per-row points for the summary (beeswarm) plot */
  meanAbsContribution?: { feature: string; value: number }[];
  summary?: { feature: string; points: { value: number; contribution: number }[] }[];
  /** LR: coefficient of each standardised model input with a 95% interval */
  coefficients?: { input: string; coef: number; lo: number; hi: number }[];
}

export function globalExplanation(
  p: ModelPipeline,
  X: Matrix,
  y: Float64Array,
  featureNames: string[],
  seed = 42,
): GlobalExplanation {
  const pi = permutationImportance((m) => p.predictProba(m), X, y, { nRepeats: 5, seed, metric: 'auc' });
  const out: GlobalExplanation = {
    featureNames,
    baselineAuc: pi.baseline,
    permutation: featureNames
      .map((feature, j) => ({ feature, mean: pi.mean[j], std: pi.std[j] }))
      .sort((a, b) => b.mean - a.mean),
  };
  const rowsForShap = Math.min(X.rows, 300);
  const phis: Float64Array[] = [];
  for (let i = 0; i < rowsForShap; i++) {
    const c = contributions(p, X.data.slice(i * X.cols, (i + 1) * X.cols));
    if (!c) break;
    phis.push(c.phi);
  }
  if (phis.length) {
    out.meanAbsContribution = featureNames
      .map((feature, j) => ({ feature, value: phis.reduce((s, ph) => s + Math.abs(ph[j]), 0) / phis.length }))
      .sort((a, b) => b.value - a.value);
    out.summary = featureNames.map((feature, j) => ({
      feature,
      points: phis.map((ph, i) => ({ value: X.data[i * X.cols + j], contribution: ph[j] })),
    }));
  }
  if (p.model instanceof LogisticRegression) {
    const Z = modelInput(p, X);
    const se = p.model.standardErrors(Z).coef;
    const source = sourceColumns(p, X.cols);
    const layout = p.encoder.outputLayout(X.cols);
    out.coefficients = Array.from(p.model.coefficients, (coef, j) => {
      const l = layout[j];
      const input = l.kind === 'indicator' ? `${featureNames[source[j]]}=${l.category}` : featureNames[source[j]];
      return { input, coef, lo: coef - 1.959963984540054 * se[j], hi: coef + 1.959963984540054 * se[j] };
    });
  }
  return out;
}

/** Partial dependence (mean) and ICE curves (per row) of one raw feature over a grid of its quantiles. */
export function partialDependence(
  p: ModelPipeline,
  X: Matrix,
  feature: number,
  gridSize = 12,
  iceRows = 30,
): { grid: number[]; pdp: number[]; ice: number[][] } {
  const values = Array.from({ length: X.rows }, (_, i) => X.data[i * X.cols + feature]).sort((a, b) => a - b);
  const grid = [
    ...new Set(
      Array.from({ length: gridSize }, (_, g) => values[Math.round((g / (gridSize - 1)) * (values.length - 1))]),
    ),
  ];
  const n = Math.min(X.rows, 400);
  const ice: number[][] = [];
  const pdp = grid.map((v) => {
    const data = X.data.slice(0, n * X.cols);
    for (let i = 0; i < n; i++) data[i * X.cols + feature] = v;
    const pr = p.predictProba(matrix(data, n, X.cols));
    for (let i = 0; i < Math.min(iceRows, n); i++) {
      ice[i] ??= [];
      ice[i].push(pr[i]);
    }
    return pr.reduce((s, x) => s + x, 0) / n;
  });
  return { grid, pdp, ice };
}
