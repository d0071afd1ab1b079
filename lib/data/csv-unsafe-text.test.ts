import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, resolveHeader, validateRow } from './csv-schema';

describe('CSV rows with NUL or a lone surrogate (issue 12 item 8)', () => {
  it('are rejected per row as bad_encoding, naming the column, instead of failing the import', () => {
    const r = resolveHeader('customers', CSV_COLUMNS.customers);
    if (!r.ok) throw new Error('header');
    expect(validateRow('customers', ['C1', '', 'de', '', '', 'Ana\u0000'], 7, r.mapping)).toEqual({
      ok: false,
      errors: [
        {
          line: 7,
          column: 'name',
          code: 'bad_encoding',
          message: 'contains a NUL character; such text cannot be stored',
        },
      ],
    });
    const lone = validateRow('customers', ['C\ud800', '', 'de', '', '', ''], 8, r.mapping);
    expect(lone.ok ? [] : lone.errors.map((e) => [e.column, e.code])).toEqual([['customer_id', 'bad_encoding']]);
    expect(validateRow('customers', ['C2', '', 'de', '', '', 'Zoë 😀'], 9, r.mapping).ok).toBe(true);
  });
});
