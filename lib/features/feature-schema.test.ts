import { describe, expect, it } from 'vitest';
import { BEHAVIOUR_FEATURES } from './customer-features';
import { buildFeatureSchema, COUNTRY_COLUMN, DISCOUNT_COLUMN, rawInputRow, ZFeatureSchema } from './feature-schema';

const row = (v: number) => Float64Array.from(BEHAVIOUR_FEATURES.map((_, j) => (j === 0 ? v : j)));

describe('feature schema', () => {
  const schema = buildFeatureSchema(
    new Date('2026-04-01T00:00:00Z'),
    [row(1), row(NaN), row(4), row(10)],
    ['GB', null, 'DE', 'GB'],
  );
  it('records medians of observed values and the sorted countries', () => {
    // recency column observed [1, 4, 10] -> median 4; other columns constant j
    expect(schema.fillValues[0]).toBe(4);
    expect(schema.fillValues[5]).toBe(5);
    expect(schema.countries).toEqual(['DE', 'GB']);
    expect(ZFeatureSchema.parse(schema)).toEqual(schema);
  });
  it('fills gaps, appends discount and country index (−1 when unknown)', () => {
    const r = rawInputRow(schema, row(NaN), 15, 'GB');
    expect([r[0], r[3], r[DISCOUNT_COLUMN], r[COUNTRY_COLUMN]]).toEqual([4, 3, 15, 1]);
    expect(rawInputRow(schema, row(2), 0, 'FR')[COUNTRY_COLUMN]).toBe(-1);
    expect(rawInputRow(schema, row(2), 0, null)[COUNTRY_COLUMN]).toBe(-1);
  });
});
