import 'server-only';
import { rm, stat } from 'node:fs/promises';
import type { PoolClient } from 'pg';
import { requestAfterDataChange } from '../computed/request-recompute';
import type { ColumnMapping, CsvKind } from '../data/csv-schema';
import { orgPiiKey } from '../data/org-pii-key';
import { db } from '../db';
import { log } from '../log';
import { pgPool } from '../pg-pool';
import { type AnalyzedTable, analyzeTables } from '../postgres/analyze-tables';
import { refreshFeaturesAfterImport } from '../serving/refresh-features-after-import';
import { ImportCancelled, ImportRefused, importCsv } from './import-csv';

/**
 * Runs dataset imports. The server only receives the file and queues the import (Dataset PENDING, with its
 * import plan); a worker process claims it and runs it (`runNextPendingImport`), so parsing millions of rows never
 * weighs on the dashboard's memory or event loop. One transaction holds all of a file's rows, so a cancelled or
 * failed import stores nothing; progress and cancel requests go through the Dataset row (read by the UI's
 * polling). `waitForImport` lets the seed, the benches and tests await the outcome: a still-pending import is
 * claimed and run by the waiting process itself, one claimed elsewhere is polled until it ends.
 */
const running = new Map<string, Promise<void>>();

/** How the file is read, stored on the Dataset row when it is queued (JSON). */
export interface ImportPlan {
  mapping: ColumnMapping;
  createCustomers: boolean;
  duplicates: 'line' | 'key';
}

interface ImportJob extends ImportPlan {
  datasetId: string;
  orgId: string;
  kind: CsvKind;
  filePath: string;
  bytes: number;
}

const KINDS = { CUSTOMERS: 'customers', EVENTS: 'events', EXPOSURES: 'exposures' } as const;

/** How often a waiting process looks at an import another process runs. */
const WAIT_POLL_MS = 250;

/**
 * Claims the import if it is still PENDING and runs it in this process to its end; false when another process
 * has it or it is no longer pending (finished, cancelled). The claim takes the import's lock first and then moves
 * the row from PENDING to IMPORTING, so an IMPORTING row always has a live holder of its lock unless that process
 * died (what failInterruptedImports tells apart).
 */
export async function runImportIfPending(datasetId: string): Promise<boolean> {
  const client = await pgPool().connect();
  let job: ImportJob;
  try {
    const lock = await client.query<{ locked: boolean }>(IMPORT_TRY_LOCK, [datasetId]);
    if (!lock.rows[0].locked) {
      client.release();
      return false;
    }
    const r = await client.query<{
      organizationId: string;
      kind: keyof typeof KINDS;
      uploadPath: string | null;
      bytes: number;
      importPlan: ImportPlan | null;
    }>(
      `UPDATE "Dataset" SET status = 'IMPORTING' WHERE id = $1 AND status = 'PENDING'
       RETURNING "organizationId", kind, "uploadPath", bytes, "importPlan"`,
      [datasetId],
    );
    const row = r.rows[0];
    if (!row) {
      await client.query(IMPORT_UNLOCK, [datasetId]);
      client.release();
      return false;
    }
    job = {
      datasetId,
      orgId: row.organizationId,
      kind: KINDS[row.kind],
      filePath: row.uploadPath ?? '',
      bytes: row.bytes,
      mapping: row.importPlan?.mapping as ColumnMapping,
      createCustomers: row.importPlan?.createCustomers ?? false,
      duplicates: row.importPlan?.duplicates ?? 'line',
    };
  } catch (err) {
    client.release(err as Error); // a broken connection is dropped (and its session lock with it)
    throw err;
  }
  const p = runImport(client, job).finally(() => running.delete(datasetId));
  running.set(datasetId, p);
  await p;
  return true;
}

/** The worker's turn: runs the oldest pending import of any organisation; its id, or null when none waits. */
export async function runNextPendingImport(): Promise<string | null> {
  const pending = await db.dataset.findMany({
    where: { status: 'PENDING' },
    orderBy: { createdAt: 'asc' },
    select: { id: true },
    take: 10,
  });
  for (const { id } of pending) if (await runImportIfPending(id)) return id;
  return null;
}

