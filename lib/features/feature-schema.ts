import { z } from 'zod';
import { BEHAVIOUR_FEATURES, behaviourFeatures, type CustomerAggregate } from './customer-features';

/**
 * The raw input of a response model, and how to build it. Every model version stores its schema; serving
 * builds inputs with the same schema and refuses a mismatch. Raw input columns, in order:
 *   the 14 behaviour features, `discount_pct`, `country` (index into `countries`, −1 when unknown).
 * Missing behaviour values are filled with the training-set medians in `fillValues`. One-hot encoding of
 * `country` and standardisation happen inside the model pipeline (and inside the exported ONNX graph).
 */
export const FEATURE_SCHEMA_VERSION = 1;

export const ZFeatureSchema = z.object({
  version: z.literal(FEATURE_SCHEMA_VERSION),
  /** events and exposures strictly before this instant were used */
  cutoff: z.string(),
  target: z.literal('converted'),
  features: z.array(z.object({ name: z.string(), type: z.enum(['numeric', 'categorical']) })),
  countries: z.array(z.string()),
  fillValues: z.array(z.number()),
});
export type FeatureSchema = z.infer<typeof ZFeatureSchema>;

export const RAW_FEATURE_NAMES = [...BEHAVIOUR_FEATURES, 'discount_pct', 'country'] as const;
export const DISCOUNT_COLUMN = BEHAVIOUR_FEATURES.length;
export const COUNTRY_COLUMN = BEHAVIOUR_FEATURES.length + 1;

/** Builds the schema from the behaviour rows of the training set: medians for fills, the countries seen. */
export function buildFeatureSchema(
  cutoff: Date,
  behaviourRows: Float64Array[],
  countries: (string | null)[],
): FeatureSchema {
  const fillValues = BEHAVIOUR_FEATURES.map((_, j) => {
    const v = behaviourRows
      .map((r) => r[j])
      .filter((x) => !Number.isNaN(x))
      .sort((a, b) => a - b);
    if (v.length === 0) return 0;
    const h = (v.length - 1) / 2;
    return v[Math.floor(h)] + (h - Math.floor(h)) * (v[Math.ceil(h)] - v[Math.floor(h)]);
  });
  return {
    version: FEATURE_SCHEMA_VERSION,
    cutoff: cutoff.toISOString(),
    target: 'converted',
    features: RAW_FEATURE_NAMES.map((name) => ({
      name,
      type: name === 'country' ? ('categorical' as const) : ('numeric' as const),
    })),
    countries: [...new Set(countries.filter((c): c is string => !!c))].sort(),
    fillValues,
  };
}

/** One raw model input row: filled behaviour features, the discount, the country index. */
export function rawInputRow(
  schema: FeatureSchema,
  behaviour: Float64Array,
  discountPct: number,
  country: string | null,
): Float64Array {
  const row = new Float64Array(RAW_FEATURE_NAMES.length);
  for (let j = 0; j < BEHAVIOUR_FEATURES.length; j++)
    row[j] = Number.isNaN(behaviour[j]) ? schema.fillValues[j] : behaviour[j];
  row[DISCOUNT_COLUMN] = discountPct;
  row[COUNTRY_COLUMN] = country ? schema.countries.indexOf(country) : -1;
  return row;
}

/** Raw input straight from an aggregate, with features measured at `asOf` (serving: now). */
export function rawInputFromAggregate(
  schema: FeatureSchema,
  agg: CustomerAggregate,
  discountPct: number,
  country: string | null,
  asOf: Date,
): Float64Array {
  return rawInputRow(schema, behaviourFeatures(agg, asOf), discountPct, country);
}
