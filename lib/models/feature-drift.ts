import { z } from 'zod';
import { byCodeUnit } from '../by-code-unit';
import { quantileSorted } from '../datasets/histogram';
import { Rng } from '../ml/rng';

/**
 * Population stability index of each model input between the training data and recent customers.
 * Numeric inputs: the training set's decile edges (k/10 quantiles, linear interpolation; duplicates merged), value x
 * in bin k when edge[k−1] < x ≤ edge[k] (first bin (−∞, edge[0]], last (edge[last], ∞)). Categorical inputs: one bin
 * per code seen in training plus one for every other code. PSI = Σ (a − e) · ln(a / e) over bins, with a share of 0
 * replaced by 1e−4 (a common convention, so an empty bin counts instead of dividing by zero).
 * Reading: < 0.1 stable, 0.1–0.2 watch, > 0.2 drifted.
 */
export const PSI_WATCH = 0.1;
export const PSI_DRIFT = 0.2;
export const PSI_EMPTY_SHARE = 1e-4;

export const ZFeatureDistribution = z.discriminatedUnion('type', [
  z.object({
    name: z.string(),
    type: z.literal('numeric'),
    /** interior bin edges: bins are (−∞, e0], (e0, e1], …, (e_last, ∞) */
    edges: z.array(z.number()),
    shares: z.array(z.number()),
  }),
  z.object({
    name: z.string(),
    type: z.literal('categorical'),
    /** the codes seen in training; a last share holds every other code */
    codes: z.array(z.number()),
    shares: z.array(z.number()),
  }),
]);
export type FeatureDistribution = z.infer<typeof ZFeatureDistribution>;
export const ZTrainingDistribution = z.object({
  version: z.literal(1),
  rows: z.number().int(),
  features: z.array(ZFeatureDistribution),
});
export type TrainingDistribution = z.infer<typeof ZTrainingDistribution>;

export type DriftLevel = 'stable' | 'watch' | 'drift';

export function driftLevel(psi: number): DriftLevel {
  return psi > PSI_DRIFT ? 'drift' : psi > PSI_WATCH ? 'watch' : 'stable';
}

/** Σ (actual − expected) · ln(actual / expected), zero shares replaced by PSI_EMPTY_SHARE. */
export function psi(expected: readonly number[], actual: readonly number[]): number {
  if (expected.length !== actual.length)
    throw new RangeError(`psi: ${expected.length} expected shares but ${actual.length} actual`);
  let s = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = Math.max(expected[i], PSI_EMPTY_SHARE);
    const a = Math.max(actual[i], PSI_EMPTY_SHARE);
    s += (a - e) * Math.log(a / e);
  }
  return s;
}

/** Interior decile edges of `values` (duplicates merged). */
export function decileEdges(values: ArrayLike<number>, bins = 10): number[] {
  if (values.length === 0) return [];
  const sorted = Float64Array.from(values).sort();
  const edges: number[] = [];
  for (let k = 1; k < bins; k++) {
    const q = quantileSorted(sorted, k / bins);
    if (edges.length === 0 || q > edges[edges.length - 1]) edges.push(q);
  }
  return edges;
}

/** Share of `values` in each bin of `edges` (edges.length + 1 bins). */
export function numericShares(values: ArrayLike<number>, edges: readonly number[]): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (let i = 0; i < values.length; i++) {
    let b = 0;
    while (b < edges.length && values[i] > edges[b]) b++;
    counts[b]++;
  }
  return counts.map((c) => (values.length ? c / values.length : 0));
}

/** Share of each code in `codes` plus a last share for every other value. */
export function categoricalShares(values: ArrayLike<number>, codes: readonly number[]): number[] {
  const index = new Map(codes.map((c, i) => [c, i]));
  const counts = new Array<number>(codes.length + 1).fill(0);
  for (let i = 0; i < values.length; i++) counts[index.get(values[i]) ?? codes.length]++;
  return counts.map((c) => (values.length ? c / values.length : 0));
}

/** The distribution of one column of the training data (what is stored with the model version). */
export function describeColumn(
  name: string,
  type: 'numeric' | 'categorical',
  values: ArrayLike<number>,
): FeatureDistribution {
  if (type === 'numeric') {
    const edges = decileEdges(values);
    return { name, type, edges, shares: numericShares(values, edges) };
  }
  const codes = [...new Set(Array.from(values))].sort((a, b) => a - b);
  return { name, type, codes, shares: categoricalShares(values, codes) };
}

export interface FeatureDrift {
  name: string;
  type: 'numeric' | 'categorical';
  psi: number;
  level: DriftLevel;
  /** bin labels with the training and recent shares, for the chart's table */
  bins: { label: string; training: number; recent: number }[];
}

/** PSI of recent values of one feature against its training distribution. */
export function featureDrift(
  train: FeatureDistribution,
  recent: ArrayLike<number>,
  labelOfCode?: (code: number) => string,
): FeatureDrift {
  const shares = train.type === 'numeric' ? numericShares(recent, train.edges) : categoricalShares(recent, train.codes);
  const value = psi(train.shares, shares);
  const fmt = (x: number) => String(Number(x.toPrecision(3)));
  const labels =
    train.type === 'numeric'
      ? train.shares.map((_, b) =>
          train.edges.length === 0
            ? 'all'
            : b === 0
              ? `≤ ${fmt(train.edges[0])}`
              : b === train.edges.length
                ? `> ${fmt(train.edges[b - 1])}`
                : `${fmt(train.edges[b - 1])}–${fmt(train.edges[b])}`,
        )
      : [...train.codes.map((c) => labelOfCode?.(c) ?? String(c)), 'other'];
  return {
    name: train.name,
    type: train.type,
    psi: value,
    level: driftLevel(value),
    bins: labels.map((label, b) => ({ label, training: train.shares[b], recent: shares[b] })),
  };
}

/**
 * Customers whose inputs a drift check compares: all of them up to `max`, else a seeded uniform sample of `max`
 * (the same customers on every call for the same list, in any order). Loading every scored customer's history made
 * the Overview's drift line cost 1.6 s at demo scale 4 and grow with the data; a sample of 2,000 adds about
 * (bins − 1) / 2,000 ≈ 0.005 to the PSI of an input that did not drift, far below the 0.1 "watch" level.
 */
export const DRIFT_SAMPLE_CUSTOMERS = 2000;

export function driftSample(customerIds: readonly string[], max = DRIFT_SAMPLE_CUSTOMERS): string[] {
  if (customerIds.length <= max) return [...customerIds];
  const sorted = [...customerIds].sort(byCodeUnit);
  const order = new Rng(42).shuffle(Int32Array.from(sorted, (_, i) => i));
  return Array.from(order.subarray(0, max), (i) => sorted[i]);
}
