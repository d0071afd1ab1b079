import 'server-only';
import { z } from 'zod';
import type { Prisma } from '@/generated/prisma/client';
import { writeAudit } from '../audit/write-audit';
import type { OrgContext } from '../auth/context';
import { assertPermission } from '../auth/resolve-context';
import { requestCompute } from '../computed/computed-store';
import { needsBudgetLambda } from '../computed/request-recompute';
import { db } from '../db';
import { AppError } from '../http/errors';
import { fetchPage, tablePage, tableQuery } from '../http/table-query';
import { invalidateServingCaches } from '../serving/ttl-cache';
import { ZPolicyRules } from './rules';
import { checkTransition, POLICY_ACTIONS, type PolicyAction, type PolicyStatus, TransitionError } from './transitions';
import { assertRuleRefsInOrg } from './validate-rule-refs';

/**
 * Campaigns, discount policies and their versions. Every change runs in a transaction that locks the rows it
 * decides on (the version, and the campaign when activating), checks the move in transitions.ts, and writes an
 * audit row (who, when, what, diff). So two admins clicking at once cannot make two versions active, approve
 * twice, or approve a version that changed status under them.
 */
export const ZCreateCampaign = z.object({
  name: z.string().trim().min(1).max(120),
  description: z.string().trim().max(2000).optional(),
  marginPct: z.number().min(0).max(100).default(40),
  budget: z.number().positive().max(1e12).optional(),
});

export const ZDraftPolicy = z.object({
  campaignId: z.string().min(1).max(64),
  /** omit to start a new policy; give it to add a new version of an existing policy */
  policyId: z.string().min(1).max(64).optional(),
  name: z.string().trim().min(1).max(120),
  rules: ZPolicyRules,
});

export const ZPolicyAction = z.object({
  action: z.enum(['submit', 'approve', 'reject', 'activate', 'pause', 'resume', 'rollback']),
  comment: z.string().trim().max(2000).optional(),
  rolloutPct: z.number().min(1).max(100).optional(),
  /** rollout only: what customers outside the new version get — the version it replaces (default) or nothing */
  baseline: z.enum(['previous', 'none']).optional(),
  /** rollout to 100 % only: share kept on the baseline so the effect stays measurable (default 5) */
  holdoutPct: z.number().min(0).max(50).optional(),
});

export async function createCampaign(ctx: OrgContext, input: z.infer<typeof ZCreateCampaign>) {
  return db.$transaction(async (tx) => {
    const c = await tx.campaign.create({ data: { organizationId: ctx.orgId, ...input } });
    await writeAudit(tx, ctx, { action: 'campaign.create', entityType: 'Campaign', entityId: c.id, diff: input });
    return c;
  });
}

const VERSION_FIELDS = {
  id: true,
  version: true,
  status: true,
  rules: true,
  rolloutPct: true,
  holdoutPct: true,
  baseline: true,
  replacesVersionId: true,
  createdById: true,
  submittedById: true,
  reviewedById: true,
  reviewComment: true,
  createdAt: true,
  updatedAt: true,
  activatedAt: true,
  _count: { select: { decisions: true } },
} as const;

export function listCampaigns(ctx: OrgContext) {
  return db.campaign.findMany({
    where: { organizationId: ctx.orgId },
    orderBy: { createdAt: 'desc' },
    include: {
      policies: {
        orderBy: { createdAt: 'asc' },
        include: { versions: { orderBy: { version: 'desc' }, select: VERSION_FIELDS } },
      },
    },
  });
}

