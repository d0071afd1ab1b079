import type { CsvKind, ParsedRow } from '../data/csv-schema';

/**
 * 53-bit hash (cyrb53) of a row's natural key — customers: customer_id; events: customer, time, type, product,
 * session; exposures: customer, offer, arm, shown_at. Kept in a Set<number> to drop repeated rows of one file in
 * about 40 bytes a row; two different keys collide with probability ~n²/2⁵⁴ (≈ 6·10⁻⁵ for a million rows).
 */
export function naturalKey(kind: CsvKind, row: ParsedRow[CsvKind]): string {
  switch (kind) {
    case 'customers':
      return (row as ParsedRow['customers']).customerId;
    case 'events': {
      const e = row as ParsedRow['events'];
      return `${e.customerId}\u0001${e.occurredAt.getTime()}\u0001${e.type}\u0001${e.productId ?? ''}\u0001${e.sessionId ?? ''}`;
    }
    case 'exposures': {
      const x = row as ParsedRow['exposures'];
      return `${x.customerId}\u0001${x.offerId ?? ''}\u0001${x.arm ?? ''}\u0001${x.shownAt.getTime()}`;
    }
  }
}

export function naturalKeyHash(kind: CsvKind, row: ParsedRow[CsvKind]): number {
  return cyrb53(naturalKey(kind, row));
}

/** cyrb53 of one string: the fingerprint of a one-field line. */
export function cyrb53(str: string, seed = 0): number {
  return lineHash([str], seed);
}

/**
 * A whole line's fingerprint: cyrb53 of its fields joined by U+0001 — the same number as
 * `cyrb53(fields.join('\u0001'))` (fingerprints stored by earlier imports stay comparable) without building the
 * joined string for every row.
 */
export function lineHash(fields: readonly string[], seed = 0): number {
  let h1 = 0xdeadbeef ^ seed,
    h2 = 0x41c6ce57 ^ seed;
  for (let f = 0; f < fields.length; f++) {
    if (f > 0) {
      h1 = Math.imul(h1 ^ 1, 2654435761);
      h2 = Math.imul(h2 ^ 1, 1597334677);
    }
    const str = fields[f];
    for (let i = 0; i < str.length; i++) {
      const ch = str.charCodeAt(i);
      h1 = Math.imul(h1 ^ ch, 2654435761);
      h2 = Math.imul(h2 ^ ch, 1597334677);
    }
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
