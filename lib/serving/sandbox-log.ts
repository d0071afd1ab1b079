import 'server-only';
import { z } from 'zod';
import type { OrgContext } from '../auth/context';
import { db } from '../db';

export const ZSandboxLogQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

/**
 * The sandbox log: offers answered to the organisation's test-mode API keys, newest first, with the key that asked
 * (its name and prefix) and the customer's external id — what a developer wiring up a storefront checks.
 */
export async function listSandboxDecisions(ctx: OrgContext, query: z.infer<typeof ZSandboxLogQuery>) {
  const rows = await db.sandboxDecision.findMany({
    where: { organizationId: ctx.orgId },
    orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
    take: query.limit,
    select: {
      id: true,
      createdAt: true,
      discountPct: true,
      policyVersionId: true,
      arm: true,
      details: true,
      customer: { select: { externalId: true } },
      apiKey: { select: { name: true, prefix: true } },
    },
  });
  return {
    total: await db.sandboxDecision.count({ where: { organizationId: ctx.orgId } }),
    items: rows.map((r) => ({
      decisionId: r.id,
      createdAt: r.createdAt.toISOString(),
      customerId: r.customer.externalId,
      discountPct: r.discountPct,
      reason: (r.details as { reason?: string } | null)?.reason ?? null,
      policyVersionId: r.policyVersionId,
      arm: r.arm,
      apiKey: r.apiKey ? { name: r.apiKey.name, prefix: r.apiKey.prefix } : null,
    })),
  };
}

export const ZSandboxLog = z.object({
  total: z.number().int().describe('sandbox decisions of the organisation'),
  items: z.array(
    z.object({
      decisionId: z.string(),
      createdAt: z.string(),
      customerId: z.string().describe('external customer id'),
      discountPct: z.number(),
      reason: z.string().nullable(),
      policyVersionId: z.string().nullable(),
      arm: z.string().nullable(),
      apiKey: z.object({ name: z.string(), prefix: z.string() }).nullable(),
    }),
  ),
});
