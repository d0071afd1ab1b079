import type { PolicyVersionRow } from '@/lib/client/hooks/use-policies';
import type { NumberFormat } from '@/lib/format/number-format';

/** A rule set in words, with segment names instead of ids. */
export function describeRules(r: PolicyVersionRow['rules'], names: Map<string, string>, f: NumberFormat): string {
  const name = (id: string) => names.get(id) ?? 'a deleted segment';
  const freq = r.frequencyCap as { maxOffers: number; perDays: number } | undefined;
  const excluded = (r.excludedSegmentIds as string[] | undefined) ?? [];
  const extra = [
    `never above ${r.maxDiscountPct}%`,
    ...(excluded.length ? [`excluding ${excluded.map(name).join(', ')}`] : []),
    ...(freq ? [`at most ${freq.maxOffers} per ${freq.perDays} days`] : []),
    ...(r.attachToTopCategory ? ['on the top recommended category'] : []),
  ].join('; ');
  if (r.mode === 'fixed') return `${r.discountPct}% for everyone (${extra})`;
  if (r.mode === 'segments') {
    const segs = (r.segments as { segmentId: string; discountPct: number }[])
      .map((s) => `${name(s.segmentId)} ${s.discountPct}%`)
      .join(', ');
    return `${segs}; everyone else ${r.defaultDiscountPct}% (${extra})`;
  }
  if (r.mode === 'contextual')
    return `contextual bandit over ${(r.levels as number[]).join('/')}%: each customer's level drawn by Thompson sampling from the model's uncertainty, every level at least ${r.floorPct}% likely (order value ${f.money(r.orderValue as number)}, margin ${r.marginPct}%; ${extra})`;
  const budget = r.budgetPerOffer ? `, budget ${f.money(r.budgetPerOffer as number)} per offer` : '';
  return `model-optimal over ${(r.levels as number[]).join('/')}% (order value ${f.money(r.orderValue as number)}, margin ${r.marginPct}%${budget}; ${extra})`;
}
