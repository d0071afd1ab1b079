import 'server-only';
import { behaviourFeatures } from '../features/customer-features';
import {
  buildFeatureSchema,
  COUNTRY_COLUMN,
  type FeatureSchema,
  RAW_FEATURE_NAMES,
  rawInputRow,
} from '../features/feature-schema';
import { loadCustomerAggregates } from '../features/load-aggregates';
import { AppError } from '../http/errors';
import { type Matrix, matrix } from '../ml/matrix';
import { pgPool } from '../pg-pool';

/**
 * The response-model training set of an organisation: one row per offer exposure shown at or after the
 * cut-off, with the customer's behaviour features as of the cut-off (data strictly before it), the discount
 * offered and the country; the label is whether the exposure converted.
 */
export interface TrainingSet {
  X: Matrix;
  y: Float64Array;
  schema: FeatureSchema;
  categoricalColumns: number[];
  exposures: number;
}

export async function loadTrainingSet(orgId: string, cutoffIso?: string): Promise<TrainingSet> {
  const pool = pgPool();
  const cutoff = cutoffIso
    ? new Date(cutoffIso)
    : (
        await pool.query<{ min: Date | null }>(
          'SELECT min("shownAt") AS min FROM "OfferExposure" WHERE "organizationId" = $1',
          [orgId],
        )
      ).rows[0].min;
  if (!cutoff)
    throw new AppError(
      'unprocessable',
      'No offer exposures: upload an exposures CSV (offers shown and whether they converted) before training',
    );
  const ex = await pool.query<{ customerId: string; discountPct: number; converted: boolean }>(
    `SELECT "customerId", "discountPct", converted FROM "OfferExposure" WHERE "organizationId" = $1 AND "shownAt" >= $2 ORDER BY "shownAt", id`,
    [orgId, cutoff],
  );
  const positives = ex.rows.filter((r) => r.converted).length;
  if (ex.rows.length < 50 || positives < 10 || ex.rows.length - positives < 10) {
    throw new AppError(
      'unprocessable',
      `Too little data to train: ${ex.rows.length} exposures with ${positives} conversions at or after ${cutoff.toISOString()} (need ≥ 50 with ≥ 10 of each outcome)`,
    );
  }
  const customers = await loadCustomerAggregates(orgId, cutoff);
  const behaviour = new Map<string, Float64Array>();
  for (const [id, c] of customers) behaviour.set(id, behaviourFeatures(c.agg, cutoff));
  const used = ex.rows.map((r) => r.customerId);
  const schema = buildFeatureSchema(
    cutoff,
    used.map((id) => behaviour.get(id)!),
    used.map((id) => customers.get(id)?.country ?? null),
  );
  const width = RAW_FEATURE_NAMES.length;
  const data = new Float64Array(ex.rows.length * width);
  const y = new Float64Array(ex.rows.length);
  ex.rows.forEach((r, i) => {
    data.set(
      rawInputRow(schema, behaviour.get(r.customerId)!, r.discountPct, customers.get(r.customerId)?.country ?? null),
      i * width,
    );
    y[i] = r.converted ? 1 : 0;
  });
  return {
    X: matrix(data, ex.rows.length, width),
    y,
    schema,
    categoricalColumns: [COUNTRY_COLUMN],
    exposures: ex.rows.length,
  };
}
