import 'server-only';
import { behaviourFeatures } from '../features/customer-features';
import {
  armColumn,
  buildFeatureSchema,
  categoricalColumns,
  DISCOUNT_COLUMN,
  type FeatureSchema,
  rawInputRow,
} from '../features/feature-schema';
import { loadCustomerAggregates } from '../features/load-aggregates';
import { AppError } from '../http/errors';
import { type Matrix, matrix } from '../ml/matrix';
import { pgPool } from '../pg-pool';
import { chooseControlArm } from './control-arm';
import type { TreatmentSpec } from './uplift-report';

/**
 * The response-model training set of an organisation: one row per offer exposure shown at or after the
 * cut-off, with the customer's behaviour features as of the cut-off (data strictly before it), the discount
 * offered, the country, the chosen customer attributes and — when every exposure names an arm — the arm; the
 * label is whether the exposure converted. `treatment` says which column the uplift report compares.
 */
export interface TrainingSet {
  X: Matrix;
  y: Float64Array;
  schema: FeatureSchema;
  categoricalColumns: number[];
  exposures: number;
  treatment: TreatmentSpec;
}

export interface TrainingSetOptions {
  cutoff?: string;
  /** attribute names to use as features; default: every attribute of the organisation */
  attributes?: string[];
  /** the control arm when exposures name arms; default: the arm named like "control" / "no …" / "none" */
  controlArm?: string;
}

export async function loadTrainingSet(orgId: string, opts: TrainingSetOptions | string = {}): Promise<TrainingSet> {
  const o: TrainingSetOptions = typeof opts === 'string' ? { cutoff: opts } : opts;
  const pool = pgPool();
  const cutoff = o.cutoff
    ? new Date(o.cutoff)
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
  const ex = await pool.query<{ customerId: string; discountPct: number; arm: string | null; converted: boolean }>(
    // ordered by what the merchant uploaded, never by the random row ids: the same data trains the same model
    // (the holdout and fold splits are seeded, so a different row order would be a different split)
    `SELECT e."customerId", e."discountPct", e.arm, e.converted
       FROM "OfferExposure" e JOIN "Customer" c ON c.id = e."customerId"
      WHERE e."organizationId" = $1 AND e."shownAt" >= $2
      ORDER BY e."shownAt", c."externalId", e."discountPct", e.arm, e.converted, e.id`,
    [orgId, cutoff],
  );
  const positives = ex.rows.filter((r) => r.converted).length;
  if (ex.rows.length < 50 || positives < 10 || ex.rows.length - positives < 10) {
    throw new AppError(
      'unprocessable',
      `Too little data to train: ${ex.rows.length} exposures with ${positives} conversions at or after ${cutoff.toISOString()} (need ≥ 50 with ≥ 10 of each outcome)`,
    );
  }
  const attrs = await pool.query<{ name: string; type: 'numeric' | 'categorical' }>(
    'SELECT name, type FROM "CustomerAttribute" WHERE "organizationId" = $1 ORDER BY name',
    [orgId],
  );
  const unknown = (o.attributes ?? []).filter((n) => !attrs.rows.some((a) => a.name === n));
  if (unknown.length)
    throw new AppError(
      'validation_failed',
      `Unknown customer attribute(s): ${unknown.join(', ')}`,
      unknown.map((n) => ({ path: ['attributes'], message: `no attribute named ${n}` })),
    );
  const chosen = o.attributes ? attrs.rows.filter((a) => o.attributes!.includes(a.name)) : attrs.rows;

  const armNames = [...new Set(ex.rows.map((r) => r.arm))];
  const withArms = !armNames.includes(null);
  const arms = withArms
    ? (() => {
        const names = (armNames as string[]).sort();
        return { names, control: chooseControlArm(names, o.controlArm) };
      })()
    : undefined;
  if (!withArms && o.controlArm)
    throw new AppError('validation_failed', 'controlArm is given but not every exposure names an arm', [
      { path: ['controlArm'], message: 'the exposures have no arms' },
    ]);

  const customers = await loadCustomerAggregates(orgId, cutoff);
  const behaviour = new Map<string, Float64Array>();
  for (const [id, c] of customers) behaviour.set(id, behaviourFeatures(c.agg, cutoff));
  const used = ex.rows.map((r) => r.customerId);
  const schema = buildFeatureSchema(
    cutoff,
    used.map((id) => behaviour.get(id)!),
    used.map((id) => customers.get(id)?.country ?? null),
    { attributes: chosen, attributeRows: used.map((id) => customers.get(id)?.attributes), arms },
  );
  const width = schema.features.length;
  const data = new Float64Array(ex.rows.length * width);
  const y = new Float64Array(ex.rows.length);
  ex.rows.forEach((r, i) => {
    const c = customers.get(r.customerId);
    data.set(
      rawInputRow(schema, behaviour.get(r.customerId)!, r.discountPct, c?.country ?? null, {
        attributes: c?.attributes,
        arm: r.arm,
      }),
      i * width,
    );
    y[i] = r.converted ? 1 : 0;
  });
  return {
    X: matrix(data, ex.rows.length, width),
    y,
    schema,
    categoricalColumns: categoricalColumns(schema),
    exposures: ex.rows.length,
    treatment: arms
      ? { column: armColumn(schema), control: arms.names.indexOf(arms.control), arms: arms.names }
      : { column: DISCOUNT_COLUMN, control: 0 },
  };
}
