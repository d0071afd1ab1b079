import 'server-only';
import type { ColumnMapping, CsvKind } from '../data/csv-schema';
import { db } from '../db';
import { log } from '../log';
import { pgPool } from '../pg-pool';
import { rebuildFeatureStore } from '../serving/rebuild-features';
import { ImportCancelled, importCsv } from './import-csv';

/**
 * Runs one dataset import in the background of the server process: one transaction for all its rows, so a
 * cancelled or failed import stores nothing; progress and cancel requests go through the Dataset row (read by
 * the UI's polling). `waitForImport` lets tests and the seed await the outcome.
 */
const running = new Map<string, Promise<void>>();

export interface ImportJob {
  datasetId: string;
  orgId: string;
  kind: CsvKind;
  filePath: string;
  bytes: number;
  mapping: ColumnMapping;
  cleanup: () => Promise<void>;
}

export function launchImport(job: ImportJob): void {
  const p = runImport(job)
    .catch((err) => log.error({ err, datasetId: job.datasetId }, 'import crashed'))
    .finally(() => running.delete(job.datasetId));
  running.set(job.datasetId, p);
}

export async function waitForImport(datasetId: string): Promise<void> {
  await running.get(datasetId);
}

async function runImport(job: ImportJob): Promise<void> {
  const started = Date.now();
  const client = await pgPool().connect();
  try {
    const org = await db.organization.findUniqueOrThrow({ where: { id: job.orgId }, select: { piiSecret: true } });
    const known = await client.query<{ id: string; externalId: string }>(
      'SELECT id, "externalId" FROM "Customer" WHERE "organizationId" = $1',
      [job.orgId],
    );
    const customerIds = new Map(known.rows.map((r) => [r.externalId, r.id]));
    await client.query('BEGIN');
    const outcome = await importCsv(client, {
      kind: job.kind,
      filePath: job.filePath,
      totalBytes: job.bytes,
      mapping: job.mapping,
      scope: { orgId: job.orgId, datasetId: job.datasetId, piiSecret: org.piiSecret, customerIds },
      onProgress: async (p) => {
        const d = await db.dataset.update({
          where: { id: job.datasetId },
          data: {
            progress: p.fraction,
            rowsTotal: p.rowsTotal,
            rowsAccepted: p.rowsAccepted,
            rowsRejected: p.rowsRejected,
          },
          select: { cancelRequested: true },
        });
        return d.cancelRequested;
      },
    });
    await client.query(
      `UPDATE "Dataset" SET status = 'COMPLETED', progress = 1, "rowsTotal" = $2, "rowsAccepted" = $3, "rowsRejected" = $4,
         profile = $5, "cleaningSteps" = $6, "finishedAt" = now() WHERE id = $1`,
      [
        job.datasetId,
        outcome.rowsTotal,
        outcome.rowsAccepted,
        outcome.rowsRejected,
        JSON.stringify(outcome.profile),
        JSON.stringify(outcome.cleaningSteps),
      ],
    );
    await client.query('COMMIT');
    // history changed: the serving feature store is recomputed from it (live events keep it current afterwards)
    await rebuildFeatureStore(job.orgId).catch((err) =>
      log.error({ err, orgId: job.orgId }, 'feature store rebuild failed'),
    );
    const secs = (Date.now() - started) / 1000;
    log.info(
      { datasetId: job.datasetId, rows: outcome.rowsTotal, secs, rowsPerSec: Math.round(outcome.rowsTotal / secs) },
      'import finished',
    );
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    const cancelled = err instanceof ImportCancelled;
    await db.dataset.update({
      where: { id: job.datasetId },
      data: {
        status: cancelled ? 'CANCELLED' : 'FAILED',
        error: cancelled
          ? 'Cancelled by a user; no row of this file was kept'
          : `Import failed: ${(err as Error).message}`,
        rowsAccepted: 0,
        finishedAt: new Date(),
      },
    });
    if (!cancelled) log.error({ err, datasetId: job.datasetId }, 'import failed');
  } finally {
    client.release();
    await job.cleanup().catch(() => undefined);
  }
}

/** At start-up: imports left IMPORTING by a stopped server can never finish (their transaction is gone). */
export async function failInterruptedImports(): Promise<number> {
  const r = await db.dataset.updateMany({
    where: { status: { in: ['PENDING', 'IMPORTING'] } },
    data: {
      status: 'FAILED',
      error: 'Interrupted by a server restart; no row of this file was kept. Upload it again.',
      finishedAt: new Date(),
    },
  });
  return r.count;
}
