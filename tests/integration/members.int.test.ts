import { describe, expect, it } from 'vitest';
import * as invitationsRoute from '@/app/api/v1/invitations/route';
import * as memberRoute from '@/app/api/v1/members/[id]/route';
import * as membersRoute from '@/app/api/v1/members/route';
import type { OrgContext } from '@/lib/auth/context';
import { contextFromApiKey } from '@/lib/auth/resolve-context';
import { liveSessionContext, newSessionId } from '@/lib/auth/sessions';
import { db } from '@/lib/db';
import { configuredMailer } from '@/lib/mail/mailer';
import { acceptInvitation, previewInvitation } from '@/lib/members/accept-invitation';
import { changeMemberRole } from '@/lib/members/change-member-role';
import { hashInvitationToken } from '@/lib/members/invitation-token';
import { inviteMember } from '@/lib/members/invite-member';
import { listMembers } from '@/lib/members/list-members';
import { removeMember } from '@/lib/members/remove-member';
import { DEMO_PASSWORD } from '@/lib/seed/seed-orgs';
import { createApiKey } from '@/lib/settings/api-keys';
import { call, orgContext } from './helpers';

/** Issue 18 item 5 with issue 12 item 7: invite, accept once, change role, remove; access ends at once. */
const now = new Date('2026-03-02T09:00:00Z');
/** this file's environment has no SMTP_URL: the configured mailer is none */
const noMail = { origin: 'http://op.test', mailer: configuredMailer() };

async function join(admin: OrgContext, email: string, role: 'ADMIN' | 'MANAGER' | 'ANALYST') {
  const inv = await inviteMember(admin, { email, role }, noMail, now);
  await acceptInvitation({ token: inv.token, name: email.split('@')[0], password: 'a-long-password' }, now);
  const m = await db.membership.findFirstOrThrow({ where: { organizationId: admin.orgId, user: { email } } });
  const user = await db.user.findUniqueOrThrow({ where: { email } });
  const ctx: OrgContext = { ...admin, role, userId: user.id, actorLabel: email };
  const session = {
    userId: user.id,
    orgId: admin.orgId,
    sessionId: newSessionId(),
    sessionVersion: user.sessionVersion,
  };
  return { memberId: m.id, userId: user.id, ctx, session };
}

