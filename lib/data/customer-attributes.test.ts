import { describe, expect, it } from 'vitest';
import { attributeName, inferAttributeColumns, parseAttributes } from './customer-attributes';

describe('customer attributes', () => {
  const header = ['customer_id', 'recency', 'history_segment', ' zip  code ', 'newbie', 'empty'];
  const rows = [
    ['1', '10', '2) $100 - $200', 'Surburban', '0', ''],
    ['2', '6', '3) $200 - $350', 'Rural', '1', ''],
    ['3', '', '1) $0 - $100', '12345', '1e0', ''],
  ];

  it('infers numeric when every non-empty preview value is a number, categorical otherwise', () => {
    expect(inferAttributeColumns(header, [1, 2, 3, 4, 5], rows)).toEqual([
      { name: 'recency', index: 1, type: 'numeric' },
      { name: 'history_segment', index: 2, type: 'categorical' },
      { name: 'zip code', index: 3, type: 'categorical' },
      { name: 'newbie', index: 4, type: 'numeric' },
      { name: 'empty', index: 5, type: 'numeric' },
    ]);
  });

  it('a declared type wins over inference', () => {
    const [c] = inferAttributeColumns(header, [4], rows, { newbie: 'categorical' });
    expect(c).toEqual({ name: 'newbie', index: 4, type: 'categorical' });
  });

  it('parses values by type, leaves empty fields out and reports a bad number on its column', () => {
    const cols = inferAttributeColumns(header, [1, 2, 4], rows);
    expect(parseAttributes(cols, rows[0], 2)).toEqual({
      values: { recency: 10, history_segment: '2) $100 - $200', newbie: 0 },
      errors: [],
    });
    expect(parseAttributes(cols, rows[2], 4).values).toEqual({ history_segment: '1) $0 - $100', newbie: 1 });
    const bad = parseAttributes(cols, ['4', 'ten', 'x', 'q', '0'], 5);
    expect(bad.errors.map((e) => [e.line, e.column, e.code])).toEqual([[5, 'recency', 'bad_number']]);
    expect(bad.values).toEqual({ history_segment: 'x', newbie: 0 });
    const long = parseAttributes(cols, ['4', '1', 'y'.repeat(129), 'q', '0'], 6);
    expect(long.errors.map((e) => e.code)).toEqual(['too_long']);
  });

  it('names attributes by the trimmed header cell with whitespace collapsed', () => {
    expect(attributeName('\uFEFF  Loyalty   tier ')).toBe('Loyalty tier');
  });
});
