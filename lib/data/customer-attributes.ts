/**
 * Customer attributes: the extra columns of a customers file (any header cell that is not one of the documented
 * columns), stored per customer and usable as model and segmentation features. Each attribute is numeric or
 * categorical — declared by the uploader, or inferred from a preview of the first rows: numeric when every
 * non-empty value of the preview is a plain number, categorical otherwise. Pure: no I/O.
 */
import type { RowError } from './csv-format';
import { parseCsvNumber, quoteForMessage } from './csv-values';

export const ATTRIBUTE_TYPES = ['numeric', 'categorical'] as const;
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];
export type AttributeValue = number | string;

export interface AttributeColumn {
  name: string;
  /** index of the column in the file's header */
  index: number;
  type: AttributeType;
}

/** Longest accepted categorical value, in UTF-16 code units. */
export const MAX_ATTRIBUTE_TEXT = 128;
/** At most this many attributes per file (wider files are refused). */
export const MAX_ATTRIBUTES = 64;

/**
 * Attribute name of a header cell: trimmed, inner whitespace runs collapsed to one space, at most 64 characters.
 * Names are compared as written ("history_segment" and "History Segment" are two attributes).
 */
export function attributeName(cell: string): string {
  return cell
    .replace(/^\uFEFF/, '')
    .trim()
    .replace(/\s+/g, ' ')
    .slice(0, 64);
}

/**
 * The type of each candidate column from preview rows (`rows[r][index]`), unless `declared` names it.
 * A column whose preview is empty everywhere is numeric (nothing contradicts it).
 */
export function inferAttributeColumns(
  header: readonly string[],
  indices: readonly number[],
  rows: readonly (readonly string[])[],
  declared: Readonly<Record<string, AttributeType>> = {},
): AttributeColumn[] {
  return indices.map((index) => {
    const name = attributeName(header[index]);
    const type =
      declared[name] ??
      (rows.every((r) => {
        const s = (r[index] ?? '').trim();
        return s === '' || parseCsvNumber(s) !== null;
      })
        ? 'numeric'
        : 'categorical');
    return { name, index, type };
  });
}

/**
 * Parses the attribute fields of one row. Empty fields are left out (missing); a numeric attribute that is not
 * a number, or a categorical value that is too long, is an error on that column.
 */
export function parseAttributes(
  columns: readonly AttributeColumn[],
  fields: readonly string[],
  line: number,
): { values: Record<string, AttributeValue>; errors: RowError[] } {
  const values: Record<string, AttributeValue> = {};
  const errors: RowError[] = [];
  for (const c of columns) {
    const s = (fields[c.index] ?? '').trim();
    if (s === '') continue;
    if (c.type === 'numeric') {
      const v = parseCsvNumber(s);
      if (v === null)
        errors.push({
          line,
          column: c.name,
          code: 'bad_number',
          message: `${quoteForMessage(s)} is not a number (attribute ${c.name} is numeric)`,
        });
      else values[c.name] = v;
    } else if (s.length > MAX_ATTRIBUTE_TEXT) {
      errors.push({
        line,
        column: c.name,
        code: 'too_long',
        message: `${s.length} characters; at most ${MAX_ATTRIBUTE_TEXT} allowed`,
      });
    } else values[c.name] = s;
  }
  return { values, errors };
}
