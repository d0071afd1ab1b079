import { describe, expect, it } from 'vitest';
import { describeArm } from './arm-label';

describe('describeArm', () => {
  it('says what each kind of arm offers', () => {
    expect(describeArm({ kind: 'discount', discountPct: 10 })).toBe('10% off');
    expect(describeArm({ kind: 'none', discountPct: 0 })).toBe('no discount');
    expect(describeArm({ kind: 'current-policy', discountPct: null })).toBe('the current policy');
    expect(
      describeArm({
        kind: 'policy-version',
        discountPct: null,
        policyVersion: { version: 2, policy: { name: 'Smart' } },
      }),
    ).toBe('Smart v2');
  });
});
