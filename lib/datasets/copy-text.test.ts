import { describe, expect, it } from 'vitest';
import { copyField, copyLine, eventCopyLine } from './copy-text';

describe('COPY text encoding', () => {
  it('escapes backslash, newline, carriage return and tab, and writes NULL as \\N', () => {
    expect(copyField('a\\b\nc\rd\te')).toBe('a\\\\b\\nc\\rd\\te');
    expect(copyField('\\N')).toBe('\\\\N');
    expect(copyField(null)).toBe('\\N');
    expect([copyField(true), copyField(false), copyField(2.5), copyField(new Date(0))]).toEqual([
      't',
      'f',
      '2.5',
      '1970-01-01T00:00:00.000Z',
    ]);
  });
  it('writes an event as line, fingerprint and the staging columns in order', () => {
    const line = copyLine(
      'events',
      {
        customerId: 'C1',
        occurredAt: new Date('2026-01-02T03:04:05Z'),
        type: 'add_to_cart',
        productId: null,
        category: 'shoes',
        price: 9.5,
        quantity: 2,
        sessionId: null,
        dwellSeconds: null,
      },
      7,
      123,
      'secret',
    );
    expect(line).toBe('7\t123\tC1\tADD_TO_CART\t2026-01-02T03:04:05.000Z\t\\N\tshoes\t9.5\t2\t\\N\t\\N\n');
  });
  it('writes a resolved "Event" row: prefix, customer id, enum type, UTC wall-clock time, escaped values', () => {
    const line = eventCopyLine('org1\tds1\t', 'cust-9', {
      customerId: 'C1',
      occurredAt: new Date('2026-01-02T03:04:05.678Z'),
      type: 'remove_from_cart',
      productId: 'a\tb',
      category: null,
      price: 0.1,
      quantity: 3,
      sessionId: 's\\1',
      dwellSeconds: 12.5,
    });
    expect(line).toBe(
      'org1\tds1\tcust-9\tREMOVE_FROM_CART\t2026-01-02T03:04:05.678\ta\\tb\t\\N\t0.1\t3\ts\\\\1\t12.5\n',
    );
  });
});
