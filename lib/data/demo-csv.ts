/**
 * Writes demo rows in the three documented upload formats (canonical headers of csv-schema.ts), so the demo
 * data can be saved as files and uploaded exactly like a merchant's. Dates are ISO 8601 UTC
 * (`2026-09-01T12:00:00.000Z`), money has 2 decimals, empty optional values are empty fields.
 */

import { csvLine } from './csv-format';
import { CSV_COLUMNS, type CsvKind } from './csv-schema';
import type { DemoCustomer, DemoEvent, DemoExposure } from './demo-generator';

export const CUSTOMERS_CSV_HEADER = CSV_COLUMNS.customers.join(',');
export const EVENTS_CSV_HEADER = CSV_COLUMNS.events.join(',');
// the simulated merchant's exposures name discount levels, not arms
export const EXPOSURES_CSV_HEADER = CSV_COLUMNS.exposures.filter((c) => c !== 'arm').join(',');
export const CSV_HEADERS: Readonly<Record<CsvKind, string>> = {
  customers: CUSTOMERS_CSV_HEADER,
  events: EVENTS_CSV_HEADER,
  exposures: EXPOSURES_CSV_HEADER,
};

export interface DemoRow {
  customers: DemoCustomer;
  events: DemoEvent;
  exposures: DemoExposure;
}

/** customer_id,signup_date,country,email,phone,name */
export function customerCsvLine(c: DemoCustomer): string {
  return csvLine([c.externalId, c.signupAt.toISOString(), c.country, c.email, c.phone, c.name]);
}

/** customer_id,timestamp,type,product_id,category,price,quantity,session_id,dwell_seconds */
export function eventCsvLine(e: DemoEvent): string {
  return csvLine([
    e.customerExternalId,
    e.occurredAt.toISOString(),
    e.type,
    e.productId,
    e.category,
    e.price === null ? null : e.price.toFixed(2),
    e.quantity,
    e.sessionId,
    e.dwellSeconds,
  ]);
}

/** customer_id,offer_id,discount_pct,shown_at,converted,revenue,propensity */
export function exposureCsvLine(x: DemoExposure): string {
  return csvLine([
    x.customerExternalId,
    x.offerId,
    x.discountPct,
    x.shownAt.toISOString(),
    x.converted,
    x.revenue.toFixed(2),
    x.propensity,
  ]);
}

const LINE_WRITERS: { [K in CsvKind]: (row: DemoRow[K]) => string } = {
  customers: customerCsvLine,
  events: eventCsvLine,
  exposures: exposureCsvLine,
};

/**
 * Streams a CSV file as text chunks: the first chunk starts with the header line; every line ends with '\n'.
 * @param rowsPerChunk rows per yielded string, default 5000 (bounded memory for 10× data)
 */
export function* toCsvChunks<K extends CsvKind>(
  kind: K,
  rows: Iterable<DemoRow[K]>,
  rowsPerChunk = 5000,
): Generator<string> {
  if (!Number.isInteger(rowsPerChunk) || rowsPerChunk < 1)
    throw new RangeError(`toCsvChunks: rowsPerChunk must be a positive integer`);
  const write = LINE_WRITERS[kind] as (row: DemoRow[K]) => string;
  let chunk = CSV_HEADERS[kind] + '\n';
  let n = 0;
  for (const row of rows) {
    chunk += write(row) + '\n';
    if (++n === rowsPerChunk) {
      yield chunk;
      chunk = '';
      n = 0;
    }
  }
  if (chunk !== '') yield chunk;
}

/** Whole CSV file as one string (small data only). */
export function toCsv<K extends CsvKind>(kind: K, rows: Iterable<DemoRow[K]>): string {
  let out = '';
  for (const c of toCsvChunks(kind, rows)) out += c;
  return out;
}
