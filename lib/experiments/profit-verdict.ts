/**
 * The one verdict for a discount decision (pure, framework-free): used by offline evaluation, experiment results
 * and rollout measurement. Profit per customer decides; conversion is reported next to it, never instead of it.
 *
 *   profit per customer = revenue − discount cost − cost of goods = revenue − list value × (1 − margin)
 *   incremental profit  = treatment mean − control mean, interval diff ± z_{1−α/2} · √(se_T² + se_C²)
 *                         (independent arms; for paired estimates such as offline evaluation the caller passes
 *                         the difference and its interval directly)
 *
 * Outcome: "gains" when the whole interval is above 0, "loses" when it is below 0, "unclear" otherwise.
 * Tone: "breach" (red) whenever a guardrail is breached, else good / bad / neutral from the outcome.
 */
import { createNumberFormat, type NumberFormat } from '../format/number-format';
import { normalQuantile } from './special-functions';

export interface Effect {
  control: number;
  treatment: number;
  /** treatment − control, absolute (per customer) */
  diff: number;
  ci: [number, number];
}

export interface ProfitVerdict {
  outcome: 'gains' | 'loses' | 'unclear';
  tone: 'good' | 'bad' | 'neutral' | 'breach';
  headline: string;
  profit: Effect & { relative: number | null };
  conversion: Effect & { relative: number | null };
  guardrailBreaches: string[];
}

/** Difference of two independent means with its normal interval. */
export function effectOfMeans(
  control: { mean: number; se: number },
  treatment: { mean: number; se: number },
  alpha = 0.05,
): Effect {
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0, 1) (got ${alpha})`);
  const diff = treatment.mean - control.mean;
  const half = normalQuantile(1 - alpha / 2) * Math.sqrt(control.se ** 2 + treatment.se ** 2);
  return { control: control.mean, treatment: treatment.mean, diff, ci: [diff - half, diff + half] };
}

const relative = (e: Effect) => (e.control !== 0 ? e.diff / Math.abs(e.control) : null);

export function profitVerdict(input: {
  treatment: string;
  control: string;
  profit: Effect;
  conversion: Effect;
  guardrailBreaches?: string[];
  /** the organisation's formatter (lib/format/number-format.ts); en-GB / GBP when omitted */
  format?: NumberFormat;
}): ProfitVerdict {
  const { treatment, control } = input;
  const f = input.format ?? createNumberFormat({ locale: 'en-GB', currency: 'GBP' });
  const money = (x: number) => f.money(x, { signed: true });
  const pct = (x: number) => f.pct(x, { signed: true });
  const profit = { ...input.profit, relative: relative(input.profit) };
  const conversion = { ...input.conversion, relative: relative(input.conversion) };
  const breaches = input.guardrailBreaches ?? [];
  const outcome = profit.ci[0] > 0 ? 'gains' : profit.ci[1] < 0 ? 'loses' : 'unclear';
  const conv = conversion.relative === null ? 'conversion n/a' : `${pct(conversion.relative)} conversion`;
  const prof =
    profit.relative === null ? `${money(profit.diff)} profit per customer` : `${pct(profit.relative)} profit`;
  const perCustomer = `${money(profit.diff)} per customer [${money(profit.ci[0])}, ${money(profit.ci[1])}]`;
  let headline: string;
  if (outcome === 'loses') {
    headline =
      conversion.diff > 0
        ? `${conv} but ${prof}: the discount costs more than it brings in (${perCustomer} for ${treatment} vs ${control}).`
        : `${conv} and ${prof}: ${treatment} loses money against ${control} (${perCustomer}).`;
  } else if (outcome === 'gains') {
    headline = `${prof} and ${conv}: ${treatment} earns more than ${control} (${perCustomer}).`;
  } else if (profit.diff < 0 && conversion.diff > 0) {
    headline = `${conv} but ${prof} so far: on these numbers the discount costs more than it brings in, but the profit interval (${perCustomer}) still includes zero. Keep collecting data before deciding.`;
  } else {
    headline = `No clear profit difference yet between ${treatment} and ${control}: ${perCustomer}; ${conv}. Keep collecting data before deciding.`;
  }
  if (breaches.length) headline = `Guardrail breached (${breaches.join('; ')}). ${headline}`;
  const tone = breaches.length ? 'breach' : outcome === 'gains' ? 'good' : outcome === 'loses' ? 'bad' : 'neutral';
  return { outcome, tone, headline, profit, conversion, guardrailBreaches: breaches };
}
