import 'server-only';
import type { OrgContext } from '../auth/context';
import { db } from '../db';
import { behaviourFeatures } from '../features/customer-features';
import { resolveAsOf } from '../features/data-cutoff';
import { rawInputRow, ZFeatureSchema } from '../features/feature-schema';
import { loadCustomerAggregates } from '../features/load-aggregates';
import { AppError } from '../http/errors';
import { pgPool } from '../pg-pool';
import { loadTrainingSet } from '../training/load-training-set';
import { calibrationByDecile } from './calibration-deciles';
import { driftSample, type FeatureDrift, featureDrift, ZTrainingDistribution } from './feature-drift';
import { codeLabel, describeTrainingData } from './training-distribution';

const DAY_MS = 86_400_000;

/**
 * Predicted vs realised for one model version, over the `days` (default 30) before `asOf` — the organisation's
 * latest data unless the caller chooses a date, never the wall clock:
 *  - calibration: decisions logged in the window whose P(convert) came from this model (the `score` of the offered
 *    discount, at the time of the decision), by decile of the prediction, against whether the offer converted;
 *  - drift: PSI of each customer input between the training data and the customers those decisions were for
 *    (features as of `asOf`), or — when no decision in the window was scored by this model — every customer offered
 *    in the window; a seeded sample of 2,000 of them when there are more (feature-drift.ts, driftSample). The
 *    training distribution is the one stored with the version at training time; versions trained before it was
 *    stored get it recomputed from the training set rebuilt at their cut-off (which then includes exposures logged
 *    since), and say so.
 */
export async function modelMonitoring(ctx: OrgContext, id: string, opts: { asOf?: Date; days?: number } = {}) {
  const m = await db.modelVersion.findFirst({
    where: { id, organizationId: ctx.orgId },
    select: { id: true, name: true, version: true, isActive: true, metrics: true, featureSchema: true },
  });
  if (!m) throw AppError.notFound('Model version');
  const schema = ZFeatureSchema.safeParse(m.featureSchema);
  if (!schema.success) throw new AppError('unprocessable', 'This model version has an unreadable feature schema');
  const days = opts.days ?? 30;
  const asOf = await resolveAsOf(ctx.orgId, opts.asOf);
  const from = new Date(asOf.getTime() - days * DAY_MS);

  const decisions = await pgPool().query<{ score: number; converted: boolean; customerId: string }>(
    `SELECT d.score, coalesce(x.converted, false) AS converted, d."customerId"
     FROM "PolicyDecision" d
     LEFT JOIN "OfferExposure" x ON x."decisionId" = d.id AND x."organizationId" = d."organizationId"
     LEFT JOIN "PolicyVersion" pv ON pv.id = d."policyVersionId" AND pv."organizationId" = d."organizationId"
     WHERE d."organizationId" = $1 AND d."createdAt" >= $2 AND d."createdAt" < $3 AND d.score IS NOT NULL
       AND coalesce(d.details->>'modelVersionId', pv.rules->>'modelVersionId') = $4`,
    [ctx.orgId, from, asOf, m.id],
  );
  const calibration = calibrationByDecile(
    decisions.rows.map((r) => Number(r.score)),
    decisions.rows.map((r) => (r.converted ? 1 : 0)),
  );

  let population: 'scored' | 'offered' = 'scored';
  let customerIds = [...new Set(decisions.rows.map((r) => r.customerId))];
  if (customerIds.length === 0) {
    population = 'offered';
    const offered = await pgPool().query<{ customerId: string }>(
      `SELECT DISTINCT "customerId" FROM "PolicyDecision"
       WHERE "organizationId" = $1 AND "createdAt" >= $2 AND "createdAt" < $3`,
      [ctx.orgId, from, asOf],
    );
    customerIds = offered.rows.map((r) => r.customerId);
  }

  const stored = ZTrainingDistribution.safeParse((m.metrics as { featureDistribution?: unknown }).featureDistribution);
  let source: 'stored' | 'recomputed' = 'stored';
  let training = stored.success ? stored.data : null;
  let drift: FeatureDrift[] = [];
  const compared = driftSample(customerIds);
  if (customerIds.length > 0) {
    if (!training) {
      source = 'recomputed';
      const set = await loadTrainingSet(ctx.orgId, {
        cutoff: schema.data.cutoff,
        attributes: schema.data.attributes.map((a) => a.name),
        controlArm: schema.data.arms?.control,
      });
      training = describeTrainingData(set.X, set.schema);
    }
    const aggs = await loadCustomerAggregates(ctx.orgId, asOf, compared);
    const rows: Float64Array[] = [];
    for (const cid of compared) {
      const a = aggs.get(cid);
      if (!a) continue;
      rows.push(
        rawInputRow(schema.data, behaviourFeatures(a.agg, asOf), 0, a.country, {
          attributes: a.attributes,
          arm: schema.data.arms?.control,
        }),
      );
    }
    const columnOf = new Map(schema.data.features.map((f, j) => [f.name, j]));
    drift = training.features
      .filter((f) => columnOf.has(f.name))
      .map((f) =>
        featureDrift(
          f,
          rows.map((r) => r[columnOf.get(f.name)!]),
          (code) => codeLabel(schema.data, f.name, code),
        ),
      )
      .sort((a, b) => b.psi - a.psi || (a.name < b.name ? -1 : 1));
  }
  return {
    model: { id: m.id, name: m.name, version: m.version, isActive: m.isActive },
    window: { from, asOf, days },
    calibration,
    drift: {
      /** where the training distribution came from */
      source: drift.length ? source : null,
      trainingRows: drift.length ? (training?.rows ?? null) : null,
      /** whose features were compared: customers of decisions this model scored, or every customer offered */
      population,
      customers: customerIds.length,
      /** how many of them were compared: all, or a seeded sample of DRIFT_SAMPLE_CUSTOMERS */
      compared: compared.length,
      features: drift,
      worst: drift[0] ?? null,
    },
  };
}
export type ModelMonitoring = Awaited<ReturnType<typeof modelMonitoring>>;
