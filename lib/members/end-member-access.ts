import 'server-only';
import type { Prisma } from '@/generated/prisma/client';
import { keyRoleWithinOwner } from '../auth/resolve-context';
import { endAllSessions } from '../auth/sessions';
import type { RoleName } from '../rbac';

/**
 * After a role change or removal: every session of the user ends (lib/auth/sessions.ts) and each of their API keys
 * in the organisation that the new role no longer covers (all of them on removal) is revoked. Returns the revoked
 * key prefixes for the audit row. Call inside the change's transaction; forget the key cache after it commits.
 */
export async function endMemberAccess(
  tx: Prisma.TransactionClient,
  orgId: string,
  userId: string,
  newRole: RoleName | null,
  now: Date,
): Promise<string[]> {
  await endAllSessions(tx, userId);
  const keys = await tx.apiKey.findMany({
    where: { organizationId: orgId, createdById: userId, revokedAt: null },
    select: { id: true, role: true, prefix: true },
  });
  const lost = keys.filter((k) => newRole === null || keyRoleWithinOwner(k.role, newRole) === null);
  if (lost.length)
    await tx.apiKey.updateMany({ where: { id: { in: lost.map((k) => k.id) } }, data: { revokedAt: now } });
  return lost.map((k) => k.prefix);
}
