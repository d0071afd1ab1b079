import { describe, expect, it } from 'vitest';
import { evaluatePolicy } from './off-policy';
import { ipsDifference } from './off-policy-difference';

const row = (discountPct: number, converted: 0 | 1, revenue: number) => ({
  discountPct,
  propensity: 0.5,
  converted,
  revenue,
});
// profit per converted row at margin 40%: revenue − list value × 0.6
const log = [row(0, 1, 50), row(10, 1, 45), row(10, 0, 0), row(0, 0, 0), row(10, 1, 90), row(0, 1, 100)];

describe('ipsDifference', () => {
  it('matches a hand computation (numpy/scipy: φ = [−40, 30, 0, 0, 60, −80])', () => {
    const d = ipsDifference({ log, target: () => 10, baseline: () => 0, metric: 'profit', marginPct: 40 });
    expect(d.value).toBeCloseTo(-5, 12);
    expect(d.se).toBeCloseTo(20.289570391377605, 9);
    expect(d.ci[0]).toBeCloseTo(-44.76682722889036, 8);
    expect(d.ci[1]).toBeCloseTo(34.76682722889036, 8);
  });
  it('equals IPS(target) − IPS(baseline) from evaluatePolicy', () => {
    const a = evaluatePolicy({ log, policy: () => 10, marginPct: 40 }).estimates.conversion.ips.value;
    const b = evaluatePolicy({ log, policy: () => 0, marginPct: 40 }).estimates.conversion.ips.value;
    const d = ipsDifference({ log, target: () => 10, baseline: () => 0, metric: 'conversion', marginPct: 40 });
    expect(d.value).toBeCloseTo(a - b, 12);
    expect(() =>
      ipsDifference({ log: [log[0]], target: () => 0, baseline: () => 0, metric: 'profit', marginPct: 40 }),
    ).toThrow(RangeError);
  });
});
