import type { NumberFormat } from './number-format';
import { niceTicks } from './ticks';

/**
 * Axis layout for charts, computed before drawing so labels never clip: nice ticks over the data's range, their
 * labels formatted for the organisation, and the axis width measured from the longest label. Framework-free (the
 * Recharts props are built from this in components/charts).
 */
export type ValueKind = 'number' | 'integer' | 'money' | 'share' | 'probability' | 'compact';

/** Average glyph advance of the 14 px tick font, px ("remove_from_cart" needs about 136 px on the dashboard). */
export const TICK_CHAR_PX = 8.6;
const AXIS_PADDING_PX = 16;

/**
 * Decimal places that show a tick step exactly: 0.025 → 3, 2.5 → 1, 50 → 0 (so neighbouring ticks never print the
 * same or a rounded label: 2.5% steps are not "3%, 5%, 8%").
 */
export function stepDecimals(step: number): number {
  for (let d = 0; d < 8; d++) {
    const scaled = step * 10 ** d;
    if (Math.abs(scaled - Math.round(scaled)) < 1e-9 * Math.max(1, scaled)) return d;
  }
  return 8;
}

export function formatValue(format: NumberFormat, kind: ValueKind, v: number, step?: number): string {
  switch (kind) {
    case 'integer':
      return format.number(v, 0);
    case 'money':
      // whole currency units when the steps are whole, else the currency's cents
      return format.money(v, { digits: step !== undefined && stepDecimals(step) === 0 ? 0 : 2 });
    case 'share':
      return format.pct(v, { digits: step !== undefined ? Math.min(4, stepDecimals(step * 100)) : 1 });
    case 'probability':
      return format.number(v, 2);
    case 'compact':
      return format.compact(v);
    default:
      return format.number(v, step !== undefined ? Math.min(6, stepDecimals(step)) : 2);
  }
}

/** Width in px an axis needs for these labels. */
export function labelWidth(labels: string[], min = 32, max = 240): number {
  const longest = labels.reduce((m, l) => Math.max(m, l.length), 0);
  return Math.min(max, Math.max(min, Math.ceil(longest * TICK_CHAR_PX + AXIS_PADDING_PX)));
}

export interface ValueAxisLayout {
  domain: [number, number];
  ticks: number[];
  labels: string[];
  width: number;
}

/**
 * Ticks for values in [lo, hi] (a probability axis is pinned to [0, 1]; `zero` includes 0, as bars need).
 */
export function valueAxisLayout(
  format: NumberFormat,
  kind: ValueKind,
  values: number[],
  opts: { count?: number; zero?: boolean } = {},
): ValueAxisLayout {
  const finite = values.filter(Number.isFinite);
  let lo = finite.length ? Math.min(...finite) : 0;
  let hi = finite.length ? Math.max(...finite) : 1;
  if (kind === 'probability') {
    lo = 0;
    hi = 1;
  }
  if (opts.zero) {
    lo = Math.min(lo, 0);
    hi = Math.max(hi, 0);
  }
  const scale = niceTicks(lo, hi, opts.count ?? (kind === 'probability' ? 4 : 5));
  const ticks = kind === 'integer' ? scale.ticks.filter((t) => Number.isInteger(t)) : scale.ticks;
  const labels = ticks.map((t) => formatValue(format, kind, t, scale.step));
  return { domain: [scale.min, scale.max], ticks, labels, width: labelWidth(labels) };
}
