import 'server-only';
import { writeAudit } from '../audit/write-audit';
import { MIN_PASSWORD_LENGTH } from '../auth/change-password';
import { hashPassword, verifyPassword } from '../auth/password';
import { db } from '../db';
import { AppError } from '../http/errors';
import { hashInvitationToken } from './invitation-token';

const INVALID = 'This invitation link is not valid: it was used, withdrawn or has expired. Ask an admin for a new one.';

async function openInvitation(token: string, now: Date) {
  const inv = await db.invitation.findUnique({
    where: { tokenHash: hashInvitationToken(token) },
    include: { organization: { select: { name: true } } },
  });
  if (!inv || inv.acceptedAt || inv.revokedAt || inv.expiresAt <= now) throw new AppError('not_found', INVALID);
  return inv;
}

/** What the invitation page shows before accepting: organisation, email, role, and whether the account exists. */
export async function previewInvitation(token: string, now: Date = new Date()) {
  const inv = await openInvitation(token, now);
  const existing = await db.user.findUnique({ where: { email: inv.email }, select: { id: true } });
  return { organization: inv.organization.name, email: inv.email, role: inv.role, hasAccount: Boolean(existing) };
}

/**
 * Accepts an invitation once: a new person sets their name and password; someone who already has an account
 * (another organisation) confirms with its password. Adds the membership with the invited role; audited.
 */
export async function acceptInvitation(input: { token: string; name: string; password: string }, now = new Date()) {
  const inv = await openInvitation(input.token, now);
  const existing = await db.user.findUnique({ where: { email: inv.email } });
  if (existing && !(await verifyPassword(existing.passwordHash, input.password)))
    throw new AppError('forbidden', `An account for ${inv.email} exists: enter its password`);
  if (!existing && input.password.length < MIN_PASSWORD_LENGTH)
    throw new AppError('validation_failed', `Choose a password of at least ${MIN_PASSWORD_LENGTH} characters`);
  const passwordHash = existing ? null : await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    // one use only, even when two tabs accept at once
    const taken = await tx.invitation.updateMany({
      where: { id: inv.id, acceptedAt: null, revokedAt: null },
      data: { acceptedAt: now },
    });
    if (taken.count !== 1) throw new AppError('not_found', INVALID);
    const user =
      existing ??
      (await tx.user.create({
        data: { email: inv.email, name: input.name.trim() || inv.email, passwordHash: passwordHash as string },
      }));
    const already = await tx.membership.findUnique({
      where: { organizationId_userId: { organizationId: inv.organizationId, userId: user.id } },
    });
    if (already) throw new AppError('conflict', `${inv.email} is already a member`);
    const m = await tx.membership.create({
      data: { organizationId: inv.organizationId, userId: user.id, role: inv.role },
    });
    await writeAudit(
      tx,
      {
        orgId: inv.organizationId,
        orgName: '',
        role: inv.role,
        userId: user.id,
        apiKeyId: null,
        actorLabel: inv.email,
      },
      {
        action: 'member.join',
        entityType: 'Membership',
        entityId: m.id,
        diff: { email: inv.email, role: inv.role, invitationId: inv.id },
      },
    );
    return { email: inv.email, organization: inv.organization.name, role: inv.role };
  });
}
