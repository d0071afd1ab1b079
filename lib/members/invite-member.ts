import 'server-only';
import { writeAudit } from '../audit/write-audit';
import type { OrgContext } from '../auth/context';
import { db } from '../db';
import { AppError } from '../http/errors';
import type { Mailer } from '../mail/mailer';
import { ROLE_LABELS, type RoleName } from '../rbac';
import { emailInvitation } from './invitation-email';
import { newInvitationToken } from './invitation-token';

export const INVITATION_LIFETIME_DAYS = 7;

/** Where the link points and how it travels: the app's public origin and the mailer (null: no mail server). */
export interface InvitationDelivery {
  origin: string;
  mailer: Mailer | null;
}

/**
 * Invites someone by email with a role: returns the one-time token and link (shown once, only its hash is stored)
 * and whether the link was e-mailed. A newer invitation for the same email replaces the open one. Only a signed-in
 * admin invites (never an API key: a key must not mint access for people).
 *
 * The e-mail goes out before the invitation is stored, so that the invitation and its one audit row — which says
 * whether it was e-mailed — commit together. A failed send never loses the invitation (the admin copies the link);
 * should the store fail after a send (database down: 503), the mailed link is simply not valid.
 */
export async function inviteMember(
  ctx: OrgContext,
  input: { email: string; role: RoleName },
  delivery: InvitationDelivery,
  now: Date = new Date(),
) {
  if (ctx.apiKeyId || !ctx.userId) throw new AppError('forbidden', 'Members are invited by a signed-in admin');
  const email = input.email.trim().toLowerCase();
  const member = await db.membership.findFirst({ where: { organizationId: ctx.orgId, user: { email } } });
  if (member) throw new AppError('conflict', `${email} is already a member`);
  const { token, tokenHash } = newInvitationToken();
  const expiresAt = new Date(now.getTime() + INVITATION_LIFETIME_DAYS * 86_400_000);
  const url = `${delivery.origin}/invite#${token}`;
  const [org, inviter] = await Promise.all([
    db.organization.findUniqueOrThrow({ where: { id: ctx.orgId }, select: { name: true } }),
    db.user.findUniqueOrThrow({ where: { id: ctx.userId }, select: { name: true, email: true } }),
  ]);
  const mail = await emailInvitation(delivery.mailer, {
    to: email,
    url,
    organization: org.name,
    inviter,
    roleLabel: ROLE_LABELS[input.role],
    expiresAt,
  });
  const invitation = await db.$transaction(async (tx) => {
    await tx.invitation.updateMany({
      where: { organizationId: ctx.orgId, email, acceptedAt: null, revokedAt: null },
      data: { revokedAt: now },
    });
    const row = await tx.invitation.create({
      data: { organizationId: ctx.orgId, email, role: input.role, tokenHash, createdById: ctx.userId, expiresAt },
      select: { id: true, email: true, role: true, createdAt: true, expiresAt: true },
    });
    await writeAudit(tx, ctx, {
      action: 'member.invite',
      entityType: 'Invitation',
      entityId: row.id,
      diff: {
        email,
        role: input.role,
        expiresAt: expiresAt.toISOString(),
        emailed: mail.status === 'sent',
        mail: mail.status,
        ...(mail.status === 'failed' ? { mailFailure: mail.reason } : {}),
      },
    });
    return row;
  });
  return { ...invitation, token, url, mail };
}

/** Withdraws an open invitation: its link stops working. */
export async function revokeInvitation(ctx: OrgContext, id: string, now: Date = new Date()) {
  return db.$transaction(async (tx) => {
    const inv = await tx.invitation.findFirst({ where: { id, organizationId: ctx.orgId } });
    if (!inv) throw AppError.notFound('Invitation');
    if (inv.acceptedAt) throw new AppError('conflict', 'This invitation has already been accepted');
    if (!inv.revokedAt) {
      await tx.invitation.update({ where: { id }, data: { revokedAt: now } });
      await writeAudit(tx, ctx, {
        action: 'member.invite_revoke',
        entityType: 'Invitation',
        entityId: id,
        diff: { email: inv.email },
      });
    }
    return { id, revoked: true };
  });
}
