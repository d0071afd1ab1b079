import 'server-only';
import { randomUUID } from 'node:crypto';
import type { Prisma } from '@/generated/prisma/client';
import { db } from '../db';
import { memberContext, type OrgContext } from './context';

/**
 * Session revocation for next-auth's JWT sessions (issue 12 item 7). Every JWT carries its own id (`sid`) and the
 * user's `sessionVersion` at sign-in; every authenticated request (withOrg, server pages: contextFromSession) reads
 * the membership, the user's current version and the revoked-id table from PostgreSQL — no per-process cache — so a
 * revocation holds on every app instance from the next request on (no delay).
 * - sign-out revokes that session's id (until the JWT would have expired anyway);
 * - password change, role change and removal from the organisation bump `User.sessionVersion`, ending every session
 *   of that user at once.
 */
export const SESSION_MAX_AGE_S = 8 * 60 * 60;

/** What the JWT says about its session. */
export interface SessionClaims {
  userId: string;
  orgId: string;
  sessionId: string;
  sessionVersion: number;
}

export function newSessionId(): string {
  return randomUUID();
}

/** Sign-out: this session id is refused from now on; expired revocations are purged on the way. */
export async function endSession(sessionId: string, userId: string, expiresAt: Date, now: Date = new Date()) {
  await db.$transaction([
    db.revokedSession.deleteMany({ where: { expiresAt: { lt: now } } }),
    db.revokedSession.upsert({ where: { id: sessionId }, create: { id: sessionId, userId, expiresAt }, update: {} }),
  ]);
}

/** Ends every session of the user (call in the transaction that changes the password, role or membership). */
export function endAllSessions(tx: Pick<Prisma.TransactionClient, 'user'>, userId: string) {
  return tx.user.update({ where: { id: userId }, data: { sessionVersion: { increment: 1 } }, select: { id: true } });
}

/** "Sign out everywhere": every session of the user, on any device and instance, ends at once. */
export async function signOutEverywhere(userId: string): Promise<void> {
  await db.$transaction((tx) => endAllSessions(tx, userId));
}

/** The signed-in user's context when the session is still live: member, same version, not signed out; else null. */
export async function liveSessionContext(claims: SessionClaims): Promise<OrgContext | null> {
  const [m, revoked] = await Promise.all([
    db.membership.findUnique({
      where: { organizationId_userId: { organizationId: claims.orgId, userId: claims.userId } },
      include: { organization: true, user: true },
    }),
    db.revokedSession.findUnique({ where: { id: claims.sessionId }, select: { id: true } }),
  ]);
  if (!m || revoked || m.user.sessionVersion !== claims.sessionVersion) return null;
  return memberContext(m);
}
