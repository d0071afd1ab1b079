import 'server-only';
import type { Prisma } from '@/generated/prisma/client';
import type { OrgContext } from '../auth/context';

type Tx = Pick<Prisma.TransactionClient, 'auditLog'>;

/** Appends one audit row (who, when, what, diff). Call inside the transaction that makes the change. */
export function writeAudit(
  tx: Tx,
  ctx: OrgContext,
  entry: { action: string; entityType: string; entityId: string; diff?: Prisma.InputJsonValue },
) {
  return tx.auditLog.create({
    data: {
      organizationId: ctx.orgId,
      actorUserId: ctx.userId,
      actorApiKeyId: ctx.apiKeyId,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      diff: entry.diff,
    },
  });
}
