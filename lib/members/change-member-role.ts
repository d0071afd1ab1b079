import 'server-only';
import { writeAudit } from '../audit/write-audit';
import type { OrgContext } from '../auth/context';
import { forgetAllApiKeys } from '../auth/resolve-context';
import { db } from '../db';
import { AppError } from '../http/errors';
import type { RoleName } from '../rbac';
import { assertAdminRemains, lockMembers } from './admin-guard';
import { endMemberAccess } from './end-member-access';

/**
 * Gives a member another role. The member's sessions end at once (they sign in again with the new role) and their
 * API keys above the new role are revoked; the organisation always keeps an admin; audited.
 */
export async function changeMemberRole(ctx: OrgContext, memberId: string, role: RoleName, now: Date = new Date()) {
  if (ctx.apiKeyId || !ctx.userId) throw new AppError('forbidden', 'Members are managed by a signed-in admin');
  const out = await db.$transaction(async (tx) => {
    await lockMembers(tx, ctx.orgId);
    const m = await tx.membership.findFirst({
      where: { id: memberId, organizationId: ctx.orgId },
      include: { user: { select: { email: true } } },
    });
    if (!m) throw AppError.notFound('Member');
    if (m.role === role) return { id: m.id, role, revokedKeys: [] as string[] };
    await assertAdminRemains(tx, ctx.orgId, m, role);
    await tx.membership.update({ where: { id: m.id }, data: { role } });
    const revokedKeys = await endMemberAccess(tx, ctx.orgId, m.userId, role, now);
    await writeAudit(tx, ctx, {
      action: 'member.role_change',
      entityType: 'Membership',
      entityId: m.id,
      diff: { email: m.user.email, from: m.role, to: role, revokedKeys },
    });
    return { id: m.id, role, revokedKeys };
  });
  forgetAllApiKeys();
  return out;
}
