/**
 * Writing CSV (RFC 4180): field quoting, lines, and the downloadable validation report.
 */

/** One problem found in an uploaded row; `column` is the canonical column name ('' for the whole row). */
export interface RowError {
  line: number;
  column: string;
  code: RowErrorCode;
  message: string;
}

export type RowErrorCode =
  | 'wrong_column_count'
  | 'missing_value'
  | 'bad_date'
  | 'bad_number'
  | 'negative_value'
  | 'unknown_event_type'
  | 'bad_country'
  | 'out_of_range'
  | 'bad_encoding'
  | 'too_long'
  | 'unknown_customer'
  | 'duplicate'
  | 'record_too_large';

const NEEDS_QUOTES = /[",\r\n]/;

/**
 * Quotes one field when it contains a comma, a double quote, CR or LF (inner quotes doubled); null and
 * undefined become the empty field.
 */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const s = String(value);
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Joins fields into one CSV line (without the line terminator). */
export function csvLine(fields: readonly (string | number | null | undefined)[]): string {
  let out = '';
  for (let i = 0; i < fields.length; i++) out += (i === 0 ? '' : ',') + csvField(fields[i]);
  return out;
}

/**
 * Spreadsheet formula injection guard for text that echoes user input: a cell starting with = + - @ TAB or CR
 * gets a leading apostrophe (OWASP "CSV injection"). Used only in the report, never for data files.
 */
function neutraliseFormula(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

/** Header of the validation report CSV. */
export const REPORT_CSV_HEADER = 'line,column,code,message';

/**
 * Renders validation errors as the downloadable report: header `line,column,code,message`, one row per
 * error, `\n` line endings, RFC 4180 quoting, and a trailing newline.
 */
export function reportToCsv(errors: readonly RowError[]): string {
  let out = REPORT_CSV_HEADER + '\n';
  for (const e of errors) {
    out += csvLine([e.line, neutraliseFormula(e.column), e.code, neutraliseFormula(e.message)]) + '\n';
  }
  return out;
}
