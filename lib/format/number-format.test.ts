import { describe, expect, it } from 'vitest';
import { createNumberFormat, isKnownCurrency, isKnownLocale } from './number-format';

const gb = createNumberFormat({ locale: 'en-GB', currency: 'GBP' });
const de = createNumberFormat({ locale: 'de-DE', currency: 'EUR' });

describe('number formatting for the organisation', () => {
  it('groups thousands and cleans floating-point noise', () => {
    expect(gb.number(140000)).toBe('140,000');
    expect(gb.number(-39.50500000000001)).toBe('-39.51');
    expect(gb.number(0.1 + 0.2)).toBe('0.3');
    expect(de.number(1234567.891)).toBe('1.234.567,89');
    expect(gb.number(20031, 0)).toBe('20,031');
  });

  it('shows money in the organisation’s currency, signed when asked', () => {
    expect(gb.money(1234.5)).toBe('£1,234.50');
    expect(gb.money(-11.2, { signed: true })).toBe('-£11.20');
    expect(gb.money(2.35, { signed: true })).toBe('+£2.35');
    expect(de.money(1234.5)).toBe('1.234,50\u00a0€');
    expect(gb.currencySymbol()).toBe('£');
    expect(de.currencySymbol()).toBe('€');
  });

  it('shows fractions as percentages and sizes in binary units', () => {
    expect(gb.pct(0.291)).toBe('29.1%');
    expect(gb.pct(-0.11, { signed: true, digits: 0 })).toBe('-11%');
    expect(gb.pct(0.05, { signed: true })).toBe('+5.0%');
    expect(gb.bytes(512)).toBe('512 bytes');
    expect(gb.bytes(1536)).toBe('1.5 KiB');
    expect(gb.bytes(45_038_760)).toBe('43 MiB');
    expect(gb.compact(140000)).toBe('140k'); // en-GB writes a lower-case k
    expect(gb.compact(0.25)).toBe('0.25');
  });

  it('shows a dash for missing or non-finite values', () => {
    for (const v of [null, undefined, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect([gb.number(v), gb.money(v), gb.pct(v), gb.bytes(v)]).toEqual(['—', '—', '—', '—']);
    }
  });

  it('validates currency codes and locales', () => {
    expect([isKnownCurrency('GBP'), isKnownCurrency('EUR'), isKnownCurrency('gbp'), isKnownCurrency('XYZW')]).toEqual([
      true,
      true,
      false,
      false,
    ]);
    expect([isKnownLocale('en-GB'), isKnownLocale('de-DE'), isKnownLocale('not a locale!')]).toEqual([
      true,
      true,
      false,
    ]);
  });
});
