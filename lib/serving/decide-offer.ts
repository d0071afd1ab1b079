import 'server-only';
import type { Prisma } from '@/generated/prisma/client';
import { z } from 'zod';
import type { OrgContext } from '../auth/context';
import { db } from '../db';
import { assignVariant, bucket } from '../experiments/assignment';
import { AppError } from '../http/errors';
import { topCategory } from '../policies/category-recommender';
import { evaluateRules, ZPolicyRules } from '../policies/rules';
import { DISCOUNT_COLUMN, RAW_FEATURE_NAMES } from '../features/feature-schema';
import { customerInput, servedModel, type ServedModel } from './score';
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
export const ZOfferRequest = z.object({ customerId: z.string().trim().min(1).max(64), campaignId: z.string().trim().min(1).max(64).optional() });

export async function decideOffer(ctx: OrgContext, input: z.infer<typeof ZOfferRequest>) {
  const customer = await db.customer.findFirst({ where: { organizationId: ctx.orgId, externalId: input.customerId }, select: { id: true, externalId: true } });
  if (!customer) throw new AppError('not_found', `Customer ${input.customerId} not found`);

  const running = await runningExperiments(`${ctx.orgId}:`, () => loadRunningExperiments(ctx.orgId));
  let experiment: (typeof running)[number] | null = null;
  for (const e of running) {
    if (!e.segmentId) { experiment = e; break; }
    const member = await db.segmentMember.findFirst({ where: { segmentId: e.segmentId, customerId: customer.id, organizationId: ctx.orgId }, select: { customerId: true } });
    if (member) { experiment = e; break; }
  }

  let discountPct = 0;
  let propensity = 1;
  let reason = 'no running experiment or active policy covers this customer';
  let arm: { experimentId: string; experimentKey: string; variantId: string; variant: string } | null = null;
  if (experiment) {
    const name = assignVariant(experiment.key, customer.externalId, experiment.variants.map((v) => ({ name: v.name, weight: v.weight })));
    const variant = experiment.variants.find((v) => v.name === name)!;
    await db.assignment.upsert({
      where: { experimentId_customerId: { experimentId: experiment.id, customerId: customer.id } },
      update: {},
      create: { organizationId: ctx.orgId, experimentId: experiment.id, variantId: variant.id, customerId: customer.id },
    });
    discountPct = variant.discountPct ?? 0;
    propensity = variant.weight / experiment.variants.reduce((s, v) => s + v.weight, 0);
    reason = `experiment ${experiment.key}, arm ${variant.name}`;
    arm = { experimentId: experiment.id, experimentKey: experiment.key, variantId: variant.id, variant: variant.name };
  }

  let policyVersionId: string | null = null;
  let options: unknown = undefined;
  let score: { modelVersionId: string; byDiscount: Record<number, number> } | null = null;
  let category: string | null = null;
  if (!experiment) {
    const active = await activeVersions(`${ctx.orgId}:${input.campaignId ?? ''}`, () => loadActiveVersion(ctx.orgId, input.campaignId));
    if (active) {
      policyVersionId = active.id;
      if (bucket(`rollout:${active.id}`, customer.externalId) >= active.rolloutPct / 100) {
        reason = `outside the ${active.rolloutPct}% rollout of policy version ${active.version}`;
      } else {
        const rules = ZPolicyRules.parse(active.rules);
        const segmentIds = (await db.segmentMember.findMany({ where: { customerId: customer.id, organizationId: ctx.orgId }, select: { segmentId: true } })).map((m) => m.segmentId);
        let pConvert: ((d: number) => number) | undefined;
        if (rules.mode === 'model-optimal') {
          const model = await servedModel(ctx, rules.modelVersionId);
          const p = await probabilities(ctx, model, customer.externalId, rules.levels);
          pConvert = (d) => p.get(d)!;
          score = { modelVersionId: model.id, byDiscount: Object.fromEntries(p) };
        }
        const d = evaluateRules(rules, { segmentIds, pConvert });
        discountPct = d.discountPct;
        reason = `policy version ${active.version}: ${d.reason}`;
        options = d.options;
        if (rules.attachToTopCategory && discountPct > 0) category = await topCategory(ctx.orgId, customer.id);
      }
    }
  }

  const decision = await db.$transaction(async (tx) => {
    const d = await tx.policyDecision.create({
      data: {
        organizationId: ctx.orgId, customerId: customer.id, discountPct, score: score?.byDiscount[discountPct] ?? null, policyVersionId,
        details: { reason, propensity, ...(options ? { options } : {}), ...(category ? { category } : {}) } as Prisma.InputJsonValue, experimentId: arm?.experimentId, variantId: arm?.variantId,
      },
    });
    await tx.offerExposure.create({ data: { organizationId: ctx.orgId, customerId: customer.id, discountPct, propensity, shownAt: d.createdAt, decisionId: d.id } });
    return d;
  });
  return {
    decisionId: decision.id,
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
async function probabilities(ctx: OrgContext, model: ServedModel, externalId: string, levels: number[]): Promise<Map<number, number>> {
  const width = RAW_FEATURE_NAMES.length;
  const rows = new Float32Array(levels.length * width);
  const { raw } = await customerInput(ctx, model.schema, externalId, 0);
  levels.forEach((d, i) => {
    rows.set(raw, i * width);
    rows[i * width + DISCOUNT_COLUMN] = d;
  });
  const p = await model.run(rows, levels.length);
  return new Map(levels.map((d, i) => [d, p[i]]));
}
