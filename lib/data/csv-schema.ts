/**
 * The three documented CSV upload formats (customers, events, exposures): canonical columns, header aliases,
 * header resolution, and per-row validation that turns string fields into typed rows or precise errors.
 * Pure: the one database-dependent check (does this customer exist?) is a callback supplied by the caller.
 */

import { isUnsafeText, unsafeTextReason } from '../validation/unsafe-text';
import { countryToIso2 } from './country-names';
import type { RowError, RowErrorCode } from './csv-format';
import { parseCsvDate, parseCsvNumber, quoteForMessage } from './csv-values';
import { type AttributeColumn, type AttributeValue, parseAttributes } from './customer-attributes';
import { DATE_FORMAT_LABELS, type DateFormat, parseDateAs } from './date-formats';

export type { RowError, RowErrorCode } from './csv-format';
export { REPORT_CSV_HEADER, reportToCsv } from './csv-format';

export type CsvKind = 'customers' | 'events' | 'exposures';
export const CSV_KINDS: readonly CsvKind[] = ['customers', 'events', 'exposures'];

export const EVENT_TYPES = ['view', 'search', 'add_to_cart', 'remove_from_cart', 'purchase', 'return'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Canonical header of each kind, in the documented column order. */
export const CSV_COLUMNS = {
  customers: ['customer_id', 'signup_date', 'country', 'email', 'phone', 'name'],
  events: [
    'customer_id',
    'timestamp',
    'type',
    'product_id',
    'category',
    'price',
    'quantity',
    'session_id',
    'dwell_seconds',
  ],
  exposures: ['customer_id', 'offer_id', 'arm', 'discount_pct', 'shown_at', 'converted', 'revenue', 'propensity'],
} as const;
export type CsvColumn<K extends CsvKind = CsvKind> = (typeof CSV_COLUMNS)[K][number];

type ColumnType = 'text' | 'date' | 'number' | 'integer' | 'country' | 'event_type' | 'binary';

export interface ColumnSpec {
  name: string;
  required: boolean;
  type: ColumnType;
  /** Longest accepted value after trimming, in UTF-16 code units. */
  maxLength: number;
  /** Normalised header names (see normaliseHeader) that also mean this column. */
  aliases: readonly string[];
  /** Negative numbers give 'negative_value'. */
  nonNegative?: boolean;
  /** Numbers outside [lo, hi] (or (lo, hi] when loExclusive) give 'out_of_range'. */
  range?: { lo: number; hi: number; loExclusive?: boolean };
}

const CUSTOMER_ALIASES = ['cust_id', 'customer', 'customer_external_id', 'external_id', 'client_id', 'user_id'];
const col = (
  name: string,
  type: ColumnType,
  required: boolean,
  maxLength: number,
  aliases: string[],
  extra = {},
): ColumnSpec => ({ name, type, required, maxLength, aliases, ...extra });

/** Column specifications per kind, in canonical order (same order as CSV_COLUMNS). */
export const CSV_SCHEMAS: Readonly<Record<CsvKind, readonly ColumnSpec[]>> = {
  customers: [
    col('customer_id', 'text', true, 128, [...CUSTOMER_ALIASES, 'id']),
    col('signup_date', 'date', false, 40, [
      'signup_at',
      'signed_up_at',
      'signup',
      'signup_time',
      'registered_at',
      'registration_date',
      'created_at',
      'joined_at',
    ]),
    col('country', 'country', false, 64, ['country_code', 'country_iso', 'iso_country']),
    col('email', 'text', false, 254, ['email_address', 'e_mail', 'mail']),
    col('phone', 'text', false, 64, ['phone_number', 'telephone', 'tel', 'mobile']),
    col('name', 'text', false, 200, ['full_name', 'customer_name']),
  ],
  events: [
    col('customer_id', 'text', true, 128, CUSTOMER_ALIASES),
    col('timestamp', 'date', true, 40, [
      'occurred_at',
      'time',
      'event_time',
      'event_timestamp',
      'datetime',
      'date',
      'ts',
    ]),
    col('type', 'event_type', true, 40, ['event_type', 'event', 'event_name', 'action']),
    col('product_id', 'text', false, 128, ['product', 'sku', 'item_id']),
    col('category', 'text', false, 128, ['product_category', 'category_name']),
    col('price', 'number', false, 40, ['unit_price', 'item_price', 'amount'], { nonNegative: true }),
    // negative on a purchase or return: a return (see validateRow); negative on other types: negative_value
    col('quantity', 'integer', false, 40, ['qty', 'units']),
    col('session_id', 'text', false, 128, ['session']),
    col('dwell_seconds', 'number', false, 40, ['dwell', 'dwell_time', 'dwell_s', 'time_on_page', 'duration_seconds'], {
      nonNegative: true,
    }),
  ],
  exposures: [
    col('customer_id', 'text', true, 128, CUSTOMER_ALIASES),
    col('offer_id', 'text', false, 128, ['offer', 'campaign_id', 'promotion_id']),
    col('arm', 'text', false, 128, ['treatment', 'treatment_name', 'arm_name', 'variant', 'treatment_arm']),
    col('discount_pct', 'number', false, 40, ['discount', 'discount_percent', 'discount_percentage', 'pct_off'], {
      range: { lo: 0, hi: 100 },
    }),
    col('shown_at', 'date', true, 40, ['timestamp', 'exposed_at', 'sent_at', 'time', 'exposure_time']),
    col('converted', 'binary', true, 40, ['conversion', 'is_converted', 'purchased', 'outcome']),
    col('revenue', 'number', false, 40, ['order_value', 'amount', 'revenue_after_discount'], { nonNegative: true }),
    col('propensity', 'number', false, 40, ['probability', 'assignment_probability', 'prob'], {
      range: { lo: 0, hi: 1, loExclusive: true },
    }),
  ],
};

/**
 * Normalises a header cell for matching: strips a BOM, splits camelCase, lower-cases, and turns every run of
 * non-alphanumerics into one underscore ('Customer ID' and 'customerId' -> 'customer_id').
 */
export function normaliseHeader(cell: string): string {
  return cell
    .replace(/^\uFEFF/, '')
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** Where each canonical column sits in the file (-1 when an optional column is absent). */
export interface ColumnMapping<K extends CsvKind = CsvKind> {
  kind: K;
  /** Number of fields every data row must have (the header's length). */
  width: number;
  index: Readonly<Record<CsvColumn<K>, number>>;
  /** Fixed values for columns the file lacks ("type = purchase"); used where index is -1. */
  constants?: Readonly<Partial<Record<string, string>>>;
  /** Derived values: when the source field matches, the target column takes `value` (first match wins). */
  derive?: readonly DeriveRule[];
  /** How date columns are read (default: ISO 8601 only) and the zone of wall-clock times (default UTC). */
  dateFormat?: DateFormat;
  timeZone?: string;
  /** An invalid optional value is cleared (kept as a warning) instead of rejecting the row. */
  clearInvalidOptional?: boolean;
  /** customers: the extra columns stored as attributes (see customer-attributes.ts) */
  attributes?: readonly AttributeColumn[];
}

export interface DeriveRule {
  column: string;
  value: string;
  /** index of the source field in the row */
  source: number;
  op: 'starts_with' | 'equals' | 'contains' | 'negative';
  arg: string;
}

function ruleMatches(r: DeriveRule, fields: readonly string[]): boolean {
  const f = (fields[r.source] ?? '').trim();
  switch (r.op) {
    case 'starts_with':
      return f.startsWith(r.arg);
    case 'equals':
      return f === r.arg;
    case 'contains':
      return f.includes(r.arg);
    case 'negative': {
      const v = parseCsvNumber(f);
      return v !== null && v < 0;
    }
  }
}

export type HeaderResolution<K extends CsvKind = CsvKind> =
  | {
      ok: true;
      mapping: ColumnMapping<K> /** header cells that map to no column (ignored on import) */;
      ignored: string[];
    }
  | {
      ok: false /** required canonical columns not found */;
      missing: string[] /** other problems, human-readable */;
      problems: string[];
    };

/**
 * Finds each canonical column in a header row. Order of precedence: the user's explicit mapping (canonical
 * column -> header cell text, compared exactly, then normalised), then an exact normalised name, then an alias.
 * Two unmapped header cells matching the same column at the same precedence is a problem (ambiguous).
 */
export function resolveHeader<K extends CsvKind>(
  kind: K,
  headerRow: readonly string[],
  userMapping: Readonly<Record<string, string>> = {},
  /** columns given a value another way (a constant or a derivation): not missing when absent from the header */
  provided: ReadonlySet<string> = new Set(),
): HeaderResolution<K> {
  const specs = CSV_SCHEMAS[kind];
  if (!specs) throw new TypeError(`resolveHeader: unknown CSV kind ${String(kind)}`);
  const norm = headerRow.map(normaliseHeader);
  const used = new Set<number>();
  const index: Record<string, number> = {};
  const problems: string[] = [];
  for (const [column, cell] of Object.entries(userMapping)) {
    if (!specs.some((s) => s.name === column)) {
      problems.push(`mapping names unknown column "${column}" for ${kind}`);
      continue;
    }
    let i = headerRow.indexOf(cell);
    if (i < 0) i = norm.indexOf(normaliseHeader(cell));
    if (i < 0) problems.push(`mapping for ${column}: no header cell ${quoteForMessage(cell)}`);
    else if (used.has(i)) problems.push(`header cell ${quoteForMessage(headerRow[i])} is mapped to two columns`);
    else {
      index[column] = i;
      used.add(i);
    }
  }
  for (const spec of specs) {
    if (spec.name in index) continue;
    for (const names of [[spec.name], spec.aliases]) {
      const hits = norm.flatMap((n, i) => (!used.has(i) && names.includes(n) ? [i] : []));
      if (hits.length > 1) {
        problems.push(
          `header cells ${hits.map((i) => quoteForMessage(headerRow[i])).join(' and ')} all look like ${spec.name}; map one explicitly`,
        );
      }
      if (hits.length >= 1) {
        index[spec.name] = hits[0];
        used.add(hits[0]);
        break;
      }
    }
  }
  const missing = specs.filter((s) => s.required && !(s.name in index) && !provided.has(s.name)).map((s) => s.name);
  // an exposure's treatment is an arm, a discount level, or both: one of the two columns must be there
  if (kind === 'exposures' && !('arm' in index) && !('discount_pct' in index) && !provided.has('discount_pct'))
    missing.push('discount_pct');
  if (missing.length > 0 || problems.length > 0) return { ok: false, missing, problems };
  for (const spec of specs) if (!(spec.name in index)) index[spec.name] = -1;
  const ignored = headerRow.filter((_, i) => !used.has(i));
  return {
    ok: true,
    mapping: { kind, width: headerRow.length, index: index as Record<CsvColumn<K>, number> },
    ignored,
  };
}

/** A valid customers row, typed. Empty optional fields are null. */
export interface ParsedCustomerRow {
  customerId: string;
  signupAt: Date | null;
  /** Upper-case ISO 3166-1 alpha-2. */
  country: string | null;
  email: string | null;
  phone: string | null;
  name: string | null;
  /** attribute name -> value, for the mapping's attribute columns; empty fields left out */
  attributes: Record<string, AttributeValue>;
}

/** A valid events row, typed. An empty quantity is 1 (the database default). */
export interface ParsedEventRow {
  customerId: string;
  occurredAt: Date;
  type: EventType;
  productId: string | null;
  category: string | null;
  price: number | null;
  quantity: number;
  sessionId: string | null;
  dwellSeconds: number | null;
}

/** A valid exposures row, typed. An empty revenue is 0 (the database default). */
export interface ParsedExposureRow {
  customerId: string;
  offerId: string | null;
  /** treatment arm; an exposures row names an arm, a discount, or both (a missing discount is 0) */
  arm: string | null;
  discountPct: number;
  shownAt: Date;
  converted: 0 | 1;
  revenue: number;
  propensity: number | null;
}

export interface ParsedRow {
  customers: ParsedCustomerRow;
  events: ParsedEventRow;
  exposures: ParsedExposureRow;
}

export type RowResult<K extends CsvKind> =
  | { ok: true; value: ParsedRow[K]; warnings?: RowError[] }
  | { ok: false; errors: RowError[] };

export interface ValidateRowOptions {
  /** Called with the trimmed customer_id of events/exposures rows; false gives 'unknown_customer'. */
  knownCustomer?: (customerId: string) => boolean;
}

const EVENT_TYPE_ALIASES: Readonly<Record<string, EventType>> = {
  page_view: 'view',
  pageview: 'view',
  product_view: 'view',
  addtocart: 'add_to_cart',
  cart_add: 'add_to_cart',
  add: 'add_to_cart',
  removefromcart: 'remove_from_cart',
  cart_remove: 'remove_from_cart',
  remove: 'remove_from_cart',
  order: 'purchase',
  checkout: 'purchase',
  buy: 'purchase',
  transaction: 'purchase',
  refund: 'return',
  returned: 'return',
  cancellation: 'return',
  cancelled: 'return',
  canceled: 'return',
};
/** Why a field was refused; any other result of parseField is the field's value (no object per valid field). */
class FieldFailure {
  constructor(
    readonly code: RowErrorCode,
    readonly message: string,
  ) {}
}

function parseField(spec: ColumnSpec, s: string, mapping: ColumnMapping): unknown {
  switch (spec.type) {
    case 'text':
      return s;
    case 'date': {
      const f = mapping.dateFormat;
      const d = f ? parseDateAs(s, f, mapping.timeZone) : parseCsvDate(s);
      if (d) return d;
      return new FieldFailure(
        'bad_date',
        f
          ? `${quoteForMessage(s)} is not a date in the chosen format ${DATE_FORMAT_LABELS[f]}`
          : `${quoteForMessage(s)} is not a valid date; use YYYY-MM-DD, ISO 8601 with Z or an offset, or YYYY-MM-DD HH:MM:SS (UTC)`,
      );
    }
    case 'country': {
      const c = countryToIso2(s);
      if (c) return c;
      return new FieldFailure(
        'bad_country',
        `${quoteForMessage(s)} is not a country (ISO 3166-1 alpha-2 code or English name)`,
      );
    }
    case 'event_type': {
      const t = s.toLowerCase().replace(/[\s-]+/g, '_');
      const type = (EVENT_TYPES as readonly string[]).includes(t) ? (t as EventType) : EVENT_TYPE_ALIASES[t];
      return (
        type ?? new FieldFailure('unknown_event_type', `${quoteForMessage(s)} is not one of ${EVENT_TYPES.join(', ')}`)
      );
    }
    case 'binary': {
      const l = s.toLowerCase();
      if (l === 'true' || l === 'yes') return 1;
      if (l === 'false' || l === 'no') return 0;
      const v = parseCsvNumber(s);
      if (v === null) return new FieldFailure('bad_number', `${quoteForMessage(s)} is not 0 or 1`);
      return v === 0 || v === 1
        ? v
        : new FieldFailure('out_of_range', `${spec.name} must be 0 or 1 (got ${quoteForMessage(s)})`);
    }
    case 'number':
    case 'integer': {
      const v = parseCsvNumber(s);
      if (v === null)
        return new FieldFailure(
          'bad_number',
          `${quoteForMessage(s)} is not a number (plain decimal, no thousands separators or currency)`,
        );
      if (spec.type === 'integer' && !Number.isInteger(v))
        return new FieldFailure('bad_number', `${quoteForMessage(s)} is not a whole number`);
      if (spec.nonNegative && v < 0)
        return new FieldFailure('negative_value', `${spec.name} must not be negative (got ${quoteForMessage(s)})`);
      const r = spec.range;
      if (r && (v > r.hi || (r.loExclusive ? v <= r.lo : v < r.lo))) {
        return new FieldFailure(
          'out_of_range',
          `${spec.name} must be in ${r.loExclusive ? '(' : '['}${r.lo}, ${r.hi}] (got ${quoteForMessage(s)})`,
        );
      }
      return v;
    }
  }
}

/**
 * The errors and warnings of one row, their arrays made on the first one (most rows have none): one object a row
 * instead of an array and two closures.
 */
class RowProblems {
  errors: RowError[] | undefined;
  warnings: RowError[] | undefined;
  constructor(
    private readonly line: number,
    private readonly clearInvalidOptional: boolean,
  ) {}
  add(e: RowError): void {
    if (this.errors) this.errors.push(e);
    else this.errors = [e];
  }
  error(column: string, code: RowErrorCode, message: string): void {
    this.add({ line: this.line, column, code, message });
  }
  warn(column: string, code: RowErrorCode, message: string): void {
    const w = { line: this.line, column, code, message };
    if (this.warnings) this.warnings.push(w);
    else this.warnings = [w];
  }
  /** an invalid optional value is cleared and reported as a warning when the mapping says so */
  fail(spec: ColumnSpec, code: RowErrorCode, message: string): void {
    if (spec.required || !this.clearInvalidOptional) this.error(spec.name, code, message);
    else this.warn(spec.name, code, `${message}; cleared`);
  }
}

/**
 * Validates one data row against a resolved header and returns the typed row or every error found in it.
 * Checks, per mapped column: bad_encoding (U+FFFD, NUL or a lone surrogate in the field), too_long, missing_value (required and
 * empty), then the type rules (bad_date, bad_number, negative_value, out_of_range, unknown_event_type,
 * bad_country); then unknown_customer via options.knownCustomer (events and exposures only) and, for
 * exposures, revenue > 0 with converted = 0 (out_of_range on revenue). A row with the wrong number of fields
 * gets only 'wrong_column_count'. Fields are trimmed. Callers skip blank lines before calling.
 * @param lineNumber 1-based line number in the file (the header is line 1), copied into each error.
 */
export function validateRow<K extends CsvKind>(
  kind: K,
  fields: readonly string[],
  lineNumber: number,
  mapping: ColumnMapping<K>,
  options: ValidateRowOptions = {},
): RowResult<K> {
  if (mapping.kind !== kind) throw new TypeError(`validateRow: mapping is for ${mapping.kind}, not ${kind}`);
  if (fields.length !== mapping.width) {
    const message = `expected ${mapping.width} fields, found ${fields.length}`;
    return { ok: false, errors: [{ line: lineNumber, column: '', code: 'wrong_column_count', message }] };
  }
  const r = new RowProblems(lineNumber, !!mapping.clearInvalidOptional);
  const v: Record<string, unknown> = {};
  const index = mapping.index as Record<string, number>;
  for (const spec of CSV_SCHEMAS[kind]) {
    v[spec.name] = null;
    const i = index[spec.name];
    let raw = i === undefined || i < 0 ? mapping.constants?.[spec.name] : fields[i];
    if (mapping.derive) {
      for (const r of mapping.derive) {
        if (r.column === spec.name && ruleMatches(r, fields)) {
          raw = r.value;
          break;
        }
      }
    }
    if (raw === undefined) continue;
    if (raw.includes('\uFFFD')) {
      r.fail(spec, 'bad_encoding', 'contains the replacement character U+FFFD; save the file as UTF-8');
      continue;
    }
    if (isUnsafeText(raw)) {
      r.error(spec.name, 'bad_encoding', `${unsafeTextReason(raw)}; such text cannot be stored`);
      continue;
    }
    const s = raw.trim();
    if (s.length > spec.maxLength) {
      r.fail(spec, 'too_long', `${s.length} characters; at most ${spec.maxLength} allowed`);
      continue;
    }
    if (s === '') {
      if (spec.required) r.error(spec.name, 'missing_value', `${spec.name} is required`);
      continue;
    }
    const p = parseField(spec, s, mapping);
    if (p instanceof FieldFailure) r.fail(spec, p.code, p.message);
    else v[spec.name] = p;
  }
  if (kind === 'events' && typeof v.quantity === 'number' && v.quantity < 0) {
    // a negative quantity on a purchase (or a return) is a return of that many units
    if (v.type === 'purchase' || v.type === 'return') {
      v.type = 'return';
      v.quantity = -v.quantity;
    } else {
      const q = quoteForMessage(String(v.quantity));
      v.quantity = null;
      if (mapping.clearInvalidOptional) {
        r.warn(
          'quantity',
          'negative_value',
          `quantity must not be negative on a ${String(v.type)} event (got ${q}); cleared`,
        );
      } else r.error('quantity', 'negative_value', `quantity must not be negative (got ${q})`);
    }
  }
  const id = v.customer_id as string | null;
  if (kind !== 'customers' && id !== null && options.knownCustomer && !options.knownCustomer(id)) {
    r.error('customer_id', 'unknown_customer', `customer ${quoteForMessage(id)} is not in the customers data`);
  }
  if (kind === 'exposures' && v.arm === null && v.discount_pct === null && index.discount_pct >= 0) {
    if (!r.errors?.some((e) => e.column === 'discount_pct'))
      r.error('discount_pct', 'missing_value', 'discount_pct is required when the row names no arm');
  }
  if (kind === 'customers' && mapping.attributes?.length) {
    const a = parseAttributes(mapping.attributes, fields, lineNumber);
    for (const e of a.errors) r.add(e);
    v.attributes = a.values;
  }
  if (kind === 'exposures' && v.converted === 0 && typeof v.revenue === 'number' && v.revenue > 0) {
    r.error('revenue', 'out_of_range', 'revenue must be 0 when converted is 0');
  }
  if (r.errors) return { ok: false, errors: r.errors };
  return r.warnings
    ? { ok: true, value: buildRow(kind, v), warnings: r.warnings }
    : { ok: true, value: buildRow(kind, v) };
}

function buildRow<K extends CsvKind>(kind: K, v: Record<string, unknown>): ParsedRow[K] {
  if (kind === 'customers') {
    const row: ParsedCustomerRow = {
      customerId: v.customer_id as string,
      signupAt: v.signup_date as Date | null,
      country: v.country as string | null,
      email: v.email as string | null,
      phone: v.phone as string | null,
      name: v.name as string | null,
      attributes: (v.attributes as Record<string, AttributeValue> | undefined) ?? {},
    };
    return row as ParsedRow[K];
  }
  if (kind === 'events') {
    const row: ParsedEventRow = {
      customerId: v.customer_id as string,
      occurredAt: v.timestamp as Date,
      type: v.type as EventType,
      productId: v.product_id as string | null,
      category: v.category as string | null,
      price: v.price as number | null,
      quantity: (v.quantity as number | null) ?? 1,
      sessionId: v.session_id as string | null,
      dwellSeconds: v.dwell_seconds as number | null,
    };
    return row as ParsedRow[K];
  }
  const row: ParsedExposureRow = {
    customerId: v.customer_id as string,
    offerId: v.offer_id as string | null,
    arm: v.arm as string | null,
    discountPct: (v.discount_pct as number | null) ?? 0,
    shownAt: v.shown_at as Date,
    converted: v.converted as 0 | 1,
    revenue: (v.revenue as number | null) ?? 0,
    propensity: v.propensity as number | null,
  };
  return row as ParsedRow[K];
}
