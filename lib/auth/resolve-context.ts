import 'server-only';
import { getServerSession } from 'next-auth';
import { db } from '../db';
import { AppError } from '../http/errors';
import { can, type Permission, type RoleName } from '../rbac';
import { hashApiKey, isWellFormedApiKey } from './api-key-format';
import type { OrgContext } from './context';
import { authOptions } from './options';
import { liveSessionContext } from './sessions';

/**
 * API-key lookups are memoised for 5 s per key hash (the serving hot path would otherwise read and write the
 * key row on every request); a revocation in this process clears the entry at once, other processes within
 * 5 s. `lastUsedAt` is written at most once a minute per key.
 */
const KEY_TTL_MS = 5000;
const keyCache = new Map<string, { at: number; row: Awaited<ReturnType<typeof findKey>> }>();
const lastUsedWritten = new Map<string, number>();

async function findKey(keyHash: string) {
  const key = await db.apiKey.findUnique({ where: { keyHash }, include: { organization: { select: { name: true } } } });
  if (!key?.createdById) return key ? { ...key, owner: null } : null;
  const owner = await db.membership.findUnique({
    where: { organizationId_userId: { organizationId: key.organizationId, userId: key.createdById } },
    select: { role: true, user: { select: { id: true, email: true } } },
  });
  return { ...key, owner };
}

/** Test hook and revocation helper: drop every memoised key so the next request reads the rows again. */
export function forgetAllApiKeys(): void {
  keyCache.clear();
}

export function forgetApiKey(keyId: string): void {
  for (const [hash, e] of keyCache) if (e.row?.id === keyId) keyCache.delete(hash);
}

/** From the next-auth session cookie: the user's membership in their active organisation while the session is live. */
export async function contextFromSession(): Promise<OrgContext | null> {
  const session = await getServerSession(authOptions());
  const userId = (session?.user as { id?: string } | undefined)?.id;
  const { orgId, sid, sv } = (session ?? {}) as { orgId?: string; sid?: string; sv?: number };
  // a JWT issued before revocation existed has no session id: sign in again
  if (!userId || !orgId || !sid || typeof sv !== 'number') return null;
  return liveSessionContext({ userId, orgId, sessionId: sid, sessionVersion: sv });
}

/**
 * From `Authorization: Bearer op_…`: the key's organisation, acting as the user who created it with the key's role
 * bounded by that user's current role; an AppError for a bad, revoked or orphaned key.
 */
export async function contextFromApiKey(authorization: string | null): Promise<OrgContext | null> {
  if (!authorization) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(authorization);
  if (!match) throw new AppError('unauthenticated', 'Authorization header must be "Bearer <api key>"');
  const key = match[1];
  if (!isWellFormedApiKey(key)) throw new AppError('unauthenticated', 'Malformed API key');
  const keyHash = hashApiKey(key);
  let cached = keyCache.get(keyHash);
  if (!cached || Date.now() - cached.at > KEY_TTL_MS) {
    cached = { at: Date.now(), row: await findKey(keyHash) };
    keyCache.set(keyHash, cached);
  }
  const row = cached.row;
  if (!row) throw new AppError('unauthenticated', 'Unknown API key');
  if (row.revokedAt) throw new AppError('unauthenticated', 'This API key has been revoked');
  if (row.expiresAt && row.expiresAt.getTime() <= Date.now())
    throw new AppError('unauthenticated', `This API key expired on ${row.expiresAt.toISOString().slice(0, 10)}`);
  if (!row.owner)
    throw new AppError('unauthenticated', "This API key's owner is no longer a member of the organisation");
  const role = keyRoleWithinOwner(row.role, row.owner.role);
  if (!role)
    throw new AppError(
      'unauthenticated',
      `This API key has the role ${row.role}, which its owner no longer holds (now ${row.owner.role})`,
    );
  if (Date.now() - (lastUsedWritten.get(row.id) ?? 0) > 60_000) {
    lastUsedWritten.set(row.id, Date.now());
    void db.apiKey.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } }).catch(() => undefined);
  }
  return {
    orgId: row.organizationId,
    orgName: row.organization.name,
    role,
    userId: row.owner.user.id,
    apiKeyId: row.id,
    actorLabel: `api-key:${row.prefix} (${row.owner.user.email})`,
    rateLimit: { perSecond: row.rateLimitPerSecond, burst: row.rateLimitBurst },
    ...(row.mode === 'TEST' ? { sandbox: true } : {}),
  };
}

/**
 * A key acts as its owner with at most the owner's current role: an admin owner lends any role; any other owner
 * only their own. When the owner's role no longer covers the key's, the key stops working (null).
 */
export function keyRoleWithinOwner(keyRole: RoleName, ownerRole: RoleName): RoleName | null {
  if (ownerRole === 'ADMIN' || ownerRole === keyRole) return keyRole;
  return null;
}

export function assertPermission(ctx: OrgContext, permission: Permission): void {
  if (!can(ctx.role, permission)) {
    throw new AppError('forbidden', `Your role (${ctx.role}) does not have the permission "${permission}"`);
  }
}
