import { z } from 'zod';
import { BEHAVIOUR_FEATURES, behaviourFeatures, type CustomerAggregate } from './customer-features';

/**
 * The raw input of a response model, and how to build it. Every model version stores its schema; serving
 * builds inputs with the same schema and refuses a mismatch. Raw input columns, in order:
 *   the 14 behaviour features, `discount_pct`, `country` (index into `countries`, −1 when unknown),
 *   then the chosen customer attributes (numeric values; categorical indices into their categories), then
 *   `arm` (index into `arms.names`) when the exposures name treatment arms.
 * Missing behaviour values are filled with the training-set medians in `fillValues`. One-hot encoding of
 * `country` and standardisation happen inside the model pipeline (and inside the exported ONNX graph).
 */
export const FEATURE_SCHEMA_VERSION = 1;

export const ZSchemaAttribute = z.object({
  /** attribute name as stored on the customer */
  name: z.string(),
  /** its raw input column name (the name, or `attr_<name>` when that clashes with a built-in feature) */
  column: z.string(),
  type: z.enum(['numeric', 'categorical']),
  /** categorical: the codes' values (raw input = index, −1 when unknown or missing) */
  categories: z.array(z.string()).optional(),
  /** numeric: the training-set median used for missing values */
  fill: z.number().optional(),
});
export type SchemaAttribute = z.infer<typeof ZSchemaAttribute>;

export const ZFeatureSchema = z.object({
  version: z.literal(FEATURE_SCHEMA_VERSION),
  /** events and exposures strictly before this instant were used */
  cutoff: z.string(),
  target: z.literal('converted'),
  /** every raw input column, in input order */
  features: z.array(z.object({ name: z.string(), type: z.enum(['numeric', 'categorical']) })),
  countries: z.array(z.string()),
  fillValues: z.array(z.number()),
  /** customer attributes used as features, after `country` in input order */
  attributes: z.array(ZSchemaAttribute).default([]),
  /** treatments named by arm: the last raw column `arm` holds the arm's index in `arms` (control included) */
  arms: z.object({ names: z.array(z.string()), control: z.string() }).optional(),
});
export type FeatureSchema = z.infer<typeof ZFeatureSchema>;

export const RAW_FEATURE_NAMES = [...BEHAVIOUR_FEATURES, 'discount_pct', 'country'] as const;
export const DISCOUNT_COLUMN = BEHAVIOUR_FEATURES.length;
export const COUNTRY_COLUMN = BEHAVIOUR_FEATURES.length + 1;
/** At most this many categories per categorical attribute (the most frequent; the rest code as unknown). */
export const MAX_CATEGORIES = 40;

/** Raw input column names of a schema, in input order. */
export function rawFeatureNames(schema: FeatureSchema): string[] {
  return schema.features.map((f) => f.name);
}

/**
 * The category names of a categorical raw column, in code order (raw value = index, −1 = unknown): `country` →
 * the countries seen in training, an attribute → its categories, `arm` → the arm names; null for numeric columns.
 */
export function categoryLabels(schema: FeatureSchema, column: string): string[] | null {
  if (column === 'country') return schema.countries;
  if (column === 'arm' && schema.arms) return schema.arms.names;
  const attribute = schema.attributes.find((a) => a.column === column);
  return attribute?.type === 'categorical' ? (attribute.categories ?? []) : null;
}

/** Indices of the categorical raw columns (one-hot inside the model and its ONNX graph). */
export function categoricalColumns(schema: FeatureSchema): number[] {
  return schema.features.flatMap((f, j) => (f.type === 'categorical' ? [j] : []));
}

/** Index of the `arm` raw column, −1 when the schema has no arms. */
export function armColumn(schema: FeatureSchema): number {
  return schema.arms ? schema.features.length - 1 : -1;
}

export type AttributeValues = Readonly<Record<string, number | string>> | null | undefined;

export interface AttributeSpec {
  name: string;
  type: 'numeric' | 'categorical';
}

function median(values: number[]): number {
  const v = values.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (v.length === 0) return 0;
  const h = (v.length - 1) / 2;
  return v[Math.floor(h)] + (h - Math.floor(h)) * (v[Math.ceil(h)] - v[Math.floor(h)]);
}

