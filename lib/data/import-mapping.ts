/**
 * A saved import mapping: how the columns of a merchant's file become OfferPilot's columns — header cells per
 * column, constants ("type = purchase"), derived values ("InvoiceNo starts with C → return"), the date format
 * and time zone, and import options. `compileMapping` checks it against a header and gives the ColumnMapping
 * that validateRow uses. Pure.
 */
import { z } from 'zod';
import { type ColumnMapping, CSV_SCHEMAS, type CsvKind, type DeriveRule, resolveHeader } from './csv-schema';
import { quoteForMessage } from './csv-values';
import { DATE_FORMATS, type DateFormat, isValidTimeZone } from './date-formats';

const ZCell = z.string().trim().min(1).max(200);

export const ZImportMappingSpec = z.object({
  /** column -> header cell of the file */
  columns: z.record(z.string().max(64), ZCell).default({}),
  /** column -> fixed value for every row */
  constants: z.record(z.string().max(64), z.string().trim().min(1).max(200)).default({}),
  derive: z
    .array(
      z.object({
        column: z.string().max(64),
        value: z.string().trim().min(1).max(200),
        when: z.object({
          source: ZCell,
          op: z.enum(['starts_with', 'equals', 'contains', 'negative']),
          arg: z.string().max(200).default(''),
        }),
      }),
    )
    .max(20)
    .default([]),
  dateFormat: z.enum(['auto', ...DATE_FORMATS]).default('auto'),
  timeZone: z
    .string()
    .max(64)
    .default('UTC')
    .refine(isValidTimeZone, { message: 'not an IANA time zone (e.g. Europe/London, UTC)' }),
  /** events and exposures: a customer id not yet known creates the customer instead of rejecting the row */
  createCustomers: z.boolean().default(false),
  /** an invalid optional value is cleared with a warning (default) or rejects the row */
  invalidOptional: z.enum(['clear', 'reject']).default('clear'),
  /** what makes two rows duplicates: the whole line (default) or the kind's natural key */
  duplicates: z.enum(['line', 'key']).default('line'),
});
export type ImportMappingSpec = z.infer<typeof ZImportMappingSpec>;

/** The columns of each kind's declared key (`duplicates: 'key'`): two rows with equal values there are duplicates. */
export const DUPLICATE_KEY_COLUMNS = {
  customers: ['customer_id'],
  events: ['customer_id', 'timestamp', 'type', 'product_id', 'session_id'],
  exposures: ['customer_id', 'offer_id', 'arm', 'shown_at'],
} as const;

/** What made a row a duplicate, in words: "the same whole line" or "the same customer_id, timestamp, …". */
export function describeDuplicateRule(kind: keyof typeof DUPLICATE_KEY_COLUMNS, mode: 'line' | 'key'): string {
  return mode === 'key' ? `the same ${DUPLICATE_KEY_COLUMNS[kind].join(', ')}` : 'the same whole line';
}
export type ImportMappingInput = z.input<typeof ZImportMappingSpec>;

/** Accepts the full spec or the older flat form { column: header cell }. */
export function readMappingSpec(value: unknown): ImportMappingSpec {
  const v = value ?? {};
  const specKeys = Object.keys(ZImportMappingSpec.shape);
  const looksFlat =
    typeof v === 'object' &&
    v !== null &&
    Object.values(v).every((x) => typeof x === 'string') &&
    !Object.keys(v).some((k) => specKeys.includes(k));
  return ZImportMappingSpec.parse(looksFlat ? { columns: v } : v);
}

/** A stable string of the spec (sorted keys) for the idempotency key of an upload. */
export function canonicalMapping(spec: ImportMappingSpec): string {
  const sort = (x: unknown): unknown =>
    Array.isArray(x)
      ? x.map(sort)
      : x && typeof x === 'object'
        ? Object.fromEntries(
            Object.keys(x as object)
              .sort()
              .map((k) => [k, sort((x as Record<string, unknown>)[k])]),
          )
        : x;
  return JSON.stringify(sort(spec));
}

export type CompiledMapping<K extends CsvKind> =
  | { ok: true; mapping: ColumnMapping<K>; ignored: string[] }
  | { ok: false; missing: string[]; problems: string[] };

/**
 * Resolves a spec against a header: explicit cells, then canonical names and aliases for the rest; constants and
 * derivations count as providing their column. `dateFormat` must already be concrete (not 'auto').
 */
export function compileMapping<K extends CsvKind>(
  kind: K,
  header: readonly string[],
  spec: ImportMappingSpec,
  dateFormat: DateFormat | undefined,
): CompiledMapping<K> {
  const names = new Set(CSV_SCHEMAS[kind].map((s) => s.name));
  const problems: string[] = [];
  for (const c of [...Object.keys(spec.constants), ...spec.derive.map((d) => d.column)]) {
    if (!names.has(c)) problems.push(`unknown column "${c}" for ${kind}`);
  }
  const provided = new Set([...Object.keys(spec.constants), ...spec.derive.map((d) => d.column)]);
  // a column given a constant is not looked for in the header
  const r = resolveHeader(kind, header, spec.columns, provided);
  if (!r.ok) return { ok: false, missing: r.missing, problems: [...r.problems, ...problems] };
  const derive: DeriveRule[] = [];
  for (const d of spec.derive) {
    let source = header.indexOf(d.when.source);
    if (source < 0) source = header.findIndex((h) => h.trim().toLowerCase() === d.when.source.toLowerCase());
    if (source < 0) problems.push(`rule for ${d.column}: no header cell ${quoteForMessage(d.when.source)}`);
    else derive.push({ column: d.column, value: d.value, source, op: d.when.op, arg: d.when.arg });
  }
  if (problems.length) return { ok: false, missing: [], problems };
  const index = { ...r.mapping.index } as Record<string, number>;
  // an explicit constant wins over a header cell found by name
  for (const c of Object.keys(spec.constants)) if (!(c in spec.columns)) index[c] = -1;
  return {
    ok: true,
    ignored: r.ignored,
    mapping: {
      ...r.mapping,
      index: index as ColumnMapping<K>['index'],
      constants: spec.constants,
      derive,
      dateFormat,
      timeZone: spec.timeZone,
      clearInvalidOptional: spec.invalidOptional === 'clear',
    },
  };
}
