'use client';

import { useMemo } from 'react';
import { useFormat } from '@/components/ui/format-provider';
import { labelWidth, type ValueKind, valueAxisLayout } from '@/lib/format/axis-layout';

/**
 * Recharts axis props from the one axis layout: nice ticks, labels in the organisation's format, and a width
 * measured from the longest label so nothing clips. Spread onto <YAxis {...y} /> or <XAxis {...x} />.
 */
export function useValueAxis(kind: ValueKind, values: number[], opts: { count?: number; zero?: boolean } = {}) {
  const format = useFormat();
  const key = `${kind}|${opts.count}|${opts.zero}|${values.length}|${Math.min(...values)}|${Math.max(...values)}`;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key captures kind, options and the values' range
  return useMemo(() => {
    const a = valueAxisLayout(format, kind, values, opts);
    const label = new Map(a.ticks.map((t, i) => [t, a.labels[i]]));
    return {
      type: 'number' as const,
      domain: a.domain,
      ticks: a.ticks,
      interval: 0 as const,
      width: a.width,
      allowDataOverflow: false,
      tickFormatter: (v: number) => label.get(v) ?? format.number(v),
    };
  }, [format, key]);
}

/** Width for a category axis (horizontal bar charts) so the longest category name shows whole. */
export function categoryAxisWidth(labels: string[]): number {
  return labelWidth(labels, 48, 260);
}

/** Room at the bottom / left for an axis title under or beside the tick labels. */
export const TITLED_MARGIN = { top: 8, right: 32, bottom: 24, left: 8 };

/**
 * A legend above the plot: spread onto <Legend {...TOP_LEGEND} />. The gap keeps the top tick label (drawn half
 * above the plot) clear of the legend's last line when the legend wraps; entries keep the series' order (Recharts
 * sorts them by name otherwise: "10% off" before "5% off").
 */
export const TOP_LEGEND = { verticalAlign: 'top' as const, wrapperStyle: { paddingBottom: 10 }, itemSorter: null };

/** An x-axis title under the tick labels: spread onto <XAxis {...xTitle('score decile')} />. */
export function xTitle(value: string) {
  return { height: 40, label: { value, position: 'insideBottom' as const, offset: -4 } };
}

/** A y-axis title beside tick labels `width` px wide: spread onto <YAxis {...y} {...yTitle(y.width, 'conversion')} />. */
export function yTitle(width: number, value: string) {
  // textAnchor middle: rotated, recharts anchors the text at its start, so a long title ran up out of the plot
  return {
    width: width + 18,
    label: { value, angle: -90, position: 'insideLeft' as const, offset: 4, textAnchor: 'middle' as const },
  };
}

const PALETTE = ['#3b5bdb', '#e8590c', '#2b8a3e', '#ae3ec9', '#1098ad', '#f08c00', '#c2255c', '#5c940d'];
const NAMED: Record<string, string> = {
  'logistic-regression': '#3b5bdb',
  gbdt: '#e8590c',
  'random-forest': '#2b8a3e',
  'decision-tree': '#ae3ec9',
  mlp: '#1098ad',
  control: '#868e96',
};

/** One colour per algorithm, arm or segment everywhere: known names fixed, others by a stable hash of the name. */
export function seriesColor(name: string): string {
  const known = NAMED[name.toLowerCase()];
  if (known) return known;
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return PALETTE[(h >>> 0) % PALETTE.length];
}

/**
 * Colours for series shown together: each name's own colour (seriesColor) unless an earlier name already took it,
 * then the next free palette colour — so two arms never share a colour in one chart.
 */
export function distinctSeriesColors(names: string[]): Record<string, string> {
  const used = new Set<string>();
  const out: Record<string, string> = {};
  for (const n of names) {
    let c = seriesColor(n);
    for (let i = 0; used.has(c) && i < PALETTE.length; i++) c = PALETTE[(PALETTE.indexOf(c) + 1) % PALETTE.length];
    used.add(c);
    out[n] = c;
  }
  return out;
}

/** Series that have at least one finite value: only these get a line and a legend entry. */
export function seriesWithData<T extends Record<string, unknown>>(rows: T[], keys: (keyof T & string)[]): string[] {
  return keys.filter((k) => rows.some((r) => typeof r[k] === 'number' && Number.isFinite(r[k] as number)));
}
