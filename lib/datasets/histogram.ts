/**
 * Histograms that fit the data (pure): a column of few whole numbers (0/1 flags, quantities, day counts) gets one
 * bar per value; a heavy-tailed column (prices, spend, dwell) gets log-spaced bins when every value is positive,
 * else bins up to the 99th percentile with the values beyond summarised; anything else 20 equal-width bins with
 * edges on whole numbers when the values are whole. `scale` says which was chosen, so the chart can say so.
 */
export interface HistogramBin {
  x0: number;
  x1: number;
  count: number;
  /** what the bar is called on the axis: "3", "10–19", "0.25–0.5" */
  label?: string;
}

export interface FittedHistogram {
  scale: 'values' | 'linear' | 'log' | 'clipped';
  bins: HistogramBin[];
  /** values above the last bin (clipped scale only) */
  outliers?: { count: number; above: number; max: number };
}

const MAX_VALUE_BARS = 20;
const BINS = 20;

const r6 = (x: number) => Math.round(x * 1e6) / 1e6;
/** Bin edges on the axis: three significant figures (69.6585 → 69.7, 431.2505 → 431), whole numbers as they are. */
const fmt = (x: number) => (Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(3))));

/** Linear-interpolated quantile of sorted values (numpy's default). */
export function quantileSorted(sorted: Float64Array, q: number): number {
  const pos = (sorted.length - 1) * q;
  const i = Math.floor(pos);
  const frac = pos - i;
  return i + 1 < sorted.length ? sorted[i] + frac * (sorted[i + 1] - sorted[i]) : sorted[i];
}

/** Equal-width bins over [lo, hi]; for whole numbers the width is whole and x1 is the last value in the bin. */
function equalBins(sorted: Float64Array, lo: number, hi: number, integers: boolean): HistogramBin[] {
  const width = integers ? Math.max(1, Math.ceil((hi - lo + 1) / BINS)) : hi > lo ? (hi - lo) / BINS : 1;
  const count = integers ? Math.ceil((hi - lo + 1) / width) : hi > lo ? BINS : 1;
  const bins: HistogramBin[] = Array.from({ length: count }, (_, b) => {
    const x0 = lo + b * width;
    const x1 = integers ? x0 + width - 1 : b === count - 1 ? hi : x0 + width;
    const label = integers && width === 1 ? fmt(x0) : `${fmt(x0)}–${fmt(x1)}`;
    return { x0: r6(x0), x1: r6(x1), count: 0, label };
  });
  for (const x of sorted) {
    if (x > hi) break;
    bins[Math.min(count - 1, Math.floor((x - lo) / width))].count++;
  }
  return bins;
}

export function fitHistogram(values: Float64Array): FittedHistogram | null {
  // one exact-size copy (TypedArray filter collects into a JS array first, then copies)
  let n = 0;
  for (const x of values) if (Number.isFinite(x)) n++;
  if (n === 0) return null;
  const sorted = new Float64Array(n);
  let k = 0;
  for (const x of values) if (Number.isFinite(x)) sorted[k++] = x;
  sorted.sort();
  const min = sorted[0];
  const max = sorted[sorted.length - 1];
  const integers = sorted.every((x) => Number.isInteger(x));

  if (integers) {
    const distinct = new Map<number, number>();
    for (const x of sorted) {
      distinct.set(x, (distinct.get(x) ?? 0) + 1);
      if (distinct.size > MAX_VALUE_BARS) break;
    }
    if (distinct.size <= MAX_VALUE_BARS && max - min < 2 * MAX_VALUE_BARS) {
      return {
        scale: 'values',
        bins: [...distinct].map(([v, count]) => ({ x0: v, x1: v, count, label: fmt(v) })),
      };
    }
  }

  const p99 = quantileSorted(sorted, 0.99);
  // heavy tail: the top 1 % would stretch the axis to more than twice the width of the other 99 %
  const heavy = max - min > 2 * (p99 - min) && p99 > min;
  if (heavy && min > 0) {
    const l0 = Math.log10(min);
    const l1 = Math.log10(max);
    const step = (l1 - l0) / BINS;
    const bins: HistogramBin[] = Array.from({ length: BINS }, (_, b) => {
      const x0 = 10 ** (l0 + b * step);
      const x1 = b === BINS - 1 ? max : 10 ** (l0 + (b + 1) * step);
      return {
        x0: r6(x0),
        x1: r6(x1),
        count: 0,
        label: `${fmt(Number(x0.toPrecision(2)))}–${fmt(Number(x1.toPrecision(2)))}`,
      };
    });
    for (const x of sorted) bins[Math.min(BINS - 1, Math.floor((Math.log10(x) - l0) / step))].count++;
    return { scale: 'log', bins };
  }
  if (heavy) {
    const hi = integers ? Math.ceil(p99) : p99;
    let above = 0;
    for (let i = sorted.length - 1; i >= 0 && sorted[i] > hi; i--) above++;
    return {
      scale: 'clipped',
      bins: equalBins(sorted, min, hi, integers),
      outliers: { count: above, above: r6(hi), max },
    };
  }
  return { scale: 'linear', bins: equalBins(sorted, min, max, integers) };
}