/** Waits for the import to end: runs it here if nobody has claimed it yet, else polls its row. */
export async function waitForImport(datasetId: string): Promise<void> {
  await running.get(datasetId);
  if (await runImportIfPending(datasetId)) return;
  for (;;) {
    const d = await db.dataset.findUnique({ where: { id: datasetId }, select: { status: true } });
    if (!d || (d.status !== 'PENDING' && d.status !== 'IMPORTING')) return;
    // a pending import whose claimer gave it up (its lock is free again) is ours to run
    if (d.status === 'PENDING' && (await runImportIfPending(datasetId))) return;
    await new Promise((r) => setTimeout(r, WAIT_POLL_MS));
  }
}

/** the tables an import of each kind writes (customers may be created by event and exposure files) */
const IMPORT_TABLES: Record<CsvKind, AnalyzedTable[]> = {
  customers: ['Customer', 'DatasetFingerprint', 'DatasetRejection'],
  events: ['Event', 'Customer', 'DatasetFingerprint', 'DatasetRejection'],
  exposures: ['OfferExposure', 'Customer', 'DatasetFingerprint', 'DatasetRejection'],
};

/**
 * Held by the connection that runs an import, from its first statement to its end: any process can tell a running
 * import (of any instance) from one whose process died — its connection closed, and the lock with it.
 */
const IMPORT_TRY_LOCK = `SELECT pg_try_advisory_lock(hashtextextended('import:' || $1, 0)) AS locked`;
const IMPORT_UNLOCK = `SELECT pg_advisory_unlock(hashtextextended('import:' || $1, 0))`;
const IMPORT_ALIVE = `SELECT NOT pg_try_advisory_xact_lock(hashtextextended('import:' || $1, 0)) AS alive`;

/** Runs a claimed import on the connection that holds its lock; releases both at the end. */
async function runImport(client: PoolClient, job: ImportJob): Promise<void> {
  const started = Date.now();
  try {
    if (!job.mapping)
      throw new ImportRefused('This import has no stored plan (queued by an older version); upload the file again');
    if (!(await stat(job.filePath).catch(() => null)))
      throw new ImportRefused(
        'The uploaded file is no longer in the upload directory (UPLOAD_DIR must be shared by the servers and the ' +
          'workers); upload it again',
      );
    const piiSecret = await orgPiiKey(db, job.orgId); // decrypted in memory (PII_KEY_ENCRYPTION_KEY)
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
      createCustomers: job.createCustomers,
      duplicates: job.duplicates,
      scope: { orgId: job.orgId, datasetId: job.datasetId, piiSecret, customerIds },
      onProgress: async (p) => {
        const d = await db.dataset.update({
          where: { id: job.datasetId },
          data: {
            progress: p.fraction,
            rowsTotal: p.rowsTotal,
            rowsAccepted: p.rowsAccepted,
            rowsRejected: p.rowsRejected,
            rowsDuplicate: p.rowsDuplicate,
            rowsWarned: p.rowsWarned,
          },
          select: { cancelRequested: true },
        });
        return d.cancelRequested;
      },
    });
    // a file of which nothing was kept is not a success, and may be uploaded again (with a better mapping)
    const empty = outcome.rowsAccepted === 0;
    const top = outcome.problemSummary.groups.find((g) => g.severity === 'error');
    const error = !empty
      ? null
      : outcome.rowsTotal === 0
        ? 'The file has no data rows'
        : `No row was kept: ${outcome.rowsRejected.toLocaleString('en-GB')} rejected, ` +
          `${outcome.rowsDuplicate.toLocaleString('en-GB')} duplicates` +
          (top ? `; most often ${top.column || 'the row'}: ${top.example}` : '');
    // clock_timestamp(), not now(): now() is the start of this transaction
    await client.query(
      `UPDATE "Dataset" SET status = $9::"DatasetStatus", error = $10, progress = 1, "rowsTotal" = $2,
         "rowsAccepted" = $3, "rowsRejected" = $4, "rowsDuplicate" = $7, "rowsWarned" = $8,
         profile = $5, "cleaningSteps" = $6, "problemSummary" = $11, "finishedAt" = clock_timestamp() WHERE id = $1`,
      [
        job.datasetId,
        outcome.rowsTotal,
        outcome.rowsAccepted,
        outcome.rowsRejected,
        JSON.stringify(outcome.profile),
        JSON.stringify(outcome.cleaningSteps),
        outcome.rowsDuplicate,
        outcome.rowsWarned,
        empty ? 'FAILED' : 'COMPLETED',
        error,
        JSON.stringify(outcome.problemSummary),
      ],
    );
    await client.query('COMMIT');
    // history changed: the feature store is brought up to date for the customers this file touched (live events
    // keep it current afterwards)
    const refreshed = empty
      ? null
      : await refreshFeaturesAfterImport(job.orgId, job.datasetId, job.kind).catch((err) => {
          log.error({ err, orgId: job.orgId }, 'feature store refresh failed');
          return null;
        });
    // a bulk write: the planner gets the new rows' statistics now, not whenever autovacuum comes by
    await analyzeTables(IMPORT_TABLES[job.kind]).catch((err) =>
      log.error({ err, datasetId: job.datasetId }, 'ANALYZE after import failed'),
    );
    // results computed from the data (recommender evaluation, budget multipliers) are queued for the worker
    if (!empty)
      await requestAfterDataChange(job.orgId).catch((err) =>
        log.error({ err, orgId: job.orgId }, 'requesting stored results failed'),
      );
    const secs = (Date.now() - started) / 1000;
    log.info(
      {
        datasetId: job.datasetId,
        rows: outcome.rowsTotal,
        secs,
        rowsPerSec: Math.round(outcome.rowsTotal / secs),
        ...outcome.timings,
        features: refreshed,
      },
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
          : err instanceof ImportRefused
            ? err.message
            : `Import failed: ${(err as Error).message}`,
        rowsAccepted: 0,
        finishedAt: new Date(),
      },
    });
    if (!cancelled && !(err instanceof ImportRefused)) log.error({ err, datasetId: job.datasetId }, 'import failed');
  } finally {
    const unlocked = await client.query(IMPORT_UNLOCK, [job.datasetId]).then(
      () => undefined,
      (err: Error) => err,
    );
    client.release(unlocked); // a connection that could not unlock is dropped, and its lock with it
    if (job.filePath) await rm(job.filePath, { force: true }).catch(() => undefined);
  }
}

