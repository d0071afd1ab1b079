/**
 * Flattens a JSON Schema (as zod 4 writes it) into one row per field for the API reference page:
 * `events[].price  number  optional  ≥ 0, ≤ 10000000`.
 */
export interface SchemaRow {
  path: string;
  type: string;
  required: boolean;
  constraints: string;
  description: string;
}

type S = Record<string, unknown>;

function typeOf(s: S): string {
  if (Array.isArray(s.enum)) return s.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (s.const !== undefined) return JSON.stringify(s.const);
  const variants = (s.anyOf ?? s.oneOf) as S[] | undefined;
  if (variants) return variants.map(typeOf).join(' | ');
  if (s.type === 'array') return `${typeOf((s.items ?? {}) as S)}[]`;
  if (Array.isArray(s.type)) return s.type.join(' | ');
  if (typeof s.type === 'string') return s.format ? `${s.type} (${s.format})` : s.type;
  return 'any';
}

function constraintsOf(s: S): string {
  const parts: string[] = [];
  const add = (key: string, label: string) => {
    if (s[key] !== undefined) parts.push(`${label} ${s[key]}`);
  };
  add('minLength', 'length ≥');
  add('maxLength', 'length ≤');
  add('minimum', '≥');
  add('exclusiveMinimum', '>');
  add('maximum', '≤');
  add('exclusiveMaximum', '<');
  add('minItems', 'items ≥');
  add('maxItems', 'items ≤');
  if (s.pattern !== undefined) parts.push(`matches ${s.pattern}`);
  if (s.default !== undefined) parts.push(`default ${JSON.stringify(s.default)}`);
  return parts.join(', ');
}

export function schemaRows(schema: S, prefix = '', required = true, depth = 0): SchemaRow[] {
  const rows: SchemaRow[] = [];
  if (prefix)
    rows.push({
      path: prefix,
      type: typeOf(schema),
      required,
      constraints: constraintsOf(schema),
      description: typeof schema.description === 'string' ? schema.description : '',
    });
  if (depth > 6) return rows;
  const items = schema.type === 'array' ? (schema.items as S | undefined) : undefined;
  if (items?.type === 'object') rows.push(...schemaRows(items, `${prefix}[]`, true, depth + 1).slice(prefix ? 1 : 0));
  const props = schema.properties as Record<string, S> | undefined;
  if (props) {
    const req = new Set((schema.required ?? []) as string[]);
    for (const [name, sub] of Object.entries(props)) {
      rows.push(...schemaRows(sub, prefix ? `${prefix}.${name}` : name, req.has(name), depth + 1));
    }
  }
  return rows;
}

/**
 * The alternative forms of a body whose schema is a union of objects (`anyOf`/`oneOf`, e.g. the offers API's "one
 * customer or a batch"), each to be shown as its own field table; null for any other schema.
 */
export function schemaForms(schema: S): S[] | null {
  const variants = (schema.anyOf ?? schema.oneOf) as S[] | undefined;
  if (!Array.isArray(variants) || schema.properties) return null;
  const objects = variants.filter((v) => v.type === 'object' || v.properties);
  return objects.length >= 2 ? objects : null;
}
