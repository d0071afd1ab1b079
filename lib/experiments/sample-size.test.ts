import { describe, expect, it } from 'vitest';
import { daysToDecision, powerAt, sampleSize } from './sample-size';

/*
 * References (scipy 1.17):
 *   z = stats.norm.ppf(1 - a/(arms-1)/2) + stats.norm.ppf(power)
 *   n = z**2 * (vB + vA*(1+d)**2) / (p*p*d*d)
 *   p=0.1, d=0.1 → 16231.483290633912;  p=0.05, d=0.05 → 128234.99709979538;  p=0.1, d=0.1, 3 arms →
 *   19656.41598906704;  mean 12.5, var 900, d=0.05 → 38021.22925394448;  d=-0.1 → 8182.9280558429855
 * Monte Carlo (numpy default_rng(1), 20,000 experiments of 16,232 per arm, p 0.10 vs 0.11, the relative
 * Welch t-test of analyze()): rejection rate 0.81975 — the planned size reaches the 80 % power it promises.
 */
describe('sampleSize', () => {
  it('conversion 10 % → +10 %: 16,232 per arm at α 0.05, power 0.8', () => {
    const plan = sampleSize({ metric: 'binomial', baselineMean: 0.1, mde: 0.1, dailyTraffic: 1000 });
    expect(plan).toEqual({ perArm: 16232, total: 32464, days: 33, alpha: 0.05, power: 0.8, arms: 2 });
  });

  it('smaller effects need quadratically more; 3 arms use Bonferroni α/2', () => {
    expect(sampleSize({ metric: 'binomial', baselineMean: 0.05, mde: 0.05 }).perArm).toBe(128235);
    const three = sampleSize({ metric: 'binomial', baselineMean: 0.1, mde: 0.1, arms: 3, dailyTraffic: 500 });
    expect(three.perArm).toBe(19657);
    expect(three.days).toBe(Math.ceil((19657 * 3) / 500));
  });

  it('profit per customer from its mean and variance, either sign of the MDE', () => {
    expect(sampleSize({ metric: 'mean', baselineMean: 12.5, variance: 900, mde: 0.05 }).perArm).toBe(38022);
    expect(sampleSize({ metric: 'mean', baselineMean: 12.5, variance: 900, mde: -0.1 }).perArm).toBe(8183);
  });

  it('power at the planned size is the requested power', () => {
    const input = { metric: 'binomial', baselineMean: 0.1, mde: 0.1 } as const;
    expect(powerAt(input, 16232)).toBeCloseTo(0.8000124838725, 8);
  });

  it('rejects impossible plans', () => {
    expect(() => sampleSize({ metric: 'binomial', baselineMean: 0.6, mde: 0.8 })).toThrow(RangeError);
    expect(() => sampleSize({ metric: 'mean', baselineMean: 0, variance: 1, mde: 0.1 })).toThrow(RangeError);
    expect(() => sampleSize({ metric: 'mean', baselineMean: 1, mde: 0.1 })).toThrow(RangeError);
    expect(() => sampleSize({ metric: 'binomial', baselineMean: 0.1, mde: 0 })).toThrow(RangeError);
    expect(() => sampleSize({ metric: 'binomial', baselineMean: 0.1, mde: 0.1, arms: 1 })).toThrow(RangeError);
  });
});

describe('daysToDecision', () => {
  const base = { metric: 'binomial', baselineMean: 0.1, mde: 0.1 } as const;
  it('remaining customers at the observed enrolment rate', () => {
    // 32,464 needed, 10,000 enrolled in 5 days (2,000/day) → 22,464 left → 11.232 → 12 days
    expect(daysToDecision({ ...base, enrolled: 10000, daysRunning: 5 })).toMatchObject({ remaining: 22464, days: 12 });
  });
  it('0 days once enough customers; null before anyone enrolled', () => {
    expect(daysToDecision({ ...base, enrolled: 40000, daysRunning: 9 }).days).toBe(0);
    expect(daysToDecision({ ...base, enrolled: 0, daysRunning: 1 }).days).toBeNull();
  });
});