/**
 * At start-up of a server process (Next instrumentation hook, worker, demo): imports left IMPORTING by a stopped
 * process can never finish (their transaction is gone). Each is marked FAILED with a message, which lets the same
 * file be uploaded again, and the upload files left in the temp directory are removed. Imports running in this
 * process, those another live process is running (it holds the import's advisory lock) and those still queued
 * (PENDING: a worker will claim them) are left alone. `olderThan` restricts it to imports created before then
 * (default: all).
 */
export async function failInterruptedImports(olderThan?: Date): Promise<number> {
  const where = {
    status: 'IMPORTING' as const,
    id: { notIn: [...running.keys()] },
    ...(olderThan ? { createdAt: { lt: olderThan } } : {}),
  };
  const candidates = await db.dataset.findMany({ where, select: { id: true, uploadPath: true } });
  // imports running in another instance hold their lock: theirs to finish (a start must not fail them)
  const stuck = [];
  for (const d of candidates) if (!(await importAlive(d.id))) stuck.push(d);
  if (stuck.length === 0) return 0;
  const r = await db.dataset.updateMany({
    where: { ...where, id: { in: stuck.map((d) => d.id) } },
    data: {
      status: 'FAILED',
      error: 'Interrupted by a server restart; no row of this file was kept. Upload it again.',
      finishedAt: new Date(),
    },
  });
  for (const d of stuck) if (d.uploadPath) await rm(d.uploadPath, { force: true }).catch(() => undefined);
  return r.count;
}

/** whether some connection (of any process) holds the import's lock; a transaction's try-lock ends with it */
async function importAlive(datasetId: string): Promise<boolean> {
  const client = await pgPool().connect();
  try {
    await client.query('BEGIN');
    const r = await client.query<{ alive: boolean }>(IMPORT_ALIVE, [datasetId]);
    await client.query('COMMIT');
    return r.rows[0].alive;
  } finally {
    client.release();
  }
}
