import { describe, expect, it } from 'vitest';
import { BEHAVIOUR_FEATURES } from './customer-features';
import {
  armColumn,
  buildFeatureSchema,
  COUNTRY_COLUMN,
  categoricalColumns,
  categoryLabels,
  DISCOUNT_COLUMN,
  rawFeatureNames,
  rawInputRow,
  ZFeatureSchema,
} from './feature-schema';

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

describe('feature schema with attributes and arms', () => {
  const schema = buildFeatureSchema(
    new Date('2008-03-01T00:00:00Z'),
    [row(1), row(2), row(3), row(4)],
    [null, null, null, null],
    {
      attributes: [
        { name: 'history', type: 'numeric' },
        { name: 'channel', type: 'categorical' },
        { name: 'purchases', type: 'numeric' },
      ],
      attributeRows: [
        { history: 10, channel: 'Web', purchases: 1 },
        { history: 30, channel: 'Phone' },
        { channel: 'Web' },
        { history: 20, channel: 'Multichannel' },
      ],
      arms: { names: ['Mens E-Mail', 'No E-Mail', 'Womens E-Mail'], control: 'No E-Mail' },
    },
  );

  it('appends attribute columns (clashing names prefixed) then arm, categoricals one-hot', () => {
    expect(rawFeatureNames(schema).slice(COUNTRY_COLUMN)).toEqual([
      'country',
      'history',
      'channel',
      'attr_purchases',
      'arm',
    ]);
    expect(categoricalColumns(schema)).toEqual([COUNTRY_COLUMN, COUNTRY_COLUMN + 2, COUNTRY_COLUMN + 4]);
    expect(armColumn(schema)).toBe(COUNTRY_COLUMN + 4);
    // history observed [10, 30, 20] -> median 20; channel categories sorted; purchases observed [1] -> 1
    expect(schema.attributes.map((a) => a.fill ?? a.categories)).toEqual([20, ['Multichannel', 'Phone', 'Web'], 1]);
    expect(ZFeatureSchema.parse(JSON.parse(JSON.stringify(schema)))).toEqual(schema);
  });

  it('names the categories of each categorical column in code order, null for numeric ones', () => {
    expect(categoryLabels(schema, 'country')).toEqual([]);
    expect(categoryLabels(schema, 'channel')).toEqual(['Multichannel', 'Phone', 'Web']);
    expect(categoryLabels(schema, 'arm')).toEqual(['Mens E-Mail', 'No E-Mail', 'Womens E-Mail']);
    expect(categoryLabels(schema, 'history')).toBeNull();
    expect(categoryLabels(schema, 'attr_purchases')).toBeNull();
    expect(categoryLabels(schema, 'recency_days')).toBeNull();
  });

  it('codes values: numeric or its fill, category index or −1, arm index or −1', () => {
    const r = rawInputRow(schema, row(1), 0, null, { attributes: { channel: 'Phone' }, arm: 'Womens E-Mail' });
    expect(Array.from(r.slice(COUNTRY_COLUMN + 1))).toEqual([20, 1, 1, 2]);
    const u = rawInputRow(schema, row(1), 0, null, { attributes: { history: 7, channel: 'Fax' }, arm: 'Other' });
    expect(Array.from(u.slice(COUNTRY_COLUMN + 1))).toEqual([7, -1, 1, -1]);
  });

  it('an old schema without attributes still parses, with none', () => {
    const { attributes: _a, arms: _b, ...old } = buildFeatureSchema(new Date(0), [row(1)], ['GB']);
    expect(ZFeatureSchema.parse(old).attributes).toEqual([]);
    expect(armColumn(ZFeatureSchema.parse(old))).toBe(-1);
  });
});
