import 'server-only';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { OrgContext } from '../auth/context';
import { db } from '../db';
import { assignVariant } from '../experiments/assignment';
import type { AttributeValues } from '../features/feature-schema';
import { AppError } from '../http/errors';
import { pgPool } from '../pg-pool';
import { newVersionShare, type RolloutArm, rolloutArm, rolloutSalt } from '../policies/rollout-split';
import { decideByPolicyVersion } from './decide-by-policy';
import { ttlCache } from './ttl-cache';

const runningExperiments = ttlCache<Awaited<ReturnType<typeof loadRunningExperiments>>>();
const activeVersions = ttlCache<Awaited<ReturnType<typeof loadActiveVersion>>>();
const baselineVersions = ttlCache<{ id: string; version: number; rules: unknown } | null>();

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
    include: { policy: { select: { name: true, campaign: { select: { name: true } } } } },
  });
}

/**
 * `POST /api/v1/offers`: which discount to show this customer now. A running experiment that covers the
 * customer decides first (deterministic assignment by hash of experiment key and customer id, stored once);
 * then the active policy version of the campaign, split by hash with its baseline (lib/policies/rollout-split.ts:
 * customers outside its share get the version it replaced, or no discount when so chosen; the arm and its
 * probability are logged); a model-optimal policy scores every discount level through the served ONNX model and
 * picks the most profitable;
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
    attributes: AttributeValues;
    values: unknown;
    segments: string[];
  }>(
    `SELECT c.id, c."externalId", c.country, c.attributes, f."values",
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
  let rolloutArmName: RolloutArm | null = null;
  if (!experiment) {
    const active = await activeVersions(`${ctx.orgId}:${input.campaignId ?? ''}`, () =>
      loadActiveVersion(ctx.orgId, input.campaignId),
    );
    if (active) {
      policyVersionId = active.id;
      const share = newVersionShare(active);
      const salt = rolloutSalt({
        campaign: active.policy.campaign.name,
        policy: active.policy.name,
        version: active.version,
      });
      const split = rolloutArm(salt, customer.externalId, share);
      rolloutArmName = split.arm;
      propensity = split.probability;
      const replacedId = active.replacesVersionId;
      const replaced =
        split.arm === 'baseline' && active.baseline === 'previous' && replacedId
          ? await baselineVersions(`${ctx.orgId}:${replacedId}`, () =>
              db.policyVersion.findFirst({
                where: { id: replacedId, organizationId: ctx.orgId },
                select: { id: true, version: true, rules: true },
              }),
            )
          : null;
      const deciding = split.arm === 'new' ? active : replaced;
      if (deciding) {
        const d = await decideByPolicyVersion(ctx, deciding, customer);
        discountPct = d.discountPct;
        reason =
          split.arm === 'new'
            ? d.reason
            : `baseline of policy version ${active.version} (${Math.round((1 - share) * 1000) / 10}% of customers): ${d.reason}`;
        options = d.options;
        score = d.score;
        category = d.category;
      } else {
        reason = `baseline of policy version ${active.version} (${Math.round((1 - share) * 1000) / 10}% of customers): no discount`;
      }
    }
  }

  // the decision and its exposure in one statement
  const details = { reason, propensity, ...(options ? { options } : {}), ...(category ? { category } : {}) };
  const inserted = await pgPool().query<{ id: string }>(
    `WITH d AS (
       INSERT INTO "PolicyDecision" (id, "organizationId", "customerId", "discountPct", score, "policyVersionId", details, "experimentId", "variantId", arm, "createdAt")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $12, now()) RETURNING id, "createdAt")
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
      rolloutArmName,
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
    /** which side of the active version's rollout answered: "new", "baseline", or null (experiment / nothing) */
    arm: rolloutArmName,
    score: score ? { modelVersionId: score.modelVersionId, pConvert: score.byDiscount[discountPct] } : null,
    options: options ?? null,
  };
}
