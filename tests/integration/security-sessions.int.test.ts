import { describe, expect, it } from 'vitest';
import { changePassword } from '@/lib/auth/change-password';
import {
  endSession,
  liveSessionContext,
  newSessionId,
  type SessionClaims,
  signOutEverywhere,
} from '@/lib/auth/sessions';
import { db } from '@/lib/db';
import { orgContext } from './helpers';

/** Issue 12 item 7: sign-out ends that session; a password change ends every session of the user, everywhere. */
async function signedIn(slug: 'acme' | 'globex', role: 'ADMIN' | 'MANAGER' | 'ANALYST'): Promise<SessionClaims> {
  const ctx = await orgContext(slug, role);
  const user = await db.user.findUniqueOrThrow({ where: { id: ctx.userId as string } });
  return { userId: user.id, orgId: ctx.orgId, sessionId: newSessionId(), sessionVersion: user.sessionVersion };
}

describe('session revocation', () => {
  it('sign-out refuses that session id from then on; the same user’s other session keeps working', async () => {
    const phone = await signedIn('acme', 'MANAGER');
    const laptop = { ...phone, sessionId: newSessionId() };
    expect((await liveSessionContext(phone))?.role).toBe('MANAGER');
    await endSession(phone.sessionId, phone.userId, new Date('2099-01-01T00:00:00Z'), new Date('2026-01-01T00:00:00Z'));
    expect(await liveSessionContext(phone)).toBeNull();
    expect((await liveSessionContext(laptop))?.userId).toBe(phone.userId);
  });

  it('purges revocations whose JWT has expired anyway', async () => {
    const s = await signedIn('globex', 'ADMIN');
    await endSession('expired-sid', s.userId, new Date('2026-01-01T08:00:00Z'), new Date('2026-01-01T07:00:00Z'));
    expect(await db.revokedSession.count({ where: { id: 'expired-sid' } })).toBe(1);
    await endSession(s.sessionId, s.userId, new Date('2026-01-01T17:00:00Z'), new Date('2026-01-01T09:00:00Z'));
    expect(await db.revokedSession.count({ where: { id: 'expired-sid' } })).toBe(0);
    expect(await db.revokedSession.count({ where: { id: s.sessionId } })).toBe(1);
  });

  it('a password change ends every session of that user and no one else’s', async () => {
    const user = await db.user.create({ data: { email: 'pw-change@acme.test', name: 'Pat', passwordHash: '' } });
    const admin = await orgContext('acme', 'ADMIN');
    await db.membership.create({ data: { organizationId: admin.orgId, userId: user.id, role: 'ANALYST' } });
    const { hashPassword } = await import('@/lib/auth/password');
    await db.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword('old-password-1') } });
    const a = { userId: user.id, orgId: admin.orgId, sessionId: newSessionId(), sessionVersion: 0 };
    const b = { ...a, sessionId: newSessionId() };
    const other = await signedIn('acme', 'ADMIN');
    await expect(changePassword(user.id, 'wrong', 'new-password-2')).rejects.toMatchObject({ status: 403 });
    await expect(changePassword(user.id, 'old-password-1', 'short')).rejects.toMatchObject({ status: 400 });
    expect(await liveSessionContext(a)).not.toBeNull();
    await changePassword(user.id, 'old-password-1', 'new-password-2');
    expect(await liveSessionContext(a)).toBeNull();
    expect(await liveSessionContext(b)).toBeNull();
    expect(await liveSessionContext({ ...a, sessionVersion: 1 })).not.toBeNull(); // a sign-in after the change
    expect(await liveSessionContext(other)).not.toBeNull();
  });

  it('"sign out everywhere" ends every session of that user at once, through the route, and no one else’s', async () => {
    const me = await signedIn('acme', 'ANALYST');
    const other = { ...me, sessionId: newSessionId() };
    const someoneElse = await signedIn('acme', 'MANAGER');
    const { NextRequest } = await import('next/server');
    const route = await import('@/app/api/account/sessions/route');
    // an API key cannot do it: only a signed-in person ends their own sessions
    const { createApiKey } = await import('@/lib/settings/api-keys');
    const key = (await createApiKey(await orgContext('acme', 'ADMIN'), { name: 'no-signout', role: 'ANALYST' })).key;
    const byKey = await route.DELETE(
      new NextRequest('http://localhost/api/account/sessions', {
        method: 'DELETE',
        headers: { authorization: `Bearer ${key}` },
      }),
      { params: Promise.resolve({}) },
    );
    expect(byKey.status).toBe(403);
    expect(await liveSessionContext(me)).not.toBeNull();
    await signOutEverywhere(me.userId);
    expect(await liveSessionContext(me)).toBeNull();
    expect(await liveSessionContext(other)).toBeNull();
    expect(await liveSessionContext(someoneElse)).not.toBeNull();
  });
});
