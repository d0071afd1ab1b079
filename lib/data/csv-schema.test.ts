import { describe, expect, it } from 'vitest';
import { csvField } from './csv-format';
import {
  type ColumnMapping,
  CSV_COLUMNS,
  type CsvKind,
  normaliseHeader,
  reportToCsv,
  resolveHeader,
  validateRow,
} from './csv-schema';
import { parseCsvDate, parseCsvNumber } from './csv-values';
import { ISO_COUNTRY_CODES } from './iso-countries';

function mappingFor<K extends CsvKind>(kind: K, header: readonly string[] = CSV_COLUMNS[kind]): ColumnMapping<K> {
  const r = resolveHeader(kind, header);
  if (!r.ok) throw new Error(`header did not resolve: ${JSON.stringify(r)}`);
  return r.mapping;
}
const codes = (r: { ok: boolean; errors?: { code: string; column: string }[] }) =>
  r.ok ? [] : r.errors!.map((e) => `${e.column}:${e.code}`);

describe('parseCsvDate', () => {
  const iso = (s: string) => parseCsvDate(s)?.toISOString() ?? null;
  it('accepts date, zoned ISO datetimes and the space form as UTC', () => {
    expect(iso('2026-03-01')).toBe('2026-03-01T00:00:00.000Z');
    expect(iso('2026-03-01T10:20:30Z')).toBe('2026-03-01T10:20:30.000Z');
    expect(iso('2026-03-01T10:20:30.1234+02:00')).toBe('2026-03-01T08:20:30.123Z');
    expect(iso('2026-03-01T00:30-0130')).toBe('2026-03-01T02:00:00.000Z');
    expect(iso('2026-03-01 10:20:30')).toBe('2026-03-01T10:20:30.000Z');
    expect(iso(' 2024-02-29 23:59:59 ')).toBe('2024-02-29T23:59:59.000Z'); // leap year
  });
  it('rejects impossible dates, times, zone-less T datetimes and other formats', () => {
    for (const s of [
      '2026-02-30',
      '2025-02-29',
      '1900-02-29',
      '2026-13-01',
      '2026-04-31',
      '2026-03-01 24:00:00',
      '2026-03-01T10:61Z',
      '2026-03-01T10:20:30',
      '01/03/2026',
      '2026-3-1',
      '',
      'yesterday',
      '2026-03-01T10:00+19:00',
      '0099-01-01',
    ]) {
      expect(iso(s), s).toBeNull();
    }
    expect(iso('2000-02-29')).toBe('2000-02-29T00:00:00.000Z'); // divisible by 400
  });
});

describe('parseCsvNumber', () => {
  it('parses plain decimals only', () => {
    expect(['12', '-3.5', '.5', '1e3', ' 7 ', '+2.'].map(parseCsvNumber)).toEqual([12, -3.5, 0.5, 1000, 7, 2]);
    expect(['1,234.5', '$5', 'NaN', 'Infinity', '', '1e999', '0x10'].map(parseCsvNumber)).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
  });
});

describe('resolveHeader', () => {
  it('maps canonical headers in any order', () => {
    const r = resolveHeader('events', ['type', 'customer_id', 'timestamp']);
    expect(r.ok && r.mapping.index).toEqual({
      customer_id: 1,
      timestamp: 2,
      type: 0,
      product_id: -1,
      category: -1,
      price: -1,
      quantity: -1,
      session_id: -1,
      dwell_seconds: -1,
    });
  });
  it('normalises case, spaces, camelCase and BOM, and uses aliases', () => {
    expect(['\uFEFFCustomer ID', 'customerId', 'Dwell (s)', 'occurred-at'].map(normaliseHeader)).toEqual([
      'customer_id',
      'customer_id',
      'dwell_s',
      'occurred_at',
    ]);
    const r = resolveHeader('events', ['\uFEFFcust_id', 'Occurred At', 'Event Type', 'SKU', 'qty', 'note']);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect([
        r.mapping.index.customer_id,
        r.mapping.index.timestamp,
        r.mapping.index.type,
        r.mapping.index.product_id,
        r.mapping.index.quantity,
      ]).toEqual([0, 1, 2, 3, 4]);
      expect(r.ignored).toEqual(['note']);
      expect(r.mapping.width).toBe(6);
    }
  });
  it('lists missing required columns', () => {
    expect(resolveHeader('exposures', ['customer_id', 'revenue'])).toEqual({
      ok: false,
      missing: ['shown_at', 'converted', 'discount_pct'],
      problems: [],
    });
  });
  it('an exact name beats an alias; the user mapping beats both', () => {
    const r = resolveHeader('exposures', ['customer_id', 'discount', 'discount_pct', 'timestamp', 'converted']);
    expect(r.ok && r.mapping.index.discount_pct).toBe(2);
    const u = resolveHeader('exposures', ['customer_id', 'discount', 'discount_pct', 'when', 'converted'], {
      discount_pct: 'discount',
      shown_at: 'When',
    });
    expect(u.ok && [u.mapping.index.discount_pct, u.mapping.index.shown_at]).toEqual([1, 3]);
  });
  it('reports ambiguous headers and bad user mappings', () => {
    const a = resolveHeader('customers', ['Customer ID', 'customerId']);
    expect(a.ok).toBe(false);
    if (!a.ok) expect(a.problems[0]).toMatch(/all look like customer_id/);
    const b = resolveHeader('customers', ['id'], { customer_id: 'nope', colour: 'id' });
    expect(b.ok === false && b.problems.length).toBe(2);
  });
});