export async function draftPolicyVersion(ctx: OrgContext, raw: z.input<typeof ZDraftPolicy>) {
  const input = ZDraftPolicy.parse(raw);
  const v = await db.$transaction(async (tx) => {
    const campaign = await tx.campaign.findFirst({ where: { id: input.campaignId, organizationId: ctx.orgId } });
    if (!campaign) throw AppError.notFound('Campaign');
    await assertRuleRefsInOrg(tx, ctx.orgId, input.rules);
    let policyId = input.policyId;
    if (policyId) {
      // locked: two drafts of one policy at once (two tabs, two app instances) number their versions in turn
      // instead of both taking the same next number (a unique violation, answered 500)
      const p = await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM "DiscountPolicy"
        WHERE id = ${policyId} AND "organizationId" = ${ctx.orgId} AND "campaignId" = ${campaign.id} FOR UPDATE`;
      if (!p[0]) throw AppError.notFound('Policy');
    } else {
      policyId = (
        await tx.discountPolicy.create({
          data: { organizationId: ctx.orgId, campaignId: campaign.id, name: input.name },
        })
      ).id;
    }
    const prev = await tx.policyVersion.findFirst({ where: { policyId }, orderBy: { version: 'desc' } });
    const v = await tx.policyVersion.create({
      data: {
        organizationId: ctx.orgId,
        policyId,
        version: (prev?.version ?? 0) + 1,
        status: 'DRAFT',
        rules: input.rules as Prisma.InputJsonValue,
        modelVersionId:
          input.rules.mode === 'model-optimal' || input.rules.mode === 'contextual' ? input.rules.modelVersionId : null,
        createdById: ctx.userId,
      },
    });
    await writeAudit(tx, ctx, {
      action: 'policy.draft',
      entityType: 'PolicyVersion',
      entityId: v.id,
      diff: {
        version: v.version,
        before: (prev?.rules ?? null) as Prisma.InputJsonValue,
        after: input.rules as Prisma.InputJsonValue,
      },
    });
    return v;
  });
  // the worker calibrates the budget multiplier and evaluates the version offline now, before anyone asks
  if (needsBudgetLambda(v.rules)) await requestCompute(ctx.orgId, 'BUDGET_LAMBDA', [v.id]);
  await requestCompute(ctx.orgId, 'POLICY_EVALUATION', [v.id]);
  return v;
}

/** Applies one workflow action to a version (see transitions.ts), under row locks, with an audit row. */
export async function applyPolicyAction(ctx: OrgContext, versionId: string, input: z.infer<typeof ZPolicyAction>) {
  assertPermission(ctx, POLICY_ACTIONS[input.action as PolicyAction].permission);
  if (input.action === 'reject' && !input.comment)
    throw new AppError('validation_failed', 'A rejection needs a comment', [
      { path: ['comment'], message: 'required when rejecting' },
    ]);
  return db.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<
      { id: string; status: PolicyStatus; submittedById: string | null; policyId: string; rolloutPct: number }[]
    >`
      SELECT v.id, v.status, v."submittedById", v."policyId", v."rolloutPct" FROM "PolicyVersion" v
      WHERE v.id = ${versionId} AND v."organizationId" = ${ctx.orgId} FOR UPDATE`;
    const v = locked[0];
    if (!v) throw AppError.notFound('Policy version');
    let to: PolicyStatus;
    try {
      to = checkTransition(input.action as PolicyAction, v.status, ctx, v);
    } catch (err) {
      if (err instanceof TransitionError) throw new AppError('conflict', err.message);
      throw err;
    }
    const policy = await tx.discountPolicy.findFirstOrThrow({ where: { id: v.policyId } });
    const data: Prisma.PolicyVersionUpdateInput = { status: to };
    const sideEffects: Record<string, unknown> = {};
    if (input.action === 'submit') data.submittedById = ctx.userId;
    if (input.action === 'approve' || input.action === 'reject') {
      data.reviewedById = ctx.userId;
      data.reviewComment = input.comment ?? null;
    }
    if (input.action === 'activate' || input.action === 'resume' || input.action === 'rollback') {
      // one ACTIVE version per campaign: serialise on the campaign row
      await tx.$queryRaw`SELECT id FROM "Campaign" WHERE id = ${policy.campaignId} FOR UPDATE`;
    }
    if (input.action === 'activate') {
      data.activatedAt = new Date();
      data.rolloutPct = input.rolloutPct ?? 100;
      data.holdoutPct = input.holdoutPct ?? 5;
      // the version being replaced keeps serving the baseline arm (unless "no discount" was chosen)
      const replaced = await tx.policyVersion.findFirst({
        where: {
          organizationId: ctx.orgId,
          status: { in: ['ACTIVE', 'PAUSED'] },
          policy: { campaignId: policy.campaignId },
          id: { not: v.id },
        },
        orderBy: { activatedAt: 'desc' },
        select: { id: true },
      });
      data.replacesVersionId = replaced?.id ?? null;
      data.baseline = replaced && (input.baseline ?? 'previous') === 'previous' ? 'previous' : 'none';
      const retired = await tx.policyVersion.updateMany({
        where: {
          organizationId: ctx.orgId,
          status: { in: ['ACTIVE', 'PAUSED'] },
          policy: { campaignId: policy.campaignId },
          id: { not: v.id },
        },
        data: { status: 'RETIRED' },
      });
      sideEffects.retiredOthers = retired.count;
    }
    if (input.action === 'resume') {
      const other = await tx.policyVersion.count({
        where: { status: 'ACTIVE', policy: { campaignId: policy.campaignId }, id: { not: v.id } },
      });
      if (other > 0) throw new AppError('conflict', 'Another version of this campaign is active; roll it back first');
    }
    if (input.action === 'rollback') {
      const previous = await tx.policyVersion.findFirst({
        where: {
          organizationId: ctx.orgId,
          status: 'RETIRED',
          activatedAt: { not: null },
          policy: { campaignId: policy.campaignId },
          id: { not: v.id },
        },
        orderBy: { activatedAt: 'desc' },
      });
      if (previous) {
        await tx.policyVersion.update({
          where: { id: previous.id },
          data: { status: 'ACTIVE', activatedAt: new Date() },
        });
        sideEffects.restored = previous.id;
      }
    }
    invalidateServingCaches(ctx.orgId);
    const updated = await tx.policyVersion.update({ where: { id: v.id }, data, select: VERSION_FIELDS });
    await writeAudit(tx, ctx, {
      action: `policy.${input.action}`,
      entityType: 'PolicyVersion',
      entityId: v.id,
      diff: {
        from: v.status,
        to,
        ...(input.comment ? { comment: input.comment } : {}),
        ...(input.action === 'activate'
          ? {
              rolloutPct: data.rolloutPct as number,
              holdoutPct: data.holdoutPct as number,
              baseline: data.baseline as string,
              replacesVersionId: (data.replacesVersionId as string | null) ?? null,
            }
          : {}),
        ...sideEffects,
      } as Prisma.InputJsonValue,
    });
    return updated;
  });
}

/** The audit trail of the organisation's policies, newest first, with actor emails. */
export const ZAuditTable = tableQuery({
  sort: ['createdAt', 'action'],
  defaultSort: 'createdAt',
  defaultDir: 'desc',
  defaultPageSize: 100,
});

/**
 * One page of the policy audit trail (policy versions and campaigns). The search matches the action
 * ("approve", "policy.rollback") or the acting user's e-mail, ignoring case; ties broken by id.
 */
export async function policyAuditLog(ctx: OrgContext, q: z.output<typeof ZAuditTable> = ZAuditTable.parse({})) {
  const actors = q.q
    ? await db.user.findMany({
        where: {
          email: { contains: q.q, mode: 'insensitive' },
          memberships: { some: { organizationId: ctx.orgId } },
        },
        select: { id: true },
      })
    : [];
  const where: Prisma.AuditLogWhereInput = {
    organizationId: ctx.orgId,
    entityType: { in: ['PolicyVersion', 'Campaign'] },
    ...(q.q
      ? {
          OR: [
            { action: { contains: q.q, mode: 'insensitive' } },
            ...(actors.length ? [{ actorUserId: { in: actors.map((a) => a.id) } }] : []),
          ],
        }
      : {}),
  };
  const { items: rows, total } = await fetchPage(
    q,
    (page) => db.auditLog.findMany({ where, orderBy: [{ [q.sort]: q.dir }, { id: q.dir }], ...page }),
    () => db.auditLog.count({ where }),
  );
  const users = await db.user.findMany({
    where: { id: { in: [...new Set(rows.flatMap((r) => (r.actorUserId ? [r.actorUserId] : [])))] } },
    select: { id: true, email: true },
  });
  const keys = await db.apiKey.findMany({
    where: { organizationId: ctx.orgId, id: { in: rows.flatMap((r) => (r.actorApiKeyId ? [r.actorApiKeyId] : [])) } },
    select: { id: true, prefix: true, name: true },
  });
  const email = new Map(users.map((u) => [u.id, u.email]));
  const keyLabel = new Map(keys.map((k) => [k.id, `API key ${k.name} (op_${k.prefix}…)`]));
  return tablePage(
    rows.map((r) => ({ ...r, actor: actorLabel(r, email, keyLabel) })),
    total,
    q,
  );
}

/** "owner@x (via API key storefront (op_1a2b…))", "owner@x", or "system". */
function actorLabel(
  r: { actorUserId: string | null; actorApiKeyId: string | null },
  email: Map<string, string>,
  keyLabel: Map<string, string>,
): string {
  const user = r.actorUserId ? (email.get(r.actorUserId) ?? r.actorUserId) : null;
  const key = r.actorApiKeyId ? (keyLabel.get(r.actorApiKeyId) ?? `API key ${r.actorApiKeyId}`) : null;
  if (user && key) return `${user} via ${key}`;
  return user ?? key ?? 'system';
}
