/**
 * What a mapping does to the first rows of a file, before anything is imported: the resolved columns, the date
 * format (chosen, or detected with any ambiguity called out), and each sample row parsed or rejected with reasons.
 * Also used when an import starts, to turn a date format of 'auto' into a concrete one. Pure.
 */
import { parse } from 'csv-parse/sync';
import { CSV_SCHEMAS, type CsvKind, type RowError, validateRow } from './csv-schema';
import { type DateDetection, type DateFormat, detectDateFormat } from './date-formats';
import { compileMapping, type ImportMappingSpec } from './import-mapping';

export interface SampleRecord {
  line: number;
  fields: string[];
}

/** The header and first records of CSV text that may end mid-record (a prefix of a file). */
export function sampleCsv(text: string, maxRecords: number): { header: string[]; records: SampleRecord[] } {
  const cut = text.length > 0 && !/\n$/.test(text) ? text.slice(0, text.lastIndexOf('\n') + 1) || text : text;
  const out = parse(cut, {
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    info: true,
    to: maxRecords + 1,
  }) as unknown as { record: string[]; info: { lines: number } }[];
  const [head, ...rest] = out;
  return {
    header: (head?.record ?? []).map((c) => c.trim()),
    records: rest.map((r) => ({ line: r.info.lines, fields: r.record })),
  };
}

const DATE_COLUMN: Record<CsvKind, string> = { customers: 'signup_date', events: 'timestamp', exposures: 'shown_at' };

export interface MappingPreview {
  ok: boolean;
  header: string[];
  missing: string[];
  problems: string[];
  /** canonical column -> where its value comes from */
  sources: { column: string; required: boolean; from: string }[];
  dateColumn: string;
  dateFormat: DateFormat | null;
  detection: DateDetection | null;
  rows: {
    line: number;
    ok: boolean;
    values: Record<string, string | number | null>;
    errors: RowError[];
    warnings: RowError[];
  }[];
}

/**
 * Resolves the spec against the header, settles the date format ('auto' is detected from the sample; an ambiguous
 * or unreadable sample leaves it null and says why) and validates the sample rows.
 */
export function previewMapping(
  kind: CsvKind,
  header: readonly string[],
  records: readonly SampleRecord[],
  spec: ImportMappingSpec,
): MappingPreview {
  const dateColumn = DATE_COLUMN[kind];
  const first = compileMapping(kind, header, spec, undefined);
  const base = { header: [...header], dateColumn, rows: [] as MappingPreview['rows'] };
  if (!first.ok) {
    return {
      ...base,
      ok: false,
      missing: first.missing,
      problems: first.problems,
      sources: [],
      dateFormat: null,
      detection: null,
    };
  }
  const idx = first.mapping.index as Record<string, number>;
  let detection: DateDetection | null = null;
  let dateFormat: DateFormat | null = spec.dateFormat === 'auto' ? null : spec.dateFormat;
  if (spec.dateFormat === 'auto') {
    const i = idx[dateColumn];
    const values = i >= 0 ? records.map((r) => r.fields[i] ?? '') : [];
    detection = detectDateFormat(values);
    dateFormat = detection.format ?? (detection.sampled === 0 ? 'iso' : null);
  }
  const problems: string[] = [];
  if (!dateFormat && detection) problems.push(detection.message);
  const compiled = compileMapping(kind, header, spec, dateFormat ?? undefined);
  if (!compiled.ok) {
    return {
      ...base,
      ok: false,
      missing: compiled.missing,
      problems: compiled.problems,
      sources: [],
      dateFormat,
      detection,
    };
  }
  const m = compiled.mapping;
  const cidx = m.index as Record<string, number>;
  const sources = CSV_SCHEMAS[kind].map((s) => {
    const rules = (m.derive ?? []).filter((r) => r.column === s.name);
    const parts: string[] = [];
    if (cidx[s.name] >= 0) parts.push(`column "${header[cidx[s.name]]}"`);
    else if (m.constants?.[s.name] !== undefined) parts.push(`always "${m.constants[s.name]}"`);
    for (const r of rules) {
      const cond = r.op === 'negative' ? 'is negative' : `${r.op.replace('_', ' ')} "${r.arg}"`;
      parts.push(`"${r.value}" when ${header[r.source]} ${cond}`);
    }
    return { column: s.name, required: s.required, from: parts.join('; ') || '—' };
  });
  const rows = records.map((r) => {
    const res = validateRow(kind, r.fields, r.line, m, { knownCustomer: undefined });
    const values: Record<string, string | number | null> = {};
    if (res.ok) {
      for (const [k, v] of Object.entries(res.value)) {
        values[k] = v instanceof Date ? v.toISOString() : (v as string | number | null);
      }
    }
    return {
      line: r.line,
      ok: res.ok,
      values,
      errors: res.ok ? [] : res.errors,
      warnings: res.ok ? (res.warnings ?? []) : [],
    };
  });
  return { ...base, ok: problems.length === 0, missing: [], problems, sources, dateFormat, detection, rows };
}