describe('validateRow', () => {
  const ev = mappingFor('events');
  const ex = mappingFor('exposures');
  const cu = mappingFor('customers');
  const evRow = (over: Partial<Record<string, string>> = {}) =>
    CSV_COLUMNS.events.map(
      (c) =>
        over[c] ??
        (
          {
            customer_id: 'C1',
            timestamp: '2026-09-01 10:00:00',
            type: 'purchase',
            product_id: 'P1',
            category: 'books',
            price: '9.99',
            quantity: '2',
            session_id: 'S1',
            dwell_seconds: '12.5',
          } as Record<string, string>
        )[c],
    );
  const exRow = (over: Partial<Record<string, string>> = {}) =>
    CSV_COLUMNS.exposures.map(
      (c) =>
        over[c] ??
        (
          {
            customer_id: 'C1',
            offer_id: 'O1',
            arm: '',
            discount_pct: '10',
            shown_at: '2026-09-01',
            converted: '1',
            revenue: '45.00',
            propensity: '0.2',
          } as Record<string, string>
        )[c],
    );

  it('returns typed rows for valid input', () => {
    expect(validateRow('events', evRow(), 2, ev)).toEqual({
      ok: true,
      value: {
        customerId: 'C1',
        occurredAt: new Date('2026-09-01T10:00:00Z'),
        type: 'purchase',
        productId: 'P1',
        category: 'books',
        price: 9.99,
        quantity: 2,
        sessionId: 'S1',
        dwellSeconds: 12.5,
      },
    });
    expect(validateRow('exposures', exRow({ converted: 'false', revenue: '', propensity: '' }), 3, ex)).toEqual({
      ok: true,
      value: {
        customerId: 'C1',
        offerId: 'O1',
        arm: null,
        discountPct: 10,
        shownAt: new Date('2026-09-01T00:00:00Z'),
        converted: 0,
        revenue: 0,
        propensity: null,
      },
    });
    expect(validateRow('customers', [' C9 ', '', 'de', '', '', 'Zoë'], 4, cu)).toEqual({
      ok: true,
      value: {
        customerId: 'C9',
        signupAt: null,
        country: 'DE',
        email: null,
        phone: null,
        name: 'Zoë',
        attributes: {},
      },
    });
    // optional empties default: quantity 1, price null; event type aliases and case
    const r = validateRow('events', evRow({ type: 'Add-To-Cart', quantity: '', price: '' }), 5, ev);
    expect(r.ok && [r.value.type, r.value.quantity, r.value.price]).toEqual(['add_to_cart', 1, null]);
  });

  it('wrong_column_count (only error reported)', () => {
    expect(validateRow('events', ['C1', 'x'], 7, ev)).toEqual({
      ok: false,
      errors: [{ line: 7, column: '', code: 'wrong_column_count', message: 'expected 9 fields, found 2' }],
    });
  });
  it('missing_value, bad_date, bad_number, negative_value, unknown_event_type in one row', () => {
    const r = validateRow(
      'events',
      evRow({
        customer_id: ' ',
        timestamp: '2026-02-30',
        type: 'click',
        price: '1,50',
        quantity: '-1',
        dwell_seconds: '-0.5',
      }),
      8,
      ev,
    );
    expect(codes(r)).toEqual([
      'customer_id:missing_value',
      'timestamp:bad_date',
      'type:unknown_event_type',
      'price:bad_number',
      'dwell_seconds:negative_value',
      // checked after the type: a negative quantity is a return on a purchase, an error on anything else
      'quantity:negative_value',
    ]);
    expect(r.ok === false && r.errors.every((e) => e.line === 8)).toBe(true);
  });
  it('bad_number for a fractional quantity', () => {
    expect(codes(validateRow('events', evRow({ quantity: '1.5' }), 2, ev))).toEqual(['quantity:bad_number']);
  });
  it('bad_country for what is not a country; names and aliases map to ISO-2 (issue 14.2)', () => {
    const r = validateRow('customers', ['C1', '2026-01-01', 'Atlantis', '', '', ''], 2, cu);
    expect(r).toEqual({
      ok: false,
      errors: [
        {
          line: 2,
          column: 'country',
          code: 'bad_country',
          message: '"Atlantis" is not a country (ISO 3166-1 alpha-2 code or English name)',
        },
      ],
    });
    const ok = validateRow('customers', ['C1', '', 'United Kingdom', '', '', ''], 2, cu);
    expect(ok.ok && ok.value.country).toBe('GB');
    const eire = validateRow('customers', ['C1', '', 'EIRE', '', '', ''], 2, cu);
    expect(eire.ok && eire.value.country).toBe('IE');
  });
  it('with clearInvalidOptional, a bad optional value is cleared with a warning and the row kept', () => {
    const r = validateRow('customers', ['C1', '2026-02-30', 'Atlantis', '', '', ''], 9, {
      ...cu,
      clearInvalidOptional: true,
    });
    expect(r.ok && [r.value.signupAt, r.value.country]).toEqual([null, null]);
    expect(r.ok && r.warnings?.map((w) => `${w.line}:${w.column}:${w.code}`)).toEqual([
      '9:signup_date:bad_date',
      '9:country:bad_country',
    ]);
  });
  it('out_of_range: discount_pct outside 0..100, converted not 0/1, propensity 0, revenue without conversion', () => {
    expect(codes(validateRow('exposures', exRow({ discount_pct: '120' }), 2, ex))).toEqual([
      'discount_pct:out_of_range',
    ]);
    expect(codes(validateRow('exposures', exRow({ discount_pct: '-5' }), 2, ex))).toEqual([
      'discount_pct:out_of_range',
    ]);
    expect(codes(validateRow('exposures', exRow({ converted: '2' }), 2, ex))).toEqual(['converted:out_of_range']);
    expect(codes(validateRow('exposures', exRow({ converted: 'maybe' }), 2, ex))).toEqual(['converted:bad_number']);
    expect(codes(validateRow('exposures', exRow({ propensity: '0' }), 2, ex))).toEqual(['propensity:out_of_range']);
    expect(codes(validateRow('exposures', exRow({ propensity: '1' }), 2, ex))).toEqual([]);
    expect(codes(validateRow('exposures', exRow({ converted: '0' }), 2, ex))).toEqual(['revenue:out_of_range']);
    expect(codes(validateRow('exposures', exRow({ discount_pct: '100', revenue: '-1' }), 2, ex))).toEqual([
      'revenue:negative_value',
    ]);
  });
  it('bad_encoding and too_long', () => {
    expect(codes(validateRow('customers', ['C1', '', '', '', '', 'Jos\uFFFD'], 2, cu))).toEqual(['name:bad_encoding']);
    const r = validateRow('customers', ['C'.repeat(129), '', '', '', '', 'x'.repeat(200)], 2, cu);
    expect(r).toEqual({
      ok: false,
      errors: [{ line: 2, column: 'customer_id', code: 'too_long', message: '129 characters; at most 128 allowed' }],
    });
  });
  it('unknown_customer via the knownCustomer hook (events and exposures only)', () => {
    const known = new Set(['C1']);
    const knownCustomer = (id: string) => known.has(id);
    expect(validateRow('events', evRow(), 2, ev, { knownCustomer }).ok).toBe(true);
    expect(validateRow('events', evRow({ customer_id: 'C2' }), 3, ev, { knownCustomer })).toEqual({
      ok: false,
      errors: [
        {
          line: 3,
          column: 'customer_id',
          code: 'unknown_customer',
          message: 'customer "C2" is not in the customers data',
        },
      ],
    });
    expect(codes(validateRow('exposures', exRow({ customer_id: 'C3' }), 2, ex, { knownCustomer }))).toEqual([
      'customer_id:unknown_customer',
    ]);
    expect(validateRow('customers', ['C7', '', '', '', '', ''], 2, cu, { knownCustomer }).ok).toBe(true);
  });
  it('refuses a mapping of another kind', () => {
    expect(() => validateRow('events', evRow(), 2, ex as never)).toThrow(TypeError);
  });
});

