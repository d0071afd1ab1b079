import 'server-only';
import { z } from 'zod';
import { writeAudit } from '../audit/write-audit';
import type { OrgContext } from '../auth/context';
import { db } from '../db';
import { AppError } from '../http/errors';
import { invalidateServingCaches } from '../serving/ttl-cache';

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
    description: z.string().trim().max(2000).optional(),
    primaryMetric: z.enum(['conversion', 'revenue', 'profit']).default('conversion'),
    marginPct: z.number().min(0).max(100).default(40),
    segmentId: z.string().max(64).optional(),
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
          weight: z.number().positive().max(1000),
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
      if ((v.discountPct === undefined) === (v.policyVersionId === undefined)) {
        ctx.addIssue({
          code: 'custom',
          path: ['variants', i],
          message: 'give each variant either a fixed discountPct or a policyVersionId',
        });
      }
    });
  });
export type CreateExperiment = z.infer<typeof ZCreateExperiment>;

const DETAIL = {
  variants: { orderBy: [{ isControl: 'desc' as const }, { name: 'asc' as const }] },
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
  for (const v of input.variants) {
    if (
      v.policyVersionId &&
      !(await db.policyVersion.findFirst({
        where: { id: v.policyVersionId, organizationId: ctx.orgId },
        select: { id: true },
      }))
    ) {
      throw AppError.notFound('Policy version');
    }
  }
  return db.$transaction(async (tx) => {
    const e = await tx.experiment.create({
      data: {
        organizationId: ctx.orgId,
        key: input.key,
        name: input.name,
        description: input.description,
        primaryMetric: input.primaryMetric,
        marginPct: input.marginPct,
        segmentId: input.segmentId,
        guardrails: input.guardrails,
        variants: {
          create: input.variants.map((v, i) => ({
            organizationId: ctx.orgId,
            name: v.name,
            weight: v.weight,
            discountPct: v.discountPct,
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
