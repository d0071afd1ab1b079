import { describe, expect, it } from 'vitest';
import { createNumberFormat } from '../format/number-format';
import { effectOfMeans, profitVerdict } from './profit-verdict';

const eur = createNumberFormat({ locale: 'en-GB', currency: 'EUR' });

describe('effectOfMeans', () => {
  it('gives the difference with a normal interval (scipy: norm.ppf(0.975)·√(0.1² + 0.12²))', () => {
    const e = effectOfMeans({ mean: 2.35, se: 0.1 }, { mean: 2.09, se: 0.12 });
    expect(e.diff).toBeCloseTo(-0.26, 12);
    expect(e.ci[0]).toBeCloseTo(-0.5661561615008535, 9);
    expect(e.ci[1]).toBeCloseTo(0.04615616150085344, 9);
  });
  it('uses alpha (90% interval half-width 0.116308715 for se 0.05 each)', () => {
    const e = effectOfMeans({ mean: 1, se: 0.05 }, { mean: 1, se: 0.05 }, 0.1);
    expect(e.ci[1]).toBeCloseTo(0.11630871536766739, 9);
    expect(() => effectOfMeans({ mean: 1, se: 0 }, { mean: 1, se: 0 }, 1)).toThrow(RangeError);
  });
});

const eff = (control: number, treatment: number, lo: number, hi: number) => ({
  control,
  treatment,
  diff: treatment - control,
  ci: [lo, hi] as [number, number],
});

describe('profitVerdict', () => {
  it('states the trade-off when conversion rises but profit falls', () => {
    const v = profitVerdict({
      treatment: '10% off',
      control: 'Control',
      profit: eff(2.35, 2.0915, -0.4, -0.1),
      conversion: eff(0.1, 0.1291, 0.02, 0.04),
      format: eur,
    });
    expect(v.outcome).toBe('loses');
    expect(v.tone).toBe('bad');
    expect(v.profit.relative).toBeCloseTo(-0.11, 12);
    expect(v.headline).toBe(
      '+29.1% conversion but -11.0% profit: the discount costs more than it brings in ' +
        '(-€0.26 per customer [-€0.40, -€0.10] for 10% off vs Control).',
    );
  });
  it('says a version earns more when the whole profit interval is above zero', () => {
    const v = profitVerdict({
      treatment: 'v3',
      control: 'v1',
      profit: eff(2, 2.5, 0.1, 0.9),
      conversion: eff(0.1, 0.1, -0.01, 0.01),
      format: createNumberFormat({ locale: 'en-US', currency: 'USD' }),
    });
    expect([v.outcome, v.tone]).toEqual(['gains', 'good']);
    expect(v.headline).toBe(
      '+25.0% profit and 0.0% conversion: v3 earns more than v1 (+$0.50 per customer [+$0.10, +$0.90]).',
    );
  });
  it('asks for more data when the interval spans zero, and turns red on a breached guardrail', () => {
    const base = {
      treatment: 'B',
      control: 'A',
      profit: eff(1, 1.1, -0.2, 0.4),
      conversion: eff(0.1, 0.12, -0.01, 0.05),
      format: eur,
    };
    const v = profitVerdict(base);
    expect([v.outcome, v.tone]).toEqual(['unclear', 'neutral']);
    expect(v.headline).toMatch(/^No clear profit difference yet between B and A: \+€0\.10 per customer/);
    const r = profitVerdict({ ...base, guardrailBreaches: ['B: discount cost per user 1.40 > 1.00'] });
    expect(r.tone).toBe('breach');
    expect(r.headline).toMatch(/^Guardrail breached \(B: discount cost per user 1\.40 > 1\.00\)\. No clear/);
  });
  it('says the discount costs more than it brings in on the estimate, flagged as not yet conclusive', () => {
    const v = profitVerdict({
      treatment: '10% off',
      control: 'Control',
      profit: eff(2, 1.78, -0.6, 0.16),
      conversion: eff(0.1, 0.129, 0.01, 0.05),
      format: eur,
    });
    expect([v.outcome, v.tone]).toEqual(['unclear', 'neutral']);
    expect(v.headline).toBe(
      '+29.0% conversion but -11.0% profit so far: on these numbers the discount costs more than it brings in, ' +
        'but the profit interval (-€0.22 per customer [-€0.60, +€0.16]) still includes zero. Keep collecting data before deciding.',
    );
  });
  it('says a version loses money without a conversion gain, and handles a zero control', () => {
    const v = profitVerdict({
      treatment: 'B',
      control: 'A',
      profit: eff(0, -0.5, -0.8, -0.2),
      conversion: eff(0.1, 0.09, -0.03, 0.01),
      format: eur,
    });
    expect(v.profit.relative).toBeNull();
    expect(v.headline).toBe(
      '-10.0% conversion and -€0.50 profit per customer: B loses money against A (-€0.50 per customer [-€0.80, -€0.20]).',
    );
  });
});
