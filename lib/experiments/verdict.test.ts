import { describe, expect, it } from 'vitest';
import { verdict } from './verdict';

const c = (name: string, lift: number, lo: number, hi: number, p: number, significant: boolean) => ({
  name,
  lift,
  ci: [lo, hi] as [number, number],
  pValue: p,
  adjustedPValue: p,
  significant,
});

describe('verdict', () => {
  it('states the primary metric win with its interval', () => {
    expect(verdict('Control', [{ key: 'profit', comparisons: [c('10% off', 0.041, 0.012, 0.07, 0.004, true)] }])).toBe(
      '10% off beats Control on profit per user: +4.1% [+1.2%, +7.0%].',
    );
  });
  it('falls back to a secondary metric and says the primary is not yet decided', () => {
    const v = verdict('A', [
      { key: 'conversion', comparisons: [c('B', 0.02, -0.01, 0.05, 0.21, false)] },
      { key: 'discountCost', comparisons: [c('B', -0.3, -0.4, -0.2, 0.0001, true)] },
    ]);
    expect(v).toBe(
      'B beats A on discount cost per user: −30.0% [−40.0%, −20.0%]; no significant difference yet on conversion rate (smallest p = 0.210).',
    );
  });
  it('says when nothing is significant, and warns on sample-ratio mismatch first', () => {
    expect(verdict('A', [{ key: 'conversion', comparisons: [c('B', -0.012, -0.05, 0.03, 0.55, false)] }])).toBe(
      'No significant difference yet on any metric; on conversion rate, B vs A: −1.2% (p = 0.550). Keep collecting data.',
    );
    expect(
      verdict('A', [{ key: 'conversion', comparisons: [c('B', 0.5, 0.4, 0.6, 0, true)] }], { srmMismatch: true }),
    ).toMatch(/^Do not trust/);
  });
});
