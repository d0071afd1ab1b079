import { describe, expect, it } from 'vitest';
import { validateRow } from './csv-schema';
import { canonicalMapping, compileMapping, describeDuplicateRule, readMappingSpec } from './import-mapping';
import { previewMapping, sampleCsv } from './preview-mapping';

const RETAIL_HEADER = [
  'InvoiceNo',
  'StockCode',
  'Description',
  'Quantity',
  'InvoiceDate',
  'UnitPrice',
  'CustomerID',
  'Country',
];
const retailSpec = readMappingSpec({
  columns: { timestamp: 'InvoiceDate', product_id: 'StockCode' },
  constants: { type: 'purchase' },
  derive: [{ column: 'type', value: 'return', when: { source: 'InvoiceNo', op: 'starts_with', arg: 'C' } }],
  dateFormat: 'mdy',
  createCustomers: true,
});

function retailMapping() {
  const c = compileMapping('events', RETAIL_HEADER, retailSpec, 'mdy');
  if (!c.ok) throw new Error(JSON.stringify(c));
  return c.mapping;
}

describe('compileMapping + validateRow on the Online Retail layout', () => {
  it('finds CustomerID, Quantity and UnitPrice by alias and takes the rest from the spec', () => {
    const m = retailMapping();
    expect(m.index).toMatchObject({ customer_id: 6, timestamp: 4, type: -1, product_id: 1, quantity: 3, price: 5 });
    expect(m.constants).toEqual({ type: 'purchase' });
    expect(m.derive).toEqual([{ column: 'type', value: 'return', source: 0, op: 'starts_with', arg: 'C' }]);
  });
  it('reads a purchase line with the constant type and the M/D/YYYY date', () => {
    const row = '536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,17850,United Kingdom';
    const r = validateRow('events', row.split(','), 2, retailMapping());
    expect(r).toEqual({
      ok: true,
      value: {
        customerId: '17850',
        occurredAt: new Date('2010-12-01T08:26:00Z'),
        type: 'purchase',
        productId: '85123A',
        category: null,
        price: 2.55,
        quantity: 6,
        sessionId: null,
        dwellSeconds: null,
      },
    });
  });
  it('turns a C-invoice with a negative quantity into a return of that many units', () => {
    const r = validateRow(
      'events',
      'C536379,D,Discount,-1,12/1/2010 9:41,27.5,14527,United Kingdom'.split(','),
      3,
      retailMapping(),
    );
    expect(r.ok && [r.value.type, r.value.quantity, r.value.price]).toEqual(['return', 1, 27.5]);
  });
  it('treats a negative quantity on a purchase as a return even without the rule', () => {
    const c = compileMapping('events', RETAIL_HEADER, readMappingSpec({ ...retailSpec, derive: [] }), 'mdy');
    const r = validateRow(
      'events',
      '536999,X,x,-3,12/1/2010 9:41,2,14527,UK'.split(','),
      4,
      c.ok ? c.mapping : (null as never),
    );
    expect(r.ok && [r.value.type, r.value.quantity]).toEqual(['return', 3]);
  });
  it('rejects a line without CustomerID with one clear reason', () => {
    const r = validateRow(
      'events',
      '536414,22139,,56,12/1/2010 11:52,0,,United Kingdom'.split(','),
      5,
      retailMapping(),
    );
    expect(r).toEqual({
      ok: false,
      errors: [{ line: 5, column: 'customer_id', code: 'missing_value', message: 'customer_id is required' }],
    });
  });
  it('clears an invalid optional value with a warning and keeps the row; a bad required value still rejects', () => {
    const m = retailMapping();
    const r = validateRow(
      'events',
      'A563186,B,Adjust bad debt,1,8/12/2011 14:51,-11062.06,1,United Kingdom'.split(','),
      6,
      m,
    );
    expect(r.ok && r.value.price).toBeNull();
    expect(r.ok && r.warnings).toEqual([
      {
        line: 6,
        column: 'price',
        code: 'negative_value',
        message: 'price must not be negative (got "-11062.06"); cleared',
      },
    ]);
    const bad = validateRow('events', '1,B,x,1,2011-08-12,1,7,UK'.split(','), 7, m);
    expect(bad.ok ? [] : bad.errors.map((e) => `${e.column}:${e.code}`)).toEqual(['timestamp:bad_date']);
  });
  it('reports a derivation on an unknown header cell and a constant for an unknown column', () => {
    const c = compileMapping(
      'events',
      RETAIL_HEADER,
      readMappingSpec({
        constants: { type: 'purchase', colour: 'red' },
        columns: { timestamp: 'InvoiceDate' },
        derive: [{ column: 'type', value: 'return', when: { source: 'Invoice', op: 'starts_with', arg: 'C' } }],
      }),
      'mdy',
    );
    expect(c).toEqual({
      ok: false,
      missing: [],
      problems: ['unknown column "colour" for events', 'rule for type: no header cell "Invoice"'],
    });
  });
});

