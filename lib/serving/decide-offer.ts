import 'server-only';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { OrgContext } from '../auth/context';
import { db } from '../db';
import { assignVariant, bucket } from '../experiments/assignment';
import type { CustomerAggregate } from '../features/customer-features';
import { DISCOUNT_COLUMN, RAW_FEATURE_NAMES, rawInputFromAggregate } from '../features/feature-schema';
import { toAggregate, ZLiveAggregate } from '../features/live-aggregate';
import { AppError } from '../http/errors';
import { pgPool } from '../pg-pool';
import { budgetLambda } from '../policies/budget-lambda';
import { topCategory } from '../policies/category-recommender';
import { evaluateRules, ZPolicyRules } from '../policies/rules';
import { readFeatures } from './feature-store';
import { type ServedModel, servedModel } from './score';
import { ttlCache } from './ttl-cache';

const runningExperiments = ttlCache<Awaited<ReturnType<typeof loadRunningExperiments>>>();
const activeVersions = ttlCache<Awaited<ReturnType<typeof loadActiveVersion>>>();

function loadRunningExperiments(orgId: string) {
  return db.experiment.findMany({
    where: { organizationId: orgId, status: 'RUNNING' },
    orderBy: { startedAt: 'asc' },
    include: { variants: { orderBy: [{ isControl: 'desc' }, { name: 'asc' }] } },
  });
}

function loadActiveVersion(orgId: string, campaignId?: string) {
  return db.policyVersion.findFirst({
    where: { organizationId: orgId, status: 'ACTIVE', ...(campaignId ? { policy: { campaignId } } : {}) },
    orderBy: { activatedAt: 'desc' },
  });
}

/**
 * `POST /api/v1/offers`: which discount to show this customer now. A running experiment that covers the
 * customer decides first (deterministic assignment by hash of experiment key and customer id, stored once);
 * then the active policy version of the campaign (customers outside its rollout share get no discount; a
 * model-optimal policy scores every discount level through the served ONNX model and picks the most profitable);
 * otherwise no discount. Experiments and the active version are re-read at most once a second per organisation.
 * Every answer is logged as a PolicyDecision and an OfferExposure (with the
 * probability of the arm, for later off-policy evaluation), and carries a decision id that a later purchase
 * event can cite to attribute its revenue (lib/serving/ingest-events.ts).
 */
export const ZOfferRequest = z.object({
  customerId: z.string().trim().min(1).max(64),
  campaignId: z.string().trim().min(1).max(64).optional(),
});