describe('reportToCsv and csvField', () => {
  it('quotes commas, quotes and newlines and neutralises formulas', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('x\ny')).toBe('"x\ny"');
    expect(csvField(null)).toBe('');
    const out = reportToCsv([
      { line: 3, column: 'price', code: 'bad_number', message: '"1,50" is not a number' },
      { line: 9, column: '', code: 'wrong_column_count', message: '=HYPERLINK("x")' },
    ]);
    expect(out).toBe(
      'line,column,code,message\n3,price,bad_number,"""1,50"" is not a number"\n9,,wrong_column_count,"\'=HYPERLINK(""x"")"\n',
    );
    expect(reportToCsv([])).toBe('line,column,code,message\n');
  });
});

describe('ISO countries', () => {
  it('has the 249 assigned codes of iso3166.tab', () => {
    expect(ISO_COUNTRY_CODES.size).toBe(249);
    expect(['GB', 'US', 'DE', 'JP', 'SS', 'XK'].map((c) => ISO_COUNTRY_CODES.has(c))).toEqual([
      true,
      true,
      true,
      true,
      true,
      false,
    ]);
  });
});

describe('arms and attributes', () => {
  it('an exposures file may name arms instead of discounts (discount 0), but needs one of the two', () => {
    const r = resolveHeader('exposures', ['customer_id', 'treatment', 'shown_at', 'converted']);
    expect(r.ok && r.mapping.index.arm).toBe(1);
    expect(r.ok && r.mapping.index.discount_pct).toBe(-1);
    if (!r.ok) return;
    expect(validateRow('exposures', ['h1', 'Mens E-Mail', '2008-03-01', '1'], 2, r.mapping)).toEqual({
      ok: true,
      value: {
        customerId: 'h1',
        offerId: null,
        arm: 'Mens E-Mail',
        discountPct: 0,
        shownAt: new Date('2008-03-01T00:00:00Z'),
        converted: 1,
        revenue: 0,
        propensity: null,
      },
    });
    const both = resolveHeader('exposures', ['customer_id', 'arm', 'discount_pct', 'shown_at', 'converted']);
    if (!both.ok) throw new Error('both columns should resolve');
    const codes = (f: string[]) => {
      const v = validateRow('exposures', f, 3, both.mapping);
      return v.ok ? [] : v.errors.map((e) => `${e.column}:${e.code}`);
    };
    expect(codes(['h1', '', '', '2008-03-01', '0'])).toEqual(['discount_pct:missing_value']);
    expect(codes(['h1', 'B', '', '2008-03-01', '0'])).toEqual([]);
    expect(codes(['h1', '', '5', '2008-03-01', '0'])).toEqual([]);
    expect(resolveHeader('exposures', ['customer_id', 'shown_at', 'converted'])).toEqual({
      ok: false,
      missing: ['discount_pct'],
      problems: [],
    });
  });

  it('a customers mapping with attribute columns parses them into the row, errors on their column', () => {
    const r = resolveHeader('customers', ['customer_id', 'recency', 'channel']);
    if (!r.ok) throw new Error('should resolve');
    expect(r.ignored).toEqual(['recency', 'channel']);
    const mapping = {
      ...r.mapping,
      attributes: [
        { name: 'recency', index: 1, type: 'numeric' as const },
        { name: 'channel', index: 2, type: 'categorical' as const },
      ],
    };
    const ok = validateRow('customers', ['h1', '10', 'Web'], 2, mapping);
    expect(ok.ok && ok.value.attributes).toEqual({ recency: 10, channel: 'Web' });
    const bad = validateRow('customers', ['h2', 'ten', 'Web'], 3, mapping);
    expect(bad.ok ? [] : bad.errors).toEqual([
      {
        line: 3,
        column: 'recency',
        code: 'bad_number',
        message: '"ten" is not a number (attribute recency is numeric)',
      },
    ]);
  });
});
