/**
 * Plain-language verdict of an experiment from its analysed metrics (pure). It names the metric in order of
 * importance (primary first), the best significant treatment, and its relative lift with its interval:
 *   "10% off beats Control on profit per user: +4.1% [1.2%, 7.0%]".
 */
export interface MetricComparison {
  name: string;
  lift: number | null;
  ci: [number, number] | null;
  pValue: number;
  adjustedPValue: number;
  significant: boolean;
}

export const METRIC_LABELS: Record<string, string> = {
  conversion: 'conversion rate',
  revenue: 'revenue per user',
  discountCost: 'discount cost per user',
  profit: 'profit per user',
};

const pct = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(1)}%`;

export function verdict(
  control: string,
  metrics: { key: string; comparisons: MetricComparison[] }[],
  opts: { srmMismatch?: boolean } = {},
): string {
  if (opts.srmMismatch)
    return 'Do not trust these results yet: the traffic split does not match the intended weights (sample-ratio mismatch).';
  const primary = metrics[0];
  for (const m of metrics) {
    const sig = m.comparisons.filter((c) => c.significant && c.lift !== null && c.ci !== null);
    if (sig.length === 0) continue;
    const best = sig.reduce((a, b) => (b.lift! > a.lift! ? b : a));
    const direction = (m.key === 'discountCost' ? best.lift! < 0 : best.lift! > 0) ? 'beats' : 'loses to';
    const what = `${best.name} ${direction} ${control} on ${METRIC_LABELS[m.key] ?? m.key}: ${pct(best.lift!)} [${pct(best.ci![0])}, ${pct(best.ci![1])}]`;
    if (m === primary) return `${what}.`;
    const p = primary.comparisons.reduce((a, b) => (b.pValue < a.pValue ? b : a));
    return `${what}; no significant difference yet on ${METRIC_LABELS[primary.key] ?? primary.key} (smallest p = ${p.pValue.toFixed(3)}).`;
  }
  const p = primary.comparisons.reduce((a, b) => (b.pValue < a.pValue ? b : a));
  return `No significant difference yet on any metric; on ${METRIC_LABELS[primary.key] ?? primary.key}, ${p.name} vs ${control}: ${p.lift === null ? 'n/a' : pct(p.lift)} (p = ${p.pValue.toFixed(3)}). Keep collecting data.`;
}
