import 'server-only';
import { writeAudit } from '../audit/write-audit';
import type { OrgContext } from '../auth/context';
import { forgetAllApiKeys } from '../auth/resolve-context';
import { db } from '../db';
import { AppError } from '../http/errors';
import { assertAdminRemains, lockMembers } from './admin-guard';
import { endMemberAccess } from './end-member-access';

/**
 * Removes a member from the organisation: their sessions end and their API keys here are revoked at once; the
 * organisation always keeps an admin; audited. The user's account stays (it may belong to other organisations).
 */
export async function removeMember(ctx: OrgContext, memberId: string, now: Date = new Date()) {
  if (ctx.apiKeyId || !ctx.userId) throw new AppError('forbidden', 'Members are managed by a signed-in admin');
  const out = await db.$transaction(async (tx) => {
    await lockMembers(tx, ctx.orgId);
    const m = await tx.membership.findFirst({
      where: { id: memberId, organizationId: ctx.orgId },
      include: { user: { select: { email: true } } },
    });
    if (!m) throw AppError.notFound('Member');
    await assertAdminRemains(tx, ctx.orgId, m, null);
    await tx.membership.delete({ where: { id: m.id } });
    const revokedKeys = await endMemberAccess(tx, ctx.orgId, m.userId, null, now);
    await writeAudit(tx, ctx, {
      action: 'member.remove',
      entityType: 'Membership',
      entityId: m.id,
      diff: { email: m.user.email, role: m.role, revokedKeys },
    });
    return { id: m.id, removed: true, revokedKeys };
  });
  forgetAllApiKeys();
  return out;
}
