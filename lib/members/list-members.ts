import 'server-only';
import type { OrgContext } from '../auth/context';
import { db } from '../db';

/** Members with their role (oldest first) and the invitations still open, for Settings → Members. */
export async function listMembers(ctx: OrgContext, now: Date = new Date()) {
  const [members, invitations] = await Promise.all([
    db.membership.findMany({
      where: { organizationId: ctx.orgId },
      orderBy: { createdAt: 'asc' },
      select: { id: true, role: true, createdAt: true, user: { select: { id: true, email: true, name: true } } },
    }),
    db.invitation.findMany({
      where: { organizationId: ctx.orgId, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
      orderBy: { createdAt: 'desc' },
      select: { id: true, email: true, role: true, createdAt: true, expiresAt: true },
    }),
  ]);
  return {
    items: members.map((m) => ({
      id: m.id,
      userId: m.user.id,
      name: m.user.name,
      email: m.user.email,
      role: m.role,
      joinedAt: m.createdAt,
      isYou: m.user.id === ctx.userId,
    })),
    invitations,
  };
}
