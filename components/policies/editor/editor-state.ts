import type { PolicyRules } from '@/lib/policies/rules';

/** What the policy editor holds while a manager builds a rule set; `toRules` gives the JSON the API stores. */
export type Mode = PolicyRules['mode'];
export const ALL_LEVELS = [0, 5, 10, 15, 20, 25, 30] as const;

export interface EditorState {
  mode: Mode;
  discountPct: number;
  /** picked segments → their discount */
  segmentDiscounts: Record<string, number>;
  defaultDiscountPct: number;
  modelVersionId: string;
  levels: number[];
  orderValue: number;
  marginPct: number;
  budgetPerOffer: number | null;
  /** contextual mode: smallest chance of each level, in percent */
  floorPct: number;
  maxDiscountPct: number;
  excludedSegmentIds: string[];
  frequencyCap: { maxOffers: number; perDays: number } | null;
  attachToTopCategory: boolean;
}

export function initialEditorState(marginPct: number): EditorState {
  return {
    mode: 'fixed',
    discountPct: 10,
    segmentDiscounts: {},
    defaultDiscountPct: 0,
    modelVersionId: '',
    levels: [0, 5, 10, 15, 20],
    orderValue: 60,
    marginPct,
    budgetPerOffer: null,
    floorPct: 5,
    maxDiscountPct: 20,
    excludedSegmentIds: [],
    frequencyCap: null,
    attachToTopCategory: false,
  };
}

export function toRules(s: EditorState): Record<string, unknown> {
  const common = {
    maxDiscountPct: s.maxDiscountPct,
    excludedSegmentIds: s.excludedSegmentIds,
    attachToTopCategory: s.attachToTopCategory,
    ...(s.frequencyCap ? { frequencyCap: s.frequencyCap } : {}),
  };
  if (s.mode === 'fixed') return { mode: 'fixed', discountPct: s.discountPct, ...common };
  if (s.mode === 'segments')
    return {
      mode: 'segments',
      segments: Object.entries(s.segmentDiscounts).map(([segmentId, discountPct]) => ({ segmentId, discountPct })),
      defaultDiscountPct: s.defaultDiscountPct,
      ...common,
    };
  if (s.mode === 'contextual')
    return {
      mode: 'contextual',
      modelVersionId: s.modelVersionId,
      levels: [...s.levels].sort((a, b) => a - b),
      floorPct: s.floorPct,
      orderValue: s.orderValue,
      marginPct: s.marginPct,
      ...common,
    };
  return {
    mode: 'model-optimal',
    modelVersionId: s.modelVersionId,
    levels: [...s.levels].sort((a, b) => a - b),
    orderValue: s.orderValue,
    marginPct: s.marginPct,
    ...(s.budgetPerOffer ? { budgetPerOffer: s.budgetPerOffer } : {}),
    ...common,
  };
}

/** The editor state of a validated rule set (the advanced JSON view loads through this). */
export function fromRules(r: PolicyRules, base: EditorState): EditorState {
  const s: EditorState = {
    ...base,
    mode: r.mode,
    maxDiscountPct: r.maxDiscountPct,
    excludedSegmentIds: r.excludedSegmentIds,
    attachToTopCategory: r.attachToTopCategory,
    frequencyCap: r.frequencyCap ?? null,
  };
  if (r.mode === 'fixed') s.discountPct = r.discountPct;
  if (r.mode === 'segments') {
    s.segmentDiscounts = Object.fromEntries(r.segments.map((x) => [x.segmentId, x.discountPct]));
    s.defaultDiscountPct = r.defaultDiscountPct;
  }
  if (r.mode === 'model-optimal' || r.mode === 'contextual') {
    s.modelVersionId = r.modelVersionId;
    s.levels = r.levels;
    s.orderValue = r.orderValue;
    s.marginPct = r.marginPct;
  }
  if (r.mode === 'model-optimal') s.budgetPerOffer = r.budgetPerOffer ?? null;
  if (r.mode === 'contextual') s.floorPct = r.floorPct;
  return s;
}

/** What is still missing before the rule set can be saved, in words (empty when complete). */
export function missingPicks(s: EditorState): string[] {
  const out: string[] = [];
  if (s.mode === 'segments' && Object.keys(s.segmentDiscounts).length === 0)
    out.push('Pick at least one segment and its discount.');
  const modelled = s.mode === 'model-optimal' || s.mode === 'contextual';
  if (modelled && !s.modelVersionId) out.push('Pick the model that predicts conversion.');
  if (modelled && s.levels.length < 2) out.push('Tick at least two discount levels.');
  return out;
}
