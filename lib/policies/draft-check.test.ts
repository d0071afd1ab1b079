import { describe, expect, it } from 'vitest';
import { checkDraftRules } from './draft-check';

const known = { segmentIds: ['s1', 's2'], modelVersionIds: ['m1'] };

describe('checkDraftRules', () => {
  it('refuses the old JSON template with placeholder ids, naming the field', () => {
    const r = checkDraftRules(
      { mode: 'segments', segments: [{ segmentId: '<segment id>', discountPct: 10 }], excludedSegmentIds: [] },
      known,
    );
    expect(r.issues).toEqual([{ path: 'segments.0.segmentId', message: 'unknown segment "<segment id>"' }]);
    const m = checkDraftRules(
      { mode: 'model-optimal', modelVersionId: '<model version id>', orderValue: 60, marginPct: 40 },
      known,
    );
    expect(m.issues).toEqual([{ path: 'modelVersionId', message: 'unknown model version "<model version id>"' }]);
  });
  it('accepts known ids and applies the schema defaults', () => {
    const r = checkDraftRules(
      { mode: 'segments', segments: [{ segmentId: 's2', discountPct: 15 }], excludedSegmentIds: ['s1'] },
      known,
    );
    expect(r.issues).toEqual([]);
    expect(r.rules).toMatchObject({ mode: 'segments', defaultDiscountPct: 0, maxDiscountPct: 30 });
  });
  it('reports schema errors, duplicates, unknown exclusions and levels without 0%', () => {
    expect(checkDraftRules({ mode: 'fixed', discountPct: 120 }, known).issues).toEqual([
      { path: 'discountPct', message: 'Too big: expected number to be <=90' },
    ]);
    const r = checkDraftRules(
      {
        mode: 'segments',
        segments: [
          { segmentId: 's1', discountPct: 5 },
          { segmentId: 's1', discountPct: 10 },
        ],
        excludedSegmentIds: ['zz'],
      },
      known,
    );
    expect(r.issues.map((i) => i.path)).toEqual(['segments.1.segmentId', 'excludedSegmentIds.0']);
    const m = checkDraftRules(
      { mode: 'model-optimal', modelVersionId: 'm1', levels: [5, 10], orderValue: 60, marginPct: 40 },
      known,
    );
    expect(m.issues).toEqual([
      { path: 'levels', message: 'include 0% so customers who do not need a discount get none' },
    ]);
  });
});
