import { describe, expect, it } from 'vitest';
import { copyField, copyLine } from './copy-text';

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
});