/**
 * Builds the schema from the training rows: medians for fills, the countries seen, each attribute's fill
 * (numeric) or its most frequent categories (categorical, ties by value), and the arms when treatments are arms.
 */
export function buildFeatureSchema(
  cutoff: Date,
  behaviourRows: Float64Array[],
  countries: (string | null)[],
  extra: {
    attributes?: AttributeSpec[];
    attributeRows?: AttributeValues[];
    arms?: { names: string[]; control: string };
  } = {},
): FeatureSchema {
  const fillValues = BEHAVIOUR_FEATURES.map((_, j) => median(behaviourRows.map((r) => r[j])));
  const rows = extra.attributeRows ?? [];
  const taken = new Set<string>([...RAW_FEATURE_NAMES, 'arm']);
  const attributes: SchemaAttribute[] = (extra.attributes ?? []).map((a) => {
    const column = taken.has(a.name) ? `attr_${a.name}` : a.name;
    taken.add(column);
    if (a.type === 'numeric') {
      const v = rows.map((r) => r?.[a.name]).filter((x): x is number => typeof x === 'number');
      return { name: a.name, column, type: 'numeric', fill: median(v) };
    }
    const counts = new Map<string, number>();
    for (const r of rows) {
      const x = r?.[a.name];
      if (x !== undefined && x !== null) counts.set(String(x), (counts.get(String(x)) ?? 0) + 1);
    }
    const categories = [...counts.entries()]
      .sort((p, q) => q[1] - p[1] || (p[0] < q[0] ? -1 : 1))
      .slice(0, MAX_CATEGORIES)
      .map(([k]) => k)
      .sort();
    return { name: a.name, column, type: 'categorical', categories };
  });
  return {
    version: FEATURE_SCHEMA_VERSION,
    cutoff: cutoff.toISOString(),
    target: 'converted',
    features: [
      ...RAW_FEATURE_NAMES.map((name) => ({
        name,
        type: name === 'country' ? ('categorical' as const) : ('numeric' as const),
      })),
      ...attributes.map((a) => ({ name: a.column, type: a.type })),
      ...(extra.arms ? [{ name: 'arm', type: 'categorical' as const }] : []),
    ],
    countries: [...new Set(countries.filter((c): c is string => !!c))].sort(),
    fillValues,
    attributes,
    ...(extra.arms ? { arms: extra.arms } : {}),
  };
}

/**
 * One raw model input row: filled behaviour features, the discount, the country index, then the attributes
 * (numeric value or its fill; categorical index, −1 unknown) and, with arms, the arm's index (−1 unknown).
 */
export function rawInputRow(
  schema: FeatureSchema,
  behaviour: Float64Array,
  discountPct: number,
  country: string | null,
  extra: { attributes?: AttributeValues; arm?: string | null } = {},
): Float64Array {
  const row = new Float64Array(schema.features.length);
  for (let j = 0; j < BEHAVIOUR_FEATURES.length; j++)
    row[j] = Number.isNaN(behaviour[j]) ? schema.fillValues[j] : behaviour[j];
  row[DISCOUNT_COLUMN] = discountPct;
  row[COUNTRY_COLUMN] = country ? schema.countries.indexOf(country) : -1;
  schema.attributes.forEach((a, k) => {
    const v = extra.attributes?.[a.name];
    row[COUNTRY_COLUMN + 1 + k] =
      a.type === 'numeric'
        ? typeof v === 'number' && Number.isFinite(v)
          ? v
          : (a.fill ?? 0)
        : v === undefined || v === null
          ? -1
          : (a.categories ?? []).indexOf(String(v));
  });
  if (schema.arms) row[row.length - 1] = extra.arm ? schema.arms.names.indexOf(extra.arm) : -1;
  return row;
}

/** Raw input straight from an aggregate, with features measured at `asOf` (the data's cut-off). */
export function rawInputFromAggregate(
  schema: FeatureSchema,
  agg: CustomerAggregate,
  discountPct: number,
  country: string | null,
  asOf: Date,
  extra: { attributes?: AttributeValues; arm?: string | null } = {},
): Float64Array {
  return rawInputRow(schema, behaviourFeatures(agg, asOf), discountPct, country, extra);
}
