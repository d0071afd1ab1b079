import 'server-only';
import type { OrgContext } from '../auth/context';
import { csvLine, REPORT_CSV_HEADER } from '../data/csv-format';
import { db } from '../db';
import { AppError } from '../http/errors';

const LIST_FIELDS = {
  id: true,
  name: true,
  kind: true,
  status: true,
  fileName: true,
  bytes: true,
  rowsTotal: true,
  rowsAccepted: true,
  rowsRejected: true,
  progress: true,
  error: true,
  createdAt: true,
  finishedAt: true,
  cancelRequested: true,
} as const;

export function listDatasets(ctx: OrgContext) {
  return db.dataset.findMany({
    where: { organizationId: ctx.orgId },
    orderBy: { createdAt: 'desc' },
    take: 200,
    select: LIST_FIELDS,
  });
}

/** One dataset with its profile, cleaning steps, rejection counts by reason and the first rejected rows. */
export async function getDataset(ctx: OrgContext, id: string) {
  const d = await db.dataset.findFirst({
    where: { id, organizationId: ctx.orgId },
    select: { ...LIST_FIELDS, contentHash: true, profile: true, cleaningSteps: true },
  });
  if (!d) throw AppError.notFound('Dataset');
  const [byCode, firstRejections] = await Promise.all([
    db.datasetRejection.groupBy({
      by: ['code'],
      where: { datasetId: id, organizationId: ctx.orgId },
      _count: { _all: true },
      orderBy: { code: 'asc' },
    }),
    db.datasetRejection.findMany({
      where: { datasetId: id, organizationId: ctx.orgId },
      orderBy: [{ line: 'asc' }, { id: 'asc' }],
      take: 100,
      select: { line: true, column: true, code: true, message: true },
    }),
  ]);
  return { ...d, rejectionsByCode: byCode.map((r) => ({ code: r.code, count: r._count._all })), firstRejections };
}

/** Asks a running import to stop; it rolls back and ends CANCELLED. */
export async function cancelDataset(ctx: OrgContext, id: string) {
  const d = await db.dataset.findFirst({ where: { id, organizationId: ctx.orgId }, select: { status: true } });
  if (!d) throw AppError.notFound('Dataset');
  if (d.status !== 'IMPORTING' && d.status !== 'PENDING')
    throw new AppError('conflict', `This import is already ${d.status.toLowerCase()}`);
  await db.dataset.update({ where: { id }, data: { cancelRequested: true } });
  return { id, cancelRequested: true };
}

/** The validation report as CSV lines (header first), read in pages so a large report streams. */
export async function* rejectionsCsv(ctx: OrgContext, id: string): AsyncGenerator<string> {
  const d = await db.dataset.findFirst({ where: { id, organizationId: ctx.orgId }, select: { id: true } });
  if (!d) throw AppError.notFound('Dataset');
  yield `${REPORT_CSV_HEADER}\n`;
  let cursor: bigint | undefined;
  for (;;) {
    const page = await db.datasetRejection.findMany({
      where: { datasetId: id, organizationId: ctx.orgId, ...(cursor !== undefined ? { id: { gt: cursor } } : {}) },
      orderBy: { id: 'asc' },
      take: 5000,
    });
    if (page.length === 0) return;
    yield page.map((r) => `${csvLine([r.line, r.column, r.code, r.message])}\n`).join('');
    cursor = page[page.length - 1].id;
  }
}
