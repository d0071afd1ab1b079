import { describe, expect, it } from 'vitest';
import { describeDiff } from './audit-diff';

const names = {
  segments: new Map([
    ['s1', 'Bargain hunters'],
    ['s2', 'Premium'],
  ]),
  versions: new Map([['v1', 'Smart v1']]),
  models: new Map([['m1', 'Response model v2']]),
};

describe('describeDiff', () => {
  it('shows a draft as before → after per changed field, with names instead of ids', () => {
    const lines = describeDiff(
      {
        version: 2,
        before: { mode: 'fixed', discountPct: 10, maxDiscountPct: 20, excludedSegmentIds: [] },
        after: {
          mode: 'segments',
          segments: [{ segmentId: 's1', discountPct: 15 }],
          maxDiscountPct: 20,
          excludedSegmentIds: ['s2', 'zz'],
        },
      },
      names,
    );
    expect(lines).toEqual([
      'rule: fixed → segments',
      'discount: 10% → —',
      'excluded segments: none → Premium, an unknown segment',
      'segments: Bargain hunters 15%',
    ]);
  });
  it('shows a rollout with its share, holdout, baseline and the replaced version by name', () => {
    expect(
      describeDiff(
        {
          from: 'APPROVED',
          to: 'ACTIVE',
          rolloutPct: 50,
          holdoutPct: 5,
          baseline: 'previous',
          replacesVersionId: 'v1',
        },
        names,
      ),
    ).toEqual([
      'status: approved → active',
      'rollout: 50%',
      'holdout: 5%',
      'others get: the version it replaces',
      'replaces: Smart v1',
    ]);
    expect(describeDiff({ after: { modelVersionId: 'm1' } }, names)).toEqual(['model: Response model v2']);
  });
});
