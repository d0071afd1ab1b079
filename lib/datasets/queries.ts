import 'server-only';
import { rm } from 'node:fs/promises';
import type { z } from 'zod';
import type { Prisma } from '@/generated/prisma/client';
import type { OrgContext } from '../auth/context';
import { csvLine, REPORT_CSV_HEADER } from '../data/csv-format';
import { db } from '../db';
import { AppError } from '../http/errors';
import { fetchPage, tableQuery } from '../http/table-query';

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
  rowsDuplicate: true,
  rowsWarned: true,
  progress: true,
  error: true,
  createdAt: true,
  finishedAt: true,
  cancelRequested: true,
} as const;

export const ZDatasetsTable = tableQuery({
  sort: ['createdAt', 'name', 'kind', 'status', 'rowsTotal', 'rowsAccepted', 'rowsRejected'],
  defaultSort: 'createdAt',
  defaultDir: 'desc',
  defaultPageSize: 200,
});

/** One page of datasets; the search matches name or file name, ignoring case. */
export async function listDatasets(ctx: OrgContext, q: z.output<typeof ZDatasetsTable> = ZDatasetsTable.parse({})) {
  const where: Prisma.DatasetWhereInput = {
    organizationId: ctx.orgId,
    ...(q.q
      ? {
          OR: [{ name: { contains: q.q, mode: 'insensitive' } }, { fileName: { contains: q.q, mode: 'insensitive' } }],
        }
      : {}),
  };
  return fetchPage(
    q,
    (page) =>
      db.dataset.findMany({ where, orderBy: [{ [q.sort]: q.dir }, { id: q.dir }], ...page, select: LIST_FIELDS }),
    () => db.dataset.count({ where }),
  );
}

/** One dataset with its profile, cleaning steps, rejection counts by reason and the first rejected rows. */
export async function getDataset(ctx: OrgContext, id: string) {
  const d = await db.dataset.findFirst({
    where: { id, organizationId: ctx.orgId },
    select: {
      ...LIST_FIELDS,
      contentHash: true,
      profile: true,
      cleaningSteps: true,
      problemSummary: true,
      mapping: true,
    },
  });
  if (!d) throw AppError.notFound('Dataset');
  const [byCode, firstRejections] = await Promise.all([
    db.datasetRejection.groupBy({
      by: ['code'],
      where: { datasetId: id, organizationId: ctx.orgId, severity: 'error' },
      _count: { _all: true },
      orderBy: { code: 'asc' },
    }),
    db.datasetRejection.findMany({
      where: { datasetId: id, organizationId: ctx.orgId, severity: 'error' },
      orderBy: [{ line: 'asc' }, { id: 'asc' }],
      take: 100,
      select: { line: true, column: true, code: true, message: true, raw: true },
    }),
  ]);
  return { ...d, rejectionsByCode: byCode.map((r) => ({ code: r.code, count: r._count._all })), firstRejections };
}

/**
 * Stops an import: one still queued ends CANCELLED at once (the same row update a worker's claim makes, so exactly
 * one of the two wins) and its file is removed; a running one is asked to stop, rolls back and ends CANCELLED.
 */
export async function cancelDataset(ctx: OrgContext, id: string) {
  const d = await db.dataset.findFirst({
    where: { id, organizationId: ctx.orgId },
    select: { status: true, uploadPath: true },
  });
  if (!d) throw AppError.notFound('Dataset');
  if (d.status !== 'IMPORTING' && d.status !== 'PENDING')
    throw new AppError('conflict', `This import is already ${d.status.toLowerCase()}`);
  const queued = await db.dataset.updateMany({
    where: { id, organizationId: ctx.orgId, status: 'PENDING' },
    data: {
      status: 'CANCELLED',
      cancelRequested: true,
      error: 'Cancelled by a user before it started; no row of this file was kept',
      finishedAt: new Date(),
      uploadPath: null,
    },
  });
  if (queued.count > 0) {
    if (d.uploadPath) await rm(d.uploadPath, { force: true }).catch(() => undefined);
    return { id, cancelRequested: true };
  }
  const asked = await db.dataset.updateMany({
    where: { id, organizationId: ctx.orgId, status: 'IMPORTING' },
    data: { cancelRequested: true },
  });
  if (asked.count === 0) {
    // it ended between the read and the update
    const now = await db.dataset.findFirstOrThrow({ where: { id }, select: { status: true } });
    throw new AppError('conflict', `This import is already ${now.status.toLowerCase()}`);
  }
  return { id, cancelRequested: true };
}

export type ReportSeverity = 'error' | 'warning' | 'duplicate';

/**
 * The report of one severity as CSV lines, read in pages so a large report streams: `line,column,code,message`
 * then the file's own columns holding the original row, one line per problem row (several problems of one row
 * are joined with "; "). Dropping the first four columns gives rows that can be corrected and uploaded again.
 */
export async function* rejectionsCsv(
  ctx: OrgContext,
  id: string,
  severity: ReportSeverity = 'error',
): AsyncGenerator<string> {
  const d = await db.dataset.findFirst({
    where: { id, organizationId: ctx.orgId },
    select: { id: true, mapping: true },
  });
  if (!d) throw AppError.notFound('Dataset');
  const header = ((d.mapping as { header?: string[] } | null)?.header ?? []).map(String);
  yield `${[REPORT_CSV_HEADER, ...(header.length ? [csvLine(header)] : [])].join(',')}\n`;
  let cursor: bigint | undefined;
  let pending: { line: number; column: string[]; code: string[]; message: string[]; raw: string | null } | null = null;
  const render = (p: NonNullable<typeof pending>) =>
    `${csvLine([p.line, p.column.join('; '), p.code.join('; '), p.message.join('; ')].map(neutralise))}${p.raw ? `,${p.raw}` : ''}\n`;
  for (;;) {
    const page = await db.datasetRejection.findMany({
      where: {
        datasetId: id,
        organizationId: ctx.orgId,
        severity,
        ...(cursor !== undefined ? { id: { gt: cursor } } : {}),
      },
      orderBy: { id: 'asc' },
      take: 5000,
    });
    if (page.length === 0) break;
    let out = '';
    for (const r of page) {
      if (pending && pending.line === r.line) {
        pending.column.push(r.column);
        pending.code.push(r.code);
        pending.message.push(r.message);
        continue;
      }
      if (pending) out += render(pending);
      pending = { line: r.line, column: [r.column], code: [r.code], message: [r.message], raw: r.raw };
    }
    if (out) yield out;
    cursor = page[page.length - 1].id;
  }
  if (pending) yield render(pending);
}

/** Spreadsheet formula guard for report cells that echo input (OWASP CSV injection). */
function neutralise(v: string | number): string | number {
  return typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}
