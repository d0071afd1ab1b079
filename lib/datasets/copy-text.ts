import type { CsvKind, EventType, ParsedRow } from '../data/csv-schema';
import { hashPii, maskEmail, maskName, maskPhone } from '../data/privacy';

/**
 * Rows of an import encoded as lines of PostgreSQL's COPY text format (tab-separated, `\N` for NULL, backslash
 * escapes), in the column order of the staging table (staged-insert.ts). Pure: no I/O.
 * https://www.postgresql.org/docs/current/sql-copy.html#id-1.9.3.55.9.2
 */

const SPECIAL = /[\\\n\r\t]/;

/** One value as a COPY text field: null → \N; backslash, newline, carriage return and tab escaped. */
export function copyField(v: string | number | boolean | Date | null): string {
  if (v === null) return '\\N';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (v instanceof Date) return v.toISOString();
  if (!SPECIAL.test(v)) return v;
  return v.replace(/[\\\n\r\t]/g, (c) => (c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t'));
}

/** Staging columns after (line, hash), per kind, with their SQL types (the order the encoders write). */
export const STAGE_COLUMNS: Record<CsvKind, [name: string, sqlType: string][]> = {
  customers: [
    ['ext', 'text'],
    ['signup', 'timestamptz'],
    ['country', 'text'],
    ['eh', 'text'],
    ['em', 'text'],
    ['ph', 'text'],
    ['pm', 'text'],
    ['nh', 'text'],
    ['nm', 'text'],
    ['attrs', 'text'],
  ],
  events: [
    ['ext', 'text'],
    ['type', 'text'],
    ['at', 'timestamptz'],
    ['product', 'text'],
    ['category', 'text'],
    ['price', 'float8'],
    ['quantity', 'int4'],
    ['session', 'text'],
    ['dwell', 'float8'],
  ],
  exposures: [
    ['ext', 'text'],
    ['offer', 'text'],
    ['arm', 'text'],
    ['discount', 'float8'],
    ['propensity', 'float8'],
    ['shown', 'timestamptz'],
    ['converted', 'bool'],
    ['revenue', 'float8'],
  ],
};

function fields(
  kind: CsvKind,
  row: ParsedRow[CsvKind],
  piiSecret: string,
): (string | number | boolean | Date | null)[] {
  switch (kind) {
    case 'customers': {
      const c = row as ParsedRow['customers'];
      const attrs = c.attributes && Object.keys(c.attributes).length ? JSON.stringify(c.attributes) : null;
      return [
        c.customerId,
        c.signupAt,
        c.country,
        c.email ? hashPii(piiSecret, c.email, 'email') : null,
        c.email ? maskEmail(c.email) : null,
        c.phone ? hashPii(piiSecret, c.phone, 'phone') : null,
        c.phone ? maskPhone(c.phone) : null,
        c.name ? hashPii(piiSecret, c.name, 'text') : null,
        c.name ? maskName(c.name) : null,
        attrs,
      ];
    }
    case 'events': {
      const e = row as ParsedRow['events'];
      return [
        e.customerId,
        EVENT_TYPE_ENUM[e.type],
        e.occurredAt,
        e.productId,
        e.category,
        e.price,
        e.quantity,
        e.sessionId,
        e.dwellSeconds,
      ];
    }
    case 'exposures': {
      const x = row as ParsedRow['exposures'];
      return [x.customerId, x.offerId, x.arm, x.discountPct, x.propensity, x.shownAt, x.converted === 1, x.revenue];
    }
  }
}

/**
 * One staging line: file line, duplicate fingerprint, then the kind's columns; personal data (customers) as
 * HMAC + mask only, so clear text never reaches the database.
 */
export function copyLine(
  kind: CsvKind,
  row: ParsedRow[CsvKind],
  line: number,
  hash: number,
  piiSecret: string,
): string {
  let out = `${line}\t${hash}`;
  for (const f of fields(kind, row, piiSecret)) out += `\t${copyField(f)}`;
  return `${out}\n`;
}

/** A nullable number as a COPY text field. */
const num = (v: number | null): string => (v === null ? '\\N' : String(v));

/**
 * One row of "Event" as COPY text, resolved: `prefix` is the organisation and dataset columns (escaped, each
 * followed by a tab), then the internal customer id (ours: nothing to escape), the enum type, the time as UTC
 * wall-clock (`occurredAt` is a timestamp without time zone) and the row's values.
 */
export function eventCopyLine(prefix: string, customerId: string, e: ParsedRow['events']): string {
  return (
    `${prefix}${customerId}\t${EVENT_TYPE_ENUM[e.type]}\t${e.occurredAt.toISOString().slice(0, -1)}\t` +
    `${copyField(e.productId)}\t${copyField(e.category)}\t${num(e.price)}\t${e.quantity}\t` +
    `${copyField(e.sessionId)}\t${num(e.dwellSeconds)}\n`
  );
}

/** An event type's name in the database enum "EventType" (one table for the staging and the direct COPY lines). */
const EVENT_TYPE_ENUM: Readonly<Record<EventType, string>> = {
  view: 'VIEW',
  search: 'SEARCH',
  add_to_cart: 'ADD_TO_CART',
  remove_from_cart: 'REMOVE_FROM_CART',
  purchase: 'PURCHASE',
  return: 'RETURN',
};
