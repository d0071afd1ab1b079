import { describe, expect, it } from 'vitest';
import { labelWidth, stepDecimals, valueAxisLayout } from './axis-layout';
import { createNumberFormat } from './number-format';

const f = createNumberFormat({ locale: 'en-GB', currency: 'GBP' });

describe('axis layout', () => {
  it('puts a probability axis on quarters', () => {
    const a = valueAxisLayout(f, 'probability', [0.1, 0.93]);
    expect(a).toEqual({
      domain: [0, 1],
      ticks: [0, 0.25, 0.5, 0.75, 1],
      labels: ['0', '0.25', '0.5', '0.75', '1'],
      width: Math.ceil(4 * 8.6 + 16),
    });
  });

  it('separates thousands on a count axis and sizes the axis for the longest label', () => {
    const a = valueAxisLayout(f, 'integer', [0, 140_000], { count: 4 });
    expect(a.ticks).toEqual([0, 50_000, 100_000, 150_000]);
    expect(a.labels).toEqual(['0', '50,000', '100,000', '150,000']);
    expect(a.width).toBe(Math.ceil(7 * 8.6 + 16));
  });

  it('shows money and shares with the organisation’s symbols', () => {
    expect(valueAxisLayout(f, 'money', [-39.505, 12], { zero: true }).labels).toEqual(['-£40', '-£20', '£0', '£20']);
    expect(valueAxisLayout(f, 'share', [0, 0.13], { count: 4 }).labels).toEqual(['0%', '5%', '10%', '15%']);
    expect(valueAxisLayout(f, 'number', [0.65, 1.95], { count: 4 }).labels).toEqual(['0.5', '1', '1.5', '2']);
  });

  it('gives ticks as many decimals as their step needs, so no two labels round alike', () => {
    // 0–12.5 % in 2.5 % steps (the A/B results' conversion axis): not "0%, 3%, 5%, 8%, 10%, 13%"
    expect(valueAxisLayout(f, 'share', [0, 0.102], { count: 5 }).labels).toEqual([
      '0.0%',
      '2.5%',
      '5.0%',
      '7.5%',
      '10.0%',
      '12.5%',
    ]);
    expect(valueAxisLayout(f, 'money', [0, 10.2], { count: 5 }).labels).toEqual([
      '£0.00',
      '£2.50',
      '£5.00',
      '£7.50',
      '£10.00',
      '£12.50',
    ]);
    expect(valueAxisLayout(f, 'number', [0, 0.1], { count: 4 }).labels).toEqual(['0', '0.025', '0.05', '0.075', '0.1']);
    expect([stepDecimals(0.025), stepDecimals(2.5), stepDecimals(50), stepDecimals(0.1 + 0.2)]).toEqual([3, 1, 0, 1]);
  });

  it('keeps integer axes on whole numbers', () => {
    expect(valueAxisLayout(f, 'integer', [0, 3], { count: 6 }).ticks).toEqual([0, 1, 2, 3]);
  });

  it('bounds label widths', () => {
    expect(labelWidth([])).toBe(32);
    expect(labelWidth(['x'.repeat(100)])).toBe(240);
    expect(labelWidth(['remove_from_cart'])).toBe(Math.ceil(16 * 8.6 + 16));
  });
});
