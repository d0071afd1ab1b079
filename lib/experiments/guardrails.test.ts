import { describe, expect, it } from 'vitest';
import { checkGuardrails } from './guardrails';

describe('checkGuardrails', () => {
  it('flags a treatment whose cost or possible conversion loss crosses the limits', () => {
    const r = checkGuardrails({ maxDiscountCostPerUser: 1, maxConversionDropPct: 5 }, [
      { name: 'B', discountCostMean: 0.8, conversionLiftLow: -0.02 },
      { name: 'C', discountCostMean: 1.2, conversionLiftLow: -0.09 },
    ]);
    expect(r.map((x) => `${x.variant} ${x.guardrail} ${x.status}`)).toEqual([
      'B discount cost per user ok',
      'B conversion drop ok',
      'C discount cost per user breached',
      'C conversion drop breached',
    ]);
    expect(r[3].limit).toBe(-0.05);
  });
  it('has nothing to check without guardrails or without an interval', () => {
    expect(checkGuardrails(null, [{ name: 'B', discountCostMean: 9, conversionLiftLow: null }])).toEqual([]);
    expect(
      checkGuardrails({ maxConversionDropPct: 5 }, [{ name: 'B', discountCostMean: 9, conversionLiftLow: null }]),
    ).toEqual([]);
  });
});