describe('readMappingSpec / canonicalMapping', () => {
  it('accepts the older flat form and gives the same key for the same mapping in any key order', () => {
    const a = readMappingSpec({ customer_id: 'Kundennummer' });
    expect(a.columns).toEqual({ customer_id: 'Kundennummer' });
    expect(a.dateFormat).toBe('auto');
    const b = readMappingSpec({ dateFormat: 'auto', columns: { customer_id: 'Kundennummer' } });
    expect(canonicalMapping(a)).toBe(canonicalMapping(b));
    expect(canonicalMapping(a)).not.toBe(canonicalMapping(readMappingSpec({ ...b, dateFormat: 'mdy' })));
  });
  it('refuses an unknown time zone', () => {
    expect(() => readMappingSpec({ timeZone: 'Mars/Olympus' })).toThrow(/IANA time zone/);
  });
});

describe('previewMapping', () => {
  const text = [
    RETAIL_HEADER.join(','),
    '536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,17850,United Kingdom',
    '536366,22633,HAND WARMER UNION JACK,6,12/1/2010 8:28,1.85,17850,United Kingdom',
    'C536379,D,Discount,-1,12/1/2010 9:41,27.5,14527,United Kingdom',
    '536414,22139,,56,12/1/2010 11:52,0,,United Kingdom',
    '5364', // cut mid-record: dropped
  ].join('\n');
  const { header, records } = sampleCsv(text, 100);
  it('reads a prefix of a file without its last partial line', () => {
    expect([header.length, records.length, records[0].line, records[3].line]).toEqual([8, 4, 2, 5]);
  });
  it('calls out the M/D vs D/M ambiguity when the date format is auto', () => {
    const p = previewMapping('events', header, records, readMappingSpec({ ...retailSpec, dateFormat: 'auto' }));
    expect([p.ok, p.dateFormat, p.detection?.ambiguous]).toEqual([false, null, true]);
    expect(p.problems[0]).toMatch(/could be month\/day or day\/month/);
  });
  it('shows where each column comes from and each sample row parsed', () => {
    const p = previewMapping('events', header, records, retailSpec);
    expect(p.ok).toBe(true);
    expect(p.sources.find((s) => s.column === 'type')?.from).toBe(
      'always "purchase"; "return" when InvoiceNo starts with "C"',
    );
    expect(p.rows.map((r) => [r.line, r.ok, r.values.type ?? null, r.values.occurredAt ?? null])).toEqual([
      [2, true, 'purchase', '2010-12-01T08:26:00.000Z'],
      [3, true, 'purchase', '2010-12-01T08:28:00.000Z'],
      [4, true, 'return', '2010-12-01T09:41:00.000Z'],
      [5, false, null, null],
    ]);
  });
});

describe('duplicate rule in words', () => {
  it('names the whole line or the kind’s declared key columns', () => {
    expect(describeDuplicateRule('events', 'line')).toBe('the same whole line');
    expect(describeDuplicateRule('events', 'key')).toBe(
      'the same customer_id, timestamp, type, product_id, session_id',
    );
    expect(describeDuplicateRule('exposures', 'key')).toBe('the same customer_id, offer_id, arm, shown_at');
  });
});
