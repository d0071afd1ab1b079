import 'server-only';
import type { OrgContext } from '../auth/context';
import { db } from '../db';

export function listMembers(ctx: OrgContext) {
  return db.membership.findMany({
    where: { organizationId: ctx.orgId },
    orderBy: { createdAt: 'asc' },
    select: { id: true, role: true, createdAt: true, user: { select: { email: true, name: true } } },
  });
}
