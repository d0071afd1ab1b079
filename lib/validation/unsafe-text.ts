/**
 * Text PostgreSQL cannot store (NUL, U+0000) and text that is not Unicode (a lone UTF-16 surrogate, which
 * `JSON.parse` happily produces from "\ud800"). Found at the edge, they become a 400 naming the field (API) or a
 * per-row `bad_encoding` rejection (CSV) instead of a database error.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isUnsafeText(s: string): boolean {
  return s.includes('\u0000') || LONE_SURROGATE.test(s);
}

/** Why a string is unsafe, for messages. */
export function unsafeTextReason(s: string): string {
  return s.includes('\u0000') ? 'contains a NUL character' : 'contains a lone UTF-16 surrogate (not valid Unicode)';
}

/** The path of the first unsafe string (or object key) inside a parsed JSON value, or null. */
export function findUnsafeText(value: unknown, path: (string | number)[] = []): (string | number)[] | null {
  if (typeof value === 'string') return isUnsafeText(value) ? path : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = findUnsafeText(value[i], [...path, i]);
      if (p) return p;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (isUnsafeText(k)) return [...path, k];
      const p = findUnsafeText(v, [...path, k]);
      if (p) return p;
    }
  }
  return null;
}
