import 'server-only';
import type { OrgContext } from '../auth/context';
import { db } from '../db';

/** The organisation's customer attributes (name, type) and how many customers have a value for each. */
export async function listCustomerAttributes(ctx: OrgContext) {
  const attrs = await db.customerAttribute.findMany({
    where: { organizationId: ctx.orgId },
    orderBy: { name: 'asc' },
    select: { name: true, type: true, updatedAt: true },
  });
  if (attrs.length === 0) return [];
  const counts = await db.$queryRaw<{ name: string; n: bigint }[]>`
    SELECT k AS name, count(*) AS n FROM "Customer", jsonb_object_keys(attributes) AS k
    WHERE "organizationId" = ${ctx.orgId} AND attributes IS NOT NULL GROUP BY k`;
  const byName = new Map(counts.map((c) => [c.name, Number(c.n)]));
  return attrs.map((a) => ({
    name: a.name,
    type: a.type as 'numeric' | 'categorical',
    customers: byName.get(a.name) ?? 0,
  }));
}
