/**
 * CSV export of an experiment's results (pure): one row per metric × variant with the variant's customers,
 * mean and sd, and — for treatments — the relative lift, its interval, p-values, chance to beat control and
 * significance, exactly the numbers the results table shows. RFC 4180 quoting; numbers unformatted (full
 * precision, "." decimal) so spreadsheets and scripts read them back exactly.
 */
export interface CsvMetric {
  variants: { name: string; n: number; mean: number; sd: number }[];
  comparisons: {
    name: string;
    lift: number | null;
    ci: [number, number] | null;
    pValue: number;
    adjustedPValue: number;
    chanceToWin: number | null;
    significant: boolean;
  }[];
}

export const CSV_COLUMNS = [
  'metric',
  'variant',
  'is_control',
  'customers',
  'mean',
  'sd',
  'relative_lift',
  'ci_low',
  'ci_high',
  'p_value',
  'adjusted_p_value',
  'chance_to_beat_control',
  'significant',
] as const;

const cell = (v: string | number | boolean | null | undefined): string => {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function resultsCsv(metrics: Record<string, CsvMetric>, opts: { alpha: number; sequential: boolean }): string {
  const lines = [
    `# alpha=${opts.alpha}; p-values ${opts.sequential ? 'always valid (sequential)' : 'fixed horizon'}`,
    CSV_COLUMNS.join(','),
  ];
  for (const [metric, m] of Object.entries(metrics)) {
    m.variants.forEach((v, i) => {
      const c = i === 0 ? null : m.comparisons.find((x) => x.name === v.name);
      lines.push(
        [
          metric,
          v.name,
          i === 0,
          v.n,
          v.mean,
          v.sd,
          c?.lift,
          c?.ci?.[0],
          c?.ci?.[1],
          c?.pValue,
          c?.adjustedPValue,
          c?.chanceToWin,
          c ? c.significant : null,
        ]
          .map(cell)
          .join(','),
      );
    });
  }
  return `${lines.join('\r\n')}\r\n`;
}
