/**
 * Pure summaries of a segmentation: per-segment feature means against the overall means, and the observed
 * conversion rate of each segment at each discount level with a Wilson 95% interval.
 */
export interface ProfileRow {
  feature: string;
  segmentMean: number;
  overallMean: number;
  /** segmentMean / overallMean (1 = like everyone) */
  ratio: number | null;
}

export function featureProfile(rows: Float64Array[], members: number[], featureNames: readonly string[]): ProfileRow[] {
  return featureNames.map((feature, j) => {
    const mean = (idx: Iterable<number>) => {
      let s = 0,
        n = 0;
      for (const i of idx) {
        const v = rows[i][j];
        if (!Number.isNaN(v)) {
          s += v;
          n++;
        }
      }
      return n ? s / n : NaN;
    };
    const overallMean = mean(rows.keys());
    const segmentMean = mean(members);
    return {
      feature,
      segmentMean,
      overallMean,
      ratio: overallMean !== 0 && Number.isFinite(overallMean) ? segmentMean / overallMean : null,
    };
  });
}

/** Wilson score interval for a binomial proportion (z = 1.96 by default). */
export function wilson(successes: number, n: number, z = 1.959963984540054): [number, number] {
  if (n === 0) return [0, 1];
  const p = successes / n;
  const denom = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denom;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

export interface ResponseRow {
  discountPct: number;
  exposures: number;
  conversions: number;
  rate: number;
  ci: [number, number];
}

export function responseByDiscount(exposures: { discountPct: number; converted: boolean }[]): ResponseRow[] {
  const by = new Map<number, { n: number; c: number }>();
  for (const e of exposures) {
    const a = by.get(e.discountPct) ?? { n: 0, c: 0 };
    a.n++;
    if (e.converted) a.c++;
    by.set(e.discountPct, a);
  }
  return [...by.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([discountPct, { n, c }]) => ({ discountPct, exposures: n, conversions: c, rate: c / n, ci: wilson(c, n) }));
}
