import 'server-only';
import { writeAudit } from '../audit/write-audit';
import type { OrgContext } from '../auth/context';
import { requestAfterDataChange } from '../computed/request-recompute';
import { db } from '../db';
import { AppError } from '../http/errors';
import { log } from '../log';
import { analyzeTables } from '../postgres/analyze-tables';
import { rebuildFeatureStore } from '../serving/rebuild-features';

/**
 * Deletes a dataset and the rows it brought, in one transaction, with an audit row: its events or exposures, its
 * problem report and duplicate hashes, and the customers it created that nothing else refers to (customers with
 * events or exposures from other files are kept). The caller confirms by repeating the dataset's name. The
 * serving feature store is rebuilt afterwards. The same file can then be imported again.
 */
export async function deleteDataset(ctx: OrgContext, id: string, confirmName: string) {
  const d = await db.dataset.findFirst({
    where: { id, organizationId: ctx.orgId },
    select: { id: true, name: true, kind: true, status: true, rowsAccepted: true },
  });
  if (!d) throw AppError.notFound('Dataset');
  if (d.status === 'IMPORTING' || d.status === 'PENDING')
    throw new AppError('conflict', 'This file is being imported: cancel the import first');
  if (confirmName.trim() !== d.name)
    throw new AppError('unprocessable', `To confirm, type the dataset's name exactly: "${d.name}"`, [
      { path: ['confirm'], message: 'does not match the dataset name' },
    ]);
  const removed = await db.$transaction(
    async (tx) => {
      const events = await tx.event.deleteMany({ where: { organizationId: ctx.orgId, datasetId: id } });
      const exposures = await tx.offerExposure.deleteMany({ where: { organizationId: ctx.orgId, datasetId: id } });
      const customers = await tx.$executeRaw`
        DELETE FROM "Customer" c WHERE c."organizationId" = ${ctx.orgId} AND c."datasetId" = ${id}
          AND NOT EXISTS (SELECT 1 FROM "Event" e WHERE e."organizationId" = c."organizationId" AND e."customerId" = c.id)
          AND NOT EXISTS (SELECT 1 FROM "OfferExposure" x WHERE x."organizationId" = c."organizationId" AND x."customerId" = c.id)`;
      await tx.dataset.delete({ where: { id } });
      const counts = { events: events.count, exposures: exposures.count, customers };
      await writeAudit(tx, ctx, {
        action: 'dataset.delete',
        entityType: 'Dataset',
        entityId: id,
        diff: { name: d.name, kind: d.kind, rowsAccepted: d.rowsAccepted, removed: counts },
      });
      return counts;
    },
    { timeout: 300_000 },
  );
  await rebuildFeatureStore(ctx.orgId).catch((err) => log.error({ err, orgId: ctx.orgId }, 'feature rebuild failed'));
  await analyzeTables(['Event', 'OfferExposure', 'Customer', 'DatasetFingerprint', 'DatasetRejection']).catch((err) =>
    log.error({ err, orgId: ctx.orgId }, 'ANALYZE after dataset deletion failed'),
  );
  await requestAfterDataChange(ctx.orgId).catch((err) =>
    log.error({ err, orgId: ctx.orgId }, 'requesting stored results failed'),
  );
  return { id, deleted: true, removed };
}