describe('members', () => {
  it('invites with a one-time link stored as a hash; the invitee joins with the role, once', async () => {
    const admin = await orgContext('acme', 'ADMIN');
    const inv = await inviteMember(admin, { email: 'Sam@Acme.test', role: 'ANALYST' }, noMail, now);
    expect(noMail.mailer).toBeNull();
    expect([inv.url, inv.mail]).toEqual([`http://op.test/invite#${inv.token}`, { status: 'not_configured' }]);
    const row = await db.invitation.findUniqueOrThrow({ where: { id: inv.id } });
    expect(row.tokenHash).toBe(hashInvitationToken(inv.token));
    expect(JSON.stringify(row)).not.toContain(inv.token);
    expect([row.email, row.role, row.expiresAt.toISOString()]).toEqual([
      'sam@acme.test',
      'ANALYST',
      '2026-03-09T09:00:00.000Z',
    ]);
    expect(await previewInvitation(inv.token, now)).toEqual({
      organization: 'Acme Outfitters',
      email: 'sam@acme.test',
      role: 'ANALYST',
      hasAccount: false,
    });
    await expect(acceptInvitation({ token: inv.token, name: 'Sam', password: 'short' }, now)).rejects.toMatchObject({
      status: 400,
    });
    expect(await acceptInvitation({ token: inv.token, name: 'Sam', password: 'sam-password-1' }, now)).toEqual({
      email: 'sam@acme.test',
      organization: 'Acme Outfitters',
      role: 'ANALYST',
    });
    await expect(
      acceptInvitation({ token: inv.token, name: 'Eve', password: 'eve-password-1' }, now),
    ).rejects.toMatchObject({ status: 404 });
    const list = await listMembers(admin, now);
    expect(list.items.find((m) => m.email === 'sam@acme.test')).toMatchObject({
      name: 'Sam',
      role: 'ANALYST',
      isYou: false,
    });
    expect(list.items.find((m) => m.email === 'admin@acme.test')?.isYou).toBe(true);
    expect(list.invitations.map((i) => i.email)).not.toContain('sam@acme.test');
    const audit = await db.auditLog.findMany({
      // this invitation's rows only: other tests of this file (in any order) invite and join too
      where: {
        organizationId: admin.orgId,
        action: { in: ['member.invite', 'member.join'] },
        diff: { path: ['email'], equals: 'sam@acme.test' },
      },
      orderBy: { createdAt: 'asc' },
    });
    expect(audit.map((a) => [a.action, a.actorUserId === admin.userId])).toEqual([
      ['member.invite', true],
      ['member.join', false],
    ]);
    expect(audit[0].diff).toEqual({
      email: 'sam@acme.test',
      role: 'ANALYST',
      expiresAt: '2026-03-09T09:00:00.000Z',
      emailed: false,
      mail: 'not_configured',
    });
    expect(JSON.stringify(audit)).not.toContain(inv.token);
  });

  it('someone with an account elsewhere joins with their own password, which is not changed', async () => {
    const globexAdmin = await orgContext('globex', 'ADMIN');
    const inv = await inviteMember(globexAdmin, { email: 'analyst@acme.test', role: 'MANAGER' }, noMail, now);
    expect((await previewInvitation(inv.token, now)).hasAccount).toBe(true);
    const before = await db.user.findUniqueOrThrow({ where: { email: 'analyst@acme.test' } });
    await expect(
      acceptInvitation({ token: inv.token, name: 'x', password: 'not-her-password' }, now),
    ).rejects.toMatchObject({ status: 403 });
    await acceptInvitation({ token: inv.token, name: 'Someone else', password: DEMO_PASSWORD }, now);
    const after = await db.user.findUniqueOrThrow({
      where: { email: 'analyst@acme.test' },
      include: { memberships: true },
    });
    expect([after.name, after.passwordHash]).toEqual([before.name, before.passwordHash]);
    expect(after.memberships.map((m) => m.role).sort()).toEqual(['ANALYST', 'MANAGER']);
  });

  it('refuses expired and withdrawn invitations, and a second invitation replaces the first', async () => {
    const admin = await orgContext('acme', 'ADMIN');
    const first = await inviteMember(admin, { email: 'late@acme.test', role: 'MANAGER' }, noMail, now);
    await expect(previewInvitation(first.token, new Date('2026-03-09T09:00:01Z'))).rejects.toMatchObject({
      status: 404,
    });
    const second = await inviteMember(admin, { email: 'late@acme.test', role: 'ANALYST' }, noMail, now);
    await expect(previewInvitation(first.token, now)).rejects.toMatchObject({ status: 404 });
    expect((await previewInvitation(second.token, now)).role).toBe('ANALYST');
    await expect(
      inviteMember(admin, { email: 'manager@acme.test', role: 'ANALYST' }, noMail, now),
    ).rejects.toMatchObject({
      status: 409,
    });
  });

  it('a role change ends the member’s sessions at once and revokes their keys above the new role', async () => {
    const admin = await orgContext('acme', 'ADMIN');
    const mo = await join(admin, 'mo@acme.test', 'MANAGER');
    const managerKey = await createApiKey(mo.ctx, { name: 'mo-manager', role: 'MANAGER' });
    const analystKey = await createApiKey(mo.ctx, { name: 'mo-analyst', role: 'ANALYST' });
    expect((await liveSessionContext(mo.session))?.role).toBe('MANAGER');
    expect((await contextFromApiKey(`Bearer ${managerKey.key}`))?.role).toBe('MANAGER');

    expect(await changeMemberRole(admin, mo.memberId, 'ANALYST', now)).toEqual({
      id: mo.memberId,
      role: 'ANALYST',
      revokedKeys: [managerKey.prefix],
    });
    expect(await liveSessionContext(mo.session)).toBeNull();
    await expect(contextFromApiKey(`Bearer ${managerKey.key}`)).rejects.toMatchObject({ status: 401 });
    expect((await contextFromApiKey(`Bearer ${analystKey.key}`))?.role).toBe('ANALYST');
    const audit = await db.auditLog.findFirstOrThrow({
      where: { action: 'member.role_change', entityId: mo.memberId },
    });
    expect(audit.diff).toEqual({
      email: 'mo@acme.test',
      from: 'MANAGER',
      to: 'ANALYST',
      revokedKeys: [managerKey.prefix],
    });
  });

  it('removal ends sessions and every API key of the member at once; the account stays', async () => {
    const admin = await orgContext('acme', 'ADMIN');
    const rex = await join(admin, 'rex@acme.test', 'ANALYST');
    const key = await createApiKey(rex.ctx, { name: 'rex', role: 'ANALYST' });
    expect((await contextFromApiKey(`Bearer ${key.key}`))?.userId).toBe(rex.userId);
    expect((await removeMember(admin, rex.memberId, now)).revokedKeys).toEqual([key.prefix]);
    expect(await liveSessionContext(rex.session)).toBeNull();
    await expect(contextFromApiKey(`Bearer ${key.key}`)).rejects.toMatchObject({ status: 401 });
    expect(await db.user.count({ where: { email: 'rex@acme.test' } })).toBe(1);
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: 'member.remove', entityId: rex.memberId } });
    expect(audit.diff).toEqual({ email: 'rex@acme.test', role: 'ANALYST', revokedKeys: [key.prefix] });
    await expect(removeMember(admin, rex.memberId, now)).rejects.toMatchObject({ status: 404 });
  });

  it('never leaves an organisation without an admin, even when two admins demote each other at once', async () => {
    const gus = await orgContext('globex', 'ADMIN');
    const self = await db.membership.findFirstOrThrow({
      where: { organizationId: gus.orgId, userId: gus.userId as string },
    });
    await expect(changeMemberRole(gus, self.id, 'MANAGER', now)).rejects.toMatchObject({ status: 409 });
    await expect(removeMember(gus, self.id, now)).rejects.toMatchObject({ status: 409 });
    const gwen = await join(gus, 'gwen@globex.test', 'ADMIN');
    const outcomes = await Promise.allSettled([
      changeMemberRole(gus, gwen.memberId, 'ANALYST', now),
      changeMemberRole(gwen.ctx, self.id, 'ANALYST', now),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(await db.membership.count({ where: { organizationId: gus.orgId, role: 'ADMIN' } })).toBe(1);
  });

  it('routes: admins only, signed-in only, other organisations’ members are 404, one error shape', async () => {
    const acmeAdmin = await orgContext('acme', 'ADMIN');
    const globexAdmin = await orgContext('globex', 'ADMIN');
    const managerKey = (await createApiKey(await orgContext('acme', 'MANAGER'), { name: 'm', role: 'MANAGER' })).key;
    const adminKey = (await createApiKey(acmeAdmin, { name: 'a', role: 'ADMIN' })).key;
    const acmeAnalyst = await db.membership.findFirstOrThrow({
      where: { organizationId: acmeAdmin.orgId, user: { email: 'analyst@acme.test' } },
    });
    const list = await call(membersRoute.GET, { url: '/api/v1/members', key: managerKey });
    expect(list.status).toBe(403);
    expect(list.body.error.code).toBe('forbidden');
    const viaKey = await call(invitationsRoute.POST, {
      url: '/api/v1/invitations',
      method: 'POST',
      key: adminKey,
      json: { email: 'k@acme.test', role: 'ADMIN' },
    });
    expect(viaKey).toEqual({
      status: 403,
      body: { error: { code: 'forbidden', message: 'Members are invited by a signed-in admin' } },
    });
    const badRole = await call(memberRoute.PATCH, {
      url: `/api/v1/members/${acmeAnalyst.id}`,
      method: 'PATCH',
      key: adminKey,
      params: { id: acmeAnalyst.id },
      json: { role: 'OWNER' },
    });
    expect([badRole.status, badRole.body.error.code]).toEqual([400, 'validation_failed']);
    await expect(changeMemberRole(globexAdmin, acmeAnalyst.id, 'ADMIN', now)).rejects.toMatchObject({ status: 404 });
    await expect(removeMember(globexAdmin, acmeAnalyst.id, now)).rejects.toMatchObject({ status: 404 });
    expect((await db.membership.findUniqueOrThrow({ where: { id: acmeAnalyst.id } })).role).toBe('ANALYST');
  });
});
