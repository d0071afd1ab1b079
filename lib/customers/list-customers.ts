import 'server-only';
import type { Prisma } from '@/generated/prisma/client';
import type { OrgContext } from '../auth/context';
import { db } from '../db';
import { AppError } from '../http/errors';

/** Masked view of a customer: personal data only as masks, never hashes or clear text. */
const PUBLIC_FIELDS = {
  id: true,
  externalId: true,
  signupAt: true,
  country: true,
  emailMasked: true,
  phoneMasked: true,
  nameMasked: true,
  createdAt: true,
} as const;

export const CUSTOMER_SORTS = ['externalId', 'signupAt', 'country', 'createdAt'] as const;
export type CustomerSort = (typeof CUSTOMER_SORTS)[number];

type Dir = 'asc' | 'desc';
const NULLABLE: readonly CustomerSort[] = ['signupAt', 'country'];
type Segment = { where: Prisma.CustomerWhereInput; byValue: boolean };

/**
 * The rows after the cursor in `sort dir, id dir` order with missing values last, as consecutive segments each of
 * which is one range of the (organizationId, column, id) index: the cursor's value with a later id, then later
 * values, then (signupAt, country) the missing ones. Read in turn until the page is full, a page costs a page
 * of index entries in either direction however deep it is and however many customers share a value (an import's
 * createdAt); `ORDER BY … DESC NULLS LAST` or `(column > v OR id > c)` in one query could use no index range.
 */
function segmentsAfter(sort: CustomerSort, dir: Dir, at: { id: string; value: unknown } | null): Segment[] {
  const beyond = dir === 'asc' ? 'gt' : 'lt';
  const nullable = NULLABLE.includes(sort);
  if (!at)
    return nullable
      ? [
          { where: { [sort]: { not: null } }, byValue: true },
          { where: { [sort]: null }, byValue: false },
        ]
      : [{ where: {}, byValue: true }];
  const sameValue = { where: { [sort]: at.value, id: { [beyond]: at.id } }, byValue: false };
  if (at.value === null) return [sameValue];
  return [
    sameValue,
    { where: { [sort]: { [beyond]: at.value } }, byValue: true },
    ...(nullable ? [{ where: { [sort]: null }, byValue: false }] : []),
  ];
}

/**
 * One page of customers by cursor (the last id of the previous page), sorted by a column with the id as tie-break,
 * so paging is stable however many customers share a country or a sign-up day. Missing values sort last. A cursor
 * that is not a customer of this organisation is a 404.
 */
export async function listCustomers(
  ctx: OrgContext,
  opts: { limit: number; cursor?: string; q?: string; sort?: CustomerSort; dir?: Dir },
) {
  const sort = opts.sort ?? 'externalId';
  const dir = opts.dir ?? 'asc';
  const base: Prisma.CustomerWhereInput = {
    organizationId: ctx.orgId,
    ...(opts.q ? { externalId: { contains: opts.q } } : {}),
  };
  let at: { id: string; value: unknown } | null = null;
  if (opts.cursor) {
    const row = await db.customer.findFirst({
      where: { id: opts.cursor, organizationId: ctx.orgId },
      select: { id: true, externalId: true, signupAt: true, country: true, createdAt: true },
    });
    if (!row) throw AppError.notFound('Customer');
    at = { id: row.id, value: row[sort] };
  }
  const take = opts.limit + 1;
  const rows: Prisma.CustomerGetPayload<{ select: typeof PUBLIC_FIELDS }>[] = [];
  for (const segment of segmentsAfter(sort, dir, at)) {
    if (rows.length >= take) break;
    rows.push(
      ...(await db.customer.findMany({
        where: { AND: [base, segment.where] },
        orderBy: segment.byValue ? [{ [sort]: dir }, { id: dir }] : [{ id: dir }],
        take: take - rows.length,
        select: PUBLIC_FIELDS,
      })),
    );
  }
  const hasMore = rows.length > opts.limit;
  const items = hasMore ? rows.slice(0, opts.limit) : rows;
  const total = await db.customer.count({ where: { organizationId: ctx.orgId } });
  const matching = opts.q ? await db.customer.count({ where: base }) : total;
  return { items, total, matching, nextCursor: hasMore ? items[items.length - 1].id : null };
}

export async function getCustomer(ctx: OrgContext, id: string) {
  const row = await db.customer.findFirst({
    where: { organizationId: ctx.orgId, OR: [{ id }, { externalId: id }] },
    select: { ...PUBLIC_FIELDS, _count: { select: { events: true, exposures: true } } },
  });
  if (!row) throw AppError.notFound('Customer');
  return row;
}
