import 'server-only';
import { getServerSession } from 'next-auth';
import { db } from '../db';
import { AppError } from '../http/errors';
import { can, type Permission } from '../rbac';
import { hashApiKey, isWellFormedApiKey } from './api-key-format';
import type { OrgContext } from './context';
import { authOptions } from './options';

/** From the next-auth session cookie: the user's membership in their active organisation, or null. */
export async function contextFromSession(): Promise<OrgContext | null> {
  const session = await getServerSession(authOptions());
  const userId = (session?.user as { id?: string } | undefined)?.id;
  const orgId = (session as { orgId?: string } | null)?.orgId;
  if (!userId || !orgId) return null;
  const m = await db.membership.findUnique({
    where: { organizationId_userId: { organizationId: orgId, userId } },
    include: { organization: true, user: true },
  });
  if (!m) return null;
  return { orgId, orgName: m.organization.name, role: m.role, userId, apiKeyId: null, actorLabel: m.user.email };
}

/** From `Authorization: Bearer op_…`: the key's organisation and role, or an AppError for a bad/revoked key. */
export async function contextFromApiKey(authorization: string | null): Promise<OrgContext | null> {
  if (!authorization) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(authorization);
  if (!match) throw new AppError('unauthenticated', 'Authorization header must be "Bearer <api key>"');
  const key = match[1];
  if (!isWellFormedApiKey(key)) throw new AppError('unauthenticated', 'Malformed API key');
  const row = await db.apiKey.findUnique({ where: { keyHash: hashApiKey(key) }, include: { organization: true } });
  if (!row) throw new AppError('unauthenticated', 'Unknown API key');
  if (row.revokedAt) throw new AppError('unauthenticated', 'This API key has been revoked');
  void db.apiKey.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } }).catch(() => undefined);
  return {
    orgId: row.organizationId,
    orgName: row.organization.name,
    role: row.role,
    userId: null,
    apiKeyId: row.id,
    actorLabel: `api-key:${row.prefix}`,
  };
}

export function assertPermission(ctx: OrgContext, permission: Permission): void {
  if (!can(ctx.role, permission)) {
    throw new AppError('forbidden', `Your role (${ctx.role}) does not have the permission "${permission}"`);
  }
}
