import 'server-only';
import { z } from 'zod';
import { writeAudit } from '../audit/write-audit';
import type { OrgContext } from '../auth/context';
import { db } from '../db';
import { AppError } from '../http/errors';
import { invalidateServingCaches } from '../serving/ttl-cache';
import { ZBanditSettings } from './bandit/bandit-settings';

/**
 * What decides for an arm: a fixed discount (as before), a policy version of the experiment's campaign (its rules
 * alone), the campaign's active policy version at the time of the offer, or no discount.
 */
export const ARM_KINDS = ['discount', 'policy-version', 'current-policy', 'none'] as const;
export type ArmKind = (typeof ARM_KINDS)[number];
/** kinds whose offers a policy of the experiment's campaign decides */
export const POLICY_ARM_KINDS: ReadonlySet<string> = new Set(['policy-version', 'current-policy']);

/** Experiments: create (DRAFT), stop (STOPPED) — each transition audited; submit/approve-start in experiment-approval.ts. */
export const ZCreateExperiment = z
  .object({
    key: z
      .string()
      .trim()
      .min(3)
      .max(60)
      .regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes'),
    name: z.string().trim().min(1).max(120),
    /** AB: fixed weights; BANDIT: Thompson sampling reallocates traffic on a schedule (weights start even) */
    type: z.enum(['AB', 'BANDIT']).default('AB'),
    /** BANDIT only: decision metric, schedule, burn-in, floor per arm (defaults: profit, daily, 100, 0.05) */
    bandit: ZBanditSettings.optional(),
    description: z.string().trim().max(2000).optional(),
    primaryMetric: z.enum(['conversion', 'revenue', 'profit']).default('conversion'),
    marginPct: z.number().min(0).max(100).default(40),
    segmentId: z.string().max(64).optional(),
    /** the campaign it runs in (required for arms decided by policies; otherwise chosen at submit) */
    campaignId: z.string().trim().min(1).max(64).optional(),
    /** checked on the results page: a treatment breaches when it exceeds the cost or may lose more conversion */
    guardrails: z
      .object({
        maxDiscountCostPerUser: z.number().nonnegative().max(1e6).optional(),
        maxConversionDropPct: z.number().min(0).max(100).optional(),
      })
      .strict()
      .optional(),
    variants: z
      .array(
        z.object({
          name: z.string().trim().min(1).max(60),
          /** relative traffic weight (A/B); a bandit starts even whatever is given */
          weight: z.number().positive().max(1000).default(1),
          /** what decides for the arm (default: "policy-version" when a policyVersionId is given, else "discount") */
          kind: z.enum(ARM_KINDS).optional(),
          discountPct: z.number().min(0).max(90).optional(),
          policyVersionId: z.string().max(64).optional(),
        }),
      )
      .min(2)
      .max(6),
  })
  .superRefine((e, ctx) => {
    const names = e.variants.map((v) => v.name);
    if (new Set(names).size !== names.length)
      ctx.addIssue({ code: 'custom', path: ['variants'], message: 'variant names must be distinct' });
    e.variants.forEach((v, i) => {
      const kind = armKind(v);
      const wantsDiscount = kind === 'discount';
      const wantsVersion = kind === 'policy-version';
      if ((v.discountPct !== undefined) !== wantsDiscount || (v.policyVersionId !== undefined) !== wantsVersion) {
        ctx.addIssue({
          code: 'custom',
          path: ['variants', i],
          message:
            'give a "discount" arm a discountPct, a "policy-version" arm a policyVersionId, and a "current-policy" or "none" arm neither',
        });
      }
    });
    if (e.type === 'BANDIT') {
      e.variants.forEach((v, i) => {
        if (v.discountPct === undefined)
          ctx.addIssue({ code: 'custom', path: ['variants', i], message: 'a bandit arm is a fixed discountPct' });
      });
      if (e.bandit && e.bandit.minShare !== undefined && e.bandit.minShare * e.variants.length > 1)
        ctx.addIssue({
          code: 'custom',
          path: ['bandit', 'minShare'],
          message: `the floor per arm times ${e.variants.length} arms must not exceed 100 %`,
        });
    } else if (e.bandit) {
      ctx.addIssue({ code: 'custom', path: ['bandit'], message: 'bandit settings apply to type BANDIT only' });
    }
    if (e.variants.some((v) => POLICY_ARM_KINDS.has(armKind(v))) && !e.campaignId)
      ctx.addIssue({
        code: 'custom',
        path: ['campaignId'],
        message: 'arms decided by policies run in a campaign: choose it',
      });
  });

/** An arm's kind as given, else inferred from what it names. */
export function armKind(v: { kind?: ArmKind; policyVersionId?: string | null }): ArmKind {
  return v.kind ?? (v.policyVersionId ? 'policy-version' : 'discount');
}
export type CreateExperiment = z.infer<typeof ZCreateExperiment>;