export async function decideOffer(ctx: OrgContext, input: z.infer<typeof ZOfferRequest>) {
  // one round trip: the customer, its feature-store row and its segments
  const found = await pgPool().query<{
    id: string;
    externalId: string;
    country: string | null;
    values: unknown;
    segments: string[];
  }>(
    `SELECT c.id, c."externalId", c.country, f."values",
        coalesce(array_agg(sm."segmentId") FILTER (WHERE sm."segmentId" IS NOT NULL), '{}') AS segments
     FROM "Customer" c
     LEFT JOIN "CustomerFeature" f ON f."customerId" = c.id
     LEFT JOIN "SegmentMember" sm ON sm."customerId" = c.id AND sm."organizationId" = c."organizationId"
     WHERE c."organizationId" = $1 AND c."externalId" = $2
     GROUP BY c.id, f."values"`,
    [ctx.orgId, input.customerId],
  );
  const customer = found.rows[0];
  if (!customer) throw new AppError('not_found', `Customer ${input.customerId} not found`);

  const running = await runningExperiments(`${ctx.orgId}:`, () => loadRunningExperiments(ctx.orgId));
  const experiment = running.find((e) => !e.segmentId || customer.segments.includes(e.segmentId)) ?? null;

  let discountPct = 0;
  let propensity = 1;
  let reason = 'no running experiment or active policy covers this customer';
  let arm: { experimentId: string; experimentKey: string; variantId: string; variant: string } | null = null;
  if (experiment) {
    const name = assignVariant(
      experiment.key,
      customer.externalId,
      experiment.variants.map((v) => ({ name: v.name, weight: v.weight })),
    );
    const variant = experiment.variants.find((v) => v.name === name)!;
    await pgPool().query(
      `INSERT INTO "Assignment" (id, "organizationId", "experimentId", "variantId", "customerId", "assignedAt") VALUES ($1, $2, $3, $4, $5, now())
       ON CONFLICT ("experimentId", "customerId") DO NOTHING`,
      [randomUUID(), ctx.orgId, experiment.id, variant.id, customer.id],
    );
    discountPct = variant.discountPct ?? 0;
    propensity = variant.weight / experiment.variants.reduce((s, v) => s + v.weight, 0);
    reason = `experiment ${experiment.key}, arm ${variant.name}`;
    arm = { experimentId: experiment.id, experimentKey: experiment.key, variantId: variant.id, variant: variant.name };
  }

  let policyVersionId: string | null = null;
  let options: unknown;
  let score: { modelVersionId: string; byDiscount: Record<number, number> } | null = null;
  let category: string | null = null;
  if (!experiment) {
    const active = await activeVersions(`${ctx.orgId}:${input.campaignId ?? ''}`, () =>
      loadActiveVersion(ctx.orgId, input.campaignId),
    );
    if (active) {
      policyVersionId = active.id;
      if (bucket(`rollout:${active.id}`, customer.externalId) >= active.rolloutPct / 100) {
        reason = `outside the ${active.rolloutPct}% rollout of policy version ${active.version}`;
      } else {
        const rules = ZPolicyRules.parse(active.rules);
        let pConvert: ((d: number) => number) | undefined;
        if (rules.mode === 'model-optimal') {
          const model = await servedModel(ctx, rules.modelVersionId);
          const features = customer.values
            ? ZLiveAggregate.parse(customer.values)
            : await readFeatures(ctx.orgId, customer.id);
          const p = await probabilities(model, toAggregate(features), customer.country, rules.levels);
          pConvert = (d) => p.get(d)!;
          score = { modelVersionId: model.id, byDiscount: Object.fromEntries(p) };
        }
        const recentDiscountedOffers = rules.frequencyCap
          ? Number(
              (
                await pgPool().query<{ n: string }>(
                  `SELECT count(*) AS n FROM "PolicyDecision" WHERE "organizationId" = $1 AND "customerId" = $2 AND "discountPct" > 0 AND "createdAt" > now() - make_interval(days => $3)`,
                  [ctx.orgId, customer.id, rules.frequencyCap.perDays],
                )
              ).rows[0].n,
            )
          : 0;
        const lambda = rules.mode === 'model-optimal' ? await budgetLambda(ctx, active.id, rules) : 0;
        const d = evaluateRules(rules, { segmentIds: customer.segments, pConvert, recentDiscountedOffers, lambda });
        discountPct = d.discountPct;
        reason = `policy version ${active.version}: ${d.reason}`;
        options = d.options;
        if (rules.attachToTopCategory && discountPct > 0) category = await topCategory(ctx.orgId, customer.id);
      }
    }
  }

  // the decision and its exposure in one statement
  const details = { reason, propensity, ...(options ? { options } : {}), ...(category ? { category } : {}) };
  const inserted = await pgPool().query<{ id: string }>(
    `WITH d AS (
       INSERT INTO "PolicyDecision" (id, "organizationId", "customerId", "discountPct", score, "policyVersionId", details, "experimentId", "variantId", "createdAt")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now()) RETURNING id, "createdAt")
     INSERT INTO "OfferExposure" (id, "organizationId", "customerId", "discountPct", propensity, "shownAt", "decisionId", converted, revenue)
     SELECT $10, $2, $3, $4, $11, d."createdAt", d.id, false, 0 FROM d RETURNING "decisionId" AS id`,
    [
      randomUUID(),
      ctx.orgId,
      customer.id,
      discountPct,
      score?.byDiscount[discountPct] ?? null,
      policyVersionId,
      JSON.stringify(details),
      arm?.experimentId ?? null,
      arm?.variantId ?? null,
      randomUUID(),
      propensity,
    ],
  );
  return {
    decisionId: inserted.rows[0].id,
    customerId: customer.externalId,
    discountPct,
    /** the discount applies to this category (when the policy attaches it to the top recommendation) */
    category,
    reason,
    experiment: arm ? { key: arm.experimentKey, variant: arm.variant } : null,
    policyVersionId,
    score: score ? { modelVersionId: score.modelVersionId, pConvert: score.byDiscount[discountPct] } : null,
    options: options ?? null,
  };
}

/** P(convert) of one customer at each discount level, in one onnxruntime call. */
async function probabilities(
  model: ServedModel,
  agg: CustomerAggregate,
  country: string | null,
  levels: number[],
): Promise<Map<number, number>> {
  const width = RAW_FEATURE_NAMES.length;
  const rows = new Float32Array(levels.length * width);
  const raw = rawInputFromAggregate(model.schema, agg, 0, country, new Date());
  levels.forEach((d, i) => {
    rows.set(raw, i * width);
    rows[i * width + DISCOUNT_COLUMN] = d;
  });
  const p = await model.run(rows, levels.length);
  return new Map(levels.map((d, i) => [d, p[i]]));
}
