/**
 * An audit row's diff in words (pure): "before → after" per changed field, with segment, model and version names
 * instead of ids. Unknown ids are shown as "an unknown …" rather than raw.
 */
export interface NameBook {
  segments: Map<string, string>;
  versions: Map<string, string>;
  models: Map<string, string>;
}

const FIELD_LABELS: Record<string, string> = {
  mode: 'rule',
  discountPct: 'discount',
  defaultDiscountPct: 'everyone else',
  maxDiscountPct: 'maximum discount',
  segments: 'segments',
  excludedSegmentIds: 'excluded segments',
  modelVersionId: 'model',
  levels: 'levels',
  orderValue: 'order value',
  marginPct: 'margin',
  budgetPerOffer: 'budget per offer',
  floorPct: 'smallest chance of each level',
  frequencyCap: 'frequency cap',
  attachToTopCategory: 'on top category',
  rolloutPct: 'rollout',
  holdoutPct: 'holdout',
  baseline: 'others get',
  replacesVersionId: 'replaces',
  restored: 'restored',
  retiredOthers: 'versions retired',
  comment: 'comment',
};

function show(key: string, value: unknown, names: NameBook): string {
  if (value === undefined || value === null) return '—';
  const seg = (id: string) => names.segments.get(id) ?? 'an unknown segment';
  switch (key) {
    case 'segments':
      return (value as { segmentId: string; discountPct: number }[])
        .map((s) => `${seg(s.segmentId)} ${s.discountPct}%`)
        .join(', ');
    case 'excludedSegmentIds':
      return (value as string[]).length ? (value as string[]).map(seg).join(', ') : 'none';
    case 'modelVersionId':
      return names.models.get(value as string) ?? 'an unknown model';
    case 'replacesVersionId':
    case 'restored':
      return names.versions.get(value as string) ?? 'an unknown version';
    case 'frequencyCap': {
      const f = value as { maxOffers: number; perDays: number };
      return `${f.maxOffers} per ${f.perDays} days`;
    }
    case 'baseline':
      return value === 'previous' ? 'the version it replaces' : 'no discount';
    case 'levels':
      return `${(value as number[]).join('/')}%`;
    case 'discountPct':
    case 'defaultDiscountPct':
    case 'maxDiscountPct':
    case 'marginPct':
    case 'floorPct':
    case 'rolloutPct':
    case 'holdoutPct':
      return `${value}%`;
    case 'attachToTopCategory':
      return value ? 'yes' : 'no';
    default:
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

export function describeDiff(diff: unknown, names: NameBook): string[] {
  if (!diff || typeof diff !== 'object') return [];
  const d = diff as Record<string, unknown>;
  const lines: string[] = [];
  if ('after' in d) {
    const before = (d.before ?? {}) as Record<string, unknown>;
    const after = (d.after ?? {}) as Record<string, unknown>;
    for (const k of [...new Set([...Object.keys(before), ...Object.keys(after)])]) {
      if (JSON.stringify(before[k]) === JSON.stringify(after[k])) continue;
      lines.push(
        `${FIELD_LABELS[k] ?? k}: ${k in before ? `${show(k, before[k], names)} → ` : ''}${show(k, after[k], names)}`,
      );
    }
    return lines;
  }
  if ('from' in d && 'to' in d) lines.push(`status: ${String(d.from).toLowerCase()} → ${String(d.to).toLowerCase()}`);
  for (const [k, v] of Object.entries(d)) {
    if (k === 'from' || k === 'to' || k === 'version') continue;
    lines.push(`${FIELD_LABELS[k] ?? k}: ${show(k, v, names)}`);
  }
  return lines;
}
