import { describe, expect, it } from 'vitest';
import { bucket } from '../experiments/assignment';
import { describeRollout, newVersionShare, rolloutArm, rolloutSalt } from './rollout-split';

describe('newVersionShare', () => {
  it('is the rollout share when partial, and 1 − holdout when full', () => {
    expect(newVersionShare({ rolloutPct: 50, holdoutPct: 5 })).toBe(0.5);
    expect(newVersionShare({ rolloutPct: 100, holdoutPct: 5 })).toBe(0.95);
    expect(newVersionShare({ rolloutPct: 100, holdoutPct: 0 })).toBe(1);
    expect(() => newVersionShare({ rolloutPct: 0, holdoutPct: 5 })).toThrow(RangeError);
  });
});

describe('rolloutArm', () => {
  it('is deterministic, follows the hash bucket and logs the arm probability', () => {
    const ids = Array.from({ length: 4000 }, (_, i) => `C${i}`);
    const arms = ids.map((c) => rolloutArm('v-abc', c, 0.3));
    expect(ids.map((c) => rolloutArm('v-abc', c, 0.3))).toEqual(arms);
    ids.forEach((c, i) => {
      expect(arms[i].arm).toBe(bucket('rollout:v-abc', c) < 0.3 ? 'new' : 'baseline');
      expect(arms[i].probability).toBe(arms[i].arm === 'new' ? 0.3 : 0.7);
    });
    const share = arms.filter((a) => a.arm === 'new').length / ids.length;
    // binomial sd at n = 4000: √(0.3·0.7/4000) = 0.0072; 4 sd
    expect(Math.abs(share - 0.3)).toBeLessThan(0.029);
  });
  it('splits differently for different versions (independent salts)', () => {
    const ids = Array.from({ length: 2000 }, (_, i) => `C${i}`);
    const a = ids.map((c) => rolloutArm('v1', c, 0.5).arm);
    const b = ids.map((c) => rolloutArm('v2', c, 0.5).arm);
    const agree = a.filter((x, i) => x === b[i]).length / ids.length;
    expect(Math.abs(agree - 0.5)).toBeLessThan(0.05);
  });
});

describe('rolloutSalt', () => {
  it('names the campaign, policy and version', () => {
    expect(rolloutSalt({ campaign: 'Winter', policy: 'Smart', version: 3 })).toBe('Winter/Smart/v3');
  });
});

describe('describeRollout', () => {
  it('states who decides for whom', () => {
    expect(
      describeRollout({ version: 3, rolloutPct: 50, holdoutPct: 5, baseline: 'previous', replacesVersion: 1 }),
    ).toBe('v3 will decide for 50% of customers; v1 keeps the rest.');
    expect(describeRollout({ version: 3, rolloutPct: 50, holdoutPct: 5, baseline: 'none', replacesVersion: 1 })).toBe(
      'v3 will decide for 50% of customers; the rest get no discount.',
    );
    expect(
      describeRollout({ version: 2, rolloutPct: 100, holdoutPct: 5, baseline: 'previous', replacesVersion: 1 }),
    ).toBe('v2 will decide for 95% of customers; a 5% holdout stays as a comparison (v1 keeps the rest).');
  });
});
