/**
 * Parsers for the scalar values found in merchant CSV uploads. Each returns the parsed value or null, so the
 * row validator can turn a null into the right error code.
 */

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
// date, 'T' or ' ', HH:MM, optional :SS, optional fraction, optional zone (Z or ±HH:MM / ±HHMM / ±HH)
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})([T ])(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** Days in a month of the proleptic Gregorian calendar (month 1..12). */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

// years before 1000 are rejected: Date.UTC maps 0..99 to 1900..1999, and no merchant data is that old
function validYmd(y: number, m: number, d: number): boolean {
  return y >= 1000 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

/**
 * Parses a timestamp from a CSV field. Accepted forms (anything else, or an impossible calendar date such as
 * 2026-02-30 or 24:00, gives null):
 * - `YYYY-MM-DD` (midnight UTC);
 * - ISO 8601 / RFC 3339 datetime with a zone: `YYYY-MM-DDTHH:MM[:SS[.fff]](Z|±HH:MM|±HHMM|±HH)`;
 * - `YYYY-MM-DD HH:MM[:SS[.fff]]`, read as UTC (a zone suffix is also accepted).
 * A `T` datetime without a zone is rejected: its local time is ambiguous.
 * Fractions beyond milliseconds are truncated.
 */
export function parseCsvDate(text: string): Date | null {
  const s = text.trim();
  const d = DATE_ONLY.exec(s);
  if (d) {
    const y = +d[1],
      m = +d[2],
      day = +d[3];
    return validYmd(y, m, day) ? new Date(Date.UTC(y, m - 1, day)) : null;
  }
  const t = DATE_TIME.exec(s);
  if (!t) return null;
  const [, ys, ms, ds, sep, hs, mins, secs, frac, zone] = t;
  if (sep.toUpperCase() === 'T' && zone === undefined) return null;
  const y = +ys,
    m = +ms,
    day = +ds,
    h = +hs,
    mi = +mins,
    sec = secs === undefined ? 0 : +secs;
  if (!validYmd(y, m, day) || h > 23 || mi > 59 || sec > 59) return null;
  const milli = frac === undefined ? 0 : Math.floor(+`0.${frac}` * 1000);
  let offsetMin = 0;
  if (zone !== undefined && zone.toUpperCase() !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const oh = +digits.slice(0, 2),
      om = digits.length > 2 ? +digits.slice(2) : 0;
    if (oh > 18 || om > 59) return null;
    offsetMin = sign * (oh * 60 + om);
  }
  return new Date(Date.UTC(y, m - 1, day, h, mi, sec, milli) - offsetMin * 60_000);
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Parses a plain decimal number (`12`, `-3.5`, `.5`, `1e3`). Thousands separators, currency signs, `NaN`,
 * `Infinity` and empty strings give null.
 */
export function parseCsvNumber(text: string): number | null {
  const s = text.trim();
  if (!NUMBER.test(s)) return null;
  const v = Number(s);
  return Number.isFinite(v) ? v : null;
}

/** Formats a value for an error message: quoted, and shortened to at most 40 characters. */
export function quoteForMessage(text: string): string {
  const s = text.length > 40 ? `${text.slice(0, 37)}...` : text;
  return JSON.stringify(s);
}
