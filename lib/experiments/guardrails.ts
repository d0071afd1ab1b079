/**
 * Guardrails of an experiment (pure): for each treatment, discount cost per user must not exceed
 * `maxDiscountCostPerUser` (the mean), and the lower end of the conversion lift interval must not fall below
 * −`maxConversionDropPct` %. "breached" when the data show the limit is crossed, "ok" otherwise.
 */
export interface Guardrails {
  maxDiscountCostPerUser?: number;
  maxConversionDropPct?: number;
}

export interface GuardrailStatus {
  variant: string;
  guardrail: 'discount cost per user' | 'conversion drop';
  limit: number;
  value: number;
  status: 'ok' | 'breached';
}

export function checkGuardrails(
  g: Guardrails | null | undefined,
  treatments: { name: string; discountCostMean: number; conversionLiftLow: number | null }[],
): GuardrailStatus[] {
  if (!g) return [];
  const out: GuardrailStatus[] = [];
  for (const t of treatments) {
    if (g.maxDiscountCostPerUser !== undefined) {
      out.push({
        variant: t.name,
        guardrail: 'discount cost per user',
        limit: g.maxDiscountCostPerUser,
        value: t.discountCostMean,
        status: t.discountCostMean > g.maxDiscountCostPerUser ? 'breached' : 'ok',
      });
    }
    if (g.maxConversionDropPct !== undefined && t.conversionLiftLow !== null) {
      const limit = -g.maxConversionDropPct / 100;
      out.push({
        variant: t.name,
        guardrail: 'conversion drop',
        limit,
        value: t.conversionLiftLow,
        status: t.conversionLiftLow < limit ? 'breached' : 'ok',
      });
    }
  }
  return out;
}
