import 'server-only';
import { z } from 'zod';
import type { Prisma } from '@/generated/prisma/client';
import { writeAudit } from '../audit/write-audit';
import type { OrgContext } from '../auth/context';
import { db } from '../db';
import { AppError } from '../http/errors';
import { ZPolicyRules } from '../policies/rules';
import { assertFourEyes, TransitionError } from '../policies/transitions';
import { invalidateServingCaches } from '../serving/ttl-cache';
import { startBanditAllocation } from './bandit/reallocate-bandit';
import { POLICY_ARM_KINDS } from './experiment-store';

/**
 * Starting an experiment changes what customers are offered (a running experiment decides before the approved
 * policy), so it is a live change like a policy version: a manager (or admin) submits the draft naming the
 * campaign it runs in; an admin other than the submitter approves, which starts it. Every fixed-discount arm must
 * stay within the campaign's maximum discount (the maxDiscountPct of its active policy version), checked at submit
 * and again, under a row lock, at approval. Analysts still create drafts and read results.
 */
export const ZSubmitExperiment = z.object({ campaignId: z.string().trim().min(1).max(64).optional() }).strict();

type Tx = Prisma.TransactionClient;

/** The campaign's maximum discount: its active version's `maxDiscountPct` (422 when it has no active version). */
export async function campaignMaxDiscountPct(tx: Tx, orgId: string, campaignId: string): Promise<number> {
  const campaign = await tx.campaign.findFirst({
    where: { id: campaignId, organizationId: orgId },
    select: { id: true },
  });
  if (!campaign)
    throw new AppError('unprocessable', 'campaignId does not name a campaign of your organisation', [
      { path: ['campaignId'], message: 'unknown campaign' },
    ]);
  const active = await tx.policyVersion.findFirst({
    where: { organizationId: orgId, status: 'ACTIVE', policy: { campaignId } },
    orderBy: { activatedAt: 'desc' },
    select: { rules: true },
  });
  if (!active)
    throw new AppError('unprocessable', 'The campaign has no active policy, so it has no approved maximum discount', [
      { path: ['campaignId'], message: 'campaign without an active policy version' },
    ]);
  return ZPolicyRules.parse(active.rules).maxDiscountPct;
}

/** Throws 422 naming each arm whose discount exceeds `maxPct`. */
export function assertArmsWithin(variants: { name: string; discountPct: number | null }[], maxPct: number): void {
  const over = variants.filter((v) => (v.discountPct ?? 0) > maxPct);
  if (over.length)
    throw new AppError(
      'unprocessable',
      `Arm ${over.map((v) => `"${v.name}" (${v.discountPct}%)`).join(', ')} exceeds the campaign's maximum discount of ${maxPct}%`,
      over.map((v) => ({ path: ['variants', v.name, 'discountPct'], message: `at most ${maxPct}` })),
    );
}

async function lockDraft(tx: Tx, ctx: OrgContext, id: string) {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "Experiment" WHERE id = ${id} AND "organizationId" = ${ctx.orgId} FOR UPDATE`;
  if (!rows[0]) throw AppError.notFound('Experiment');
  const e = await tx.experiment.findFirstOrThrow({ where: { id }, include: { variants: true } });
  if (e.status !== 'DRAFT')
    throw new AppError('conflict', `Cannot submit or approve an experiment that is ${e.status.toLowerCase()}`);
  return e;
}

/** DRAFT (not yet submitted) → submitted for approval, bound to a campaign whose maximum discount its arms respect. */
export async function submitExperiment(ctx: OrgContext, id: string, input: z.infer<typeof ZSubmitExperiment>) {
  return db.$transaction(async (tx) => {
    const e = await lockDraft(tx, ctx, id);
    if (e.submittedById) throw new AppError('conflict', 'This experiment is already submitted for approval');
    const campaignId = input.campaignId ?? e.campaignId;
    if (e.campaignId && campaignId !== e.campaignId && e.variants.some((v) => POLICY_ARM_KINDS.has(v.kind)))
      throw new AppError('unprocessable', 'Its arms are policies of the campaign it was created in', [
        { path: ['campaignId'], message: 'cannot move an experiment with policy arms to another campaign' },
      ]);
    if (!campaignId)
      throw new AppError('unprocessable', 'Choose the campaign this experiment runs in', [
        { path: ['campaignId'], message: 'required to submit' },
      ]);
    const maxPct = await campaignMaxDiscountPct(tx, ctx.orgId, campaignId);
    assertArmsWithin(e.variants, maxPct);
    await assertPolicyArmsApproved(tx, ctx.orgId, e.variants);
    const submittedAt = new Date();
    await tx.experiment.update({ where: { id }, data: { campaignId, submittedById: ctx.userId, submittedAt } });
    await writeAudit(tx, ctx, {
      action: 'experiment.submit',
      entityType: 'Experiment',
      entityId: id,
      diff: { campaignId, maxDiscountPct: maxPct },
    });
    return tx.experiment.findFirstOrThrow({ where: { id }, include: { variants: true } });
  });
}

/** Submitted DRAFT → RUNNING, by an admin who is not the submitter; the arms are re-checked against the campaign. */
export async function approveAndStartExperiment(ctx: OrgContext, id: string, now: Date = new Date()) {
  return db.$transaction(async (tx) => {
    const e = await lockDraft(tx, ctx, id);
    if (!e.submittedById || !e.campaignId)
      throw new AppError('conflict', 'A manager must submit this experiment for approval before it can start');
    try {
      assertFourEyes(ctx.userId, e.submittedById);
    } catch (err) {
      if (err instanceof TransitionError)
        throw new AppError('conflict', err.message.replace('a version', 'an experiment'));
      throw err;
    }
    const maxPct = await campaignMaxDiscountPct(tx, ctx.orgId, e.campaignId);
    assertArmsWithin(e.variants, maxPct);
    await tx.experiment.update({
      where: { id },
      data: { status: 'RUNNING', approvedById: ctx.userId, startedAt: now },
    });
    if (e.type === 'BANDIT') await startBanditAllocation(tx, ctx.orgId, e, now);
    invalidateServingCaches(ctx.orgId);
    await writeAudit(tx, ctx, {
      action: 'experiment.start',
      entityType: 'Experiment',
      entityId: id,
      diff: { from: 'DRAFT', to: 'RUNNING', submittedById: e.submittedById, approvedById: ctx.userId },
    });
    return tx.experiment.findFirstOrThrow({
      where: { id },
      include: {
        variants: { orderBy: [{ isControl: 'desc' }, { name: 'asc' }] },
        _count: { select: { assignments: true } },
      },
    });
  });
}

/** Arms driven by a policy version may only use versions that passed the policy approval. */
async function assertPolicyArmsApproved(tx: Tx, orgId: string, variants: { policyVersionId: string | null }[]) {
  const ids = variants.flatMap((v) => (v.policyVersionId ? [v.policyVersionId] : []));
  if (!ids.length) return;
  const ok = await tx.policyVersion.count({
    where: { id: { in: ids }, organizationId: orgId, status: { in: ['APPROVED', 'ACTIVE', 'PAUSED', 'RETIRED'] } },
  });
  if (ok !== new Set(ids).size)
    throw new AppError('unprocessable', 'Every policy arm must use an approved policy version', [
      { path: ['variants'], message: 'policy version not approved' },
    ]);
}
