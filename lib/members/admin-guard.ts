import 'server-only';
import type { Prisma } from '@/generated/prisma/client';
import { AppError } from '../http/errors';
import type { RoleName } from '../rbac';

type Tx = Prisma.TransactionClient;

/**
 * Serialises membership changes of one organisation (a transaction-scoped advisory lock, any app instance), so two
 * admins demoting or removing each other at once cannot leave the organisation without an admin.
 */
export async function lockMembers(tx: Tx, orgId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`members:${orgId}`}))`;
}

/** Refuses a change that would take the organisation's last admin away (demotion or removal, self or other). */
export async function assertAdminRemains(
  tx: Tx,
  orgId: string,
  member: { role: RoleName },
  newRole: RoleName | null,
): Promise<void> {
  if (member.role !== 'ADMIN' || newRole === 'ADMIN') return;
  const admins = await tx.membership.count({ where: { organizationId: orgId, role: 'ADMIN' } });
  if (admins <= 1)
    throw new AppError('conflict', 'The organisation needs at least one admin: make someone else admin first');
}