const DETAIL = {
  variants: {
    orderBy: [{ isControl: 'desc' as const }, { name: 'asc' as const }],
    // policy arms are shown by the version's name
    include: { policyVersion: { select: { version: true, policy: { select: { name: true } } } } },
  },
  _count: { select: { assignments: true } },
};

export async function createExperiment(ctx: OrgContext, input: CreateExperiment) {
  if (await db.experiment.findFirst({ where: { organizationId: ctx.orgId, key: input.key }, select: { id: true } })) {
    throw new AppError('conflict', `An experiment with key "${input.key}" already exists`);
  }
  if (
    input.segmentId &&
    !(await db.segment.findFirst({ where: { id: input.segmentId, organizationId: ctx.orgId }, select: { id: true } }))
  ) {
    throw AppError.notFound('Segment');
  }
  if (
    input.campaignId &&
    !(await db.campaign.findFirst({ where: { id: input.campaignId, organizationId: ctx.orgId }, select: { id: true } }))
  )
    throw new AppError('unprocessable', 'campaignId does not name a campaign of your organisation', [
      { path: ['campaignId'], message: 'unknown campaign' },
    ]);
  for (const [i, v] of input.variants.entries()) {
    if (!v.policyVersionId) continue;
    const pv = await db.policyVersion.findFirst({
      where: { id: v.policyVersionId, organizationId: ctx.orgId },
      select: { policy: { select: { campaignId: true } } },
    });
    if (!pv || pv.policy.campaignId !== input.campaignId)
      throw new AppError('unprocessable', `Arm "${v.name}" names a policy version that is not of this campaign`, [
        { path: ['variants', i, 'policyVersionId'], message: "not a policy version of the experiment's campaign" },
      ]);
  }
  const bandit = input.type === 'BANDIT' ? ZBanditSettings.parse(input.bandit ?? {}) : null;
  return db.$transaction(async (tx) => {
    const e = await tx.experiment.create({
      data: {
        organizationId: ctx.orgId,
        key: input.key,
        name: input.name,
        type: input.type,
        bandit: bandit ?? undefined,
        description: input.description,
        // a bandit decides on its own metric; the A/B tables of it read the same one first
        primaryMetric: bandit ? bandit.metric : input.primaryMetric,
        marginPct: input.marginPct,
        segmentId: input.segmentId,
        campaignId: input.campaignId,
        guardrails: input.guardrails,
        variants: {
          create: input.variants.map((v, i) => ({
            organizationId: ctx.orgId,
            name: v.name,
            weight: bandit ? 1 / input.variants.length : v.weight,
            kind: armKind(v),
            discountPct: armKind(v) === 'none' ? 0 : v.discountPct,
            policyVersionId: v.policyVersionId,
            isControl: i === 0,
          })),
        },
      },
      include: DETAIL,
    });
    await writeAudit(tx, ctx, { action: 'experiment.create', entityType: 'Experiment', entityId: e.id, diff: input });
    return e;
  });
}

export function listExperiments(ctx: OrgContext) {
  return db.experiment.findMany({
    where: { organizationId: ctx.orgId },
    orderBy: { createdAt: 'desc' },
    include: DETAIL,
  });
}

export async function getExperiment(ctx: OrgContext, id: string) {
  const e = await db.experiment.findFirst({ where: { id, organizationId: ctx.orgId }, include: DETAIL });
  if (!e) throw AppError.notFound('Experiment');
  return e;
}

/**
 * The experiment and its arms without the count of its assignments: the results count them per variant anyway, and
 * counting them again here cost 16 ms of the results at demo scale 10 (50,000 assignments).
 */
export async function getExperimentArms(ctx: OrgContext, id: string) {
  const e = await db.experiment.findFirst({
    where: { id, organizationId: ctx.orgId },
    include: { variants: DETAIL.variants },
  });
  if (!e) throw AppError.notFound('Experiment');
  return e;
}

// starting is a live change with four eyes: lib/experiments/experiment-approval.ts
const MOVES = { stop: { from: 'RUNNING', to: 'STOPPED' } } as const;

/** RUNNING → STOPPED (stop); compare-and-set, so concurrent clicks cannot double-move. */
export async function moveExperiment(ctx: OrgContext, id: string, move: keyof typeof MOVES) {
  const { from, to } = MOVES[move];
  return db.$transaction(async (tx) => {
    const r = await tx.experiment.updateMany({
      where: { id, organizationId: ctx.orgId, status: from },
      data: { status: to, stoppedAt: new Date() },
    });
    if (r.count === 0) {
      const e = await tx.experiment.findFirst({ where: { id, organizationId: ctx.orgId }, select: { status: true } });
      if (!e) throw AppError.notFound('Experiment');
      throw new AppError('conflict', `Cannot ${move} an experiment that is ${e.status.toLowerCase()}`);
    }
    invalidateServingCaches(ctx.orgId);
    await writeAudit(tx, ctx, {
      action: `experiment.${move}`,
      entityType: 'Experiment',
      entityId: id,
      diff: { from, to },
    });
    return tx.experiment.findFirstOrThrow({ where: { id }, include: DETAIL });
  });
}
