import 'server-only';
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

/**
 * One page of customers by cursor (the last id of the previous page), sorted by a column with the id as tie-break,
 * so paging is stable however many customers share a country or a sign-up day. Missing values sort last.
 */
export async function listCustomers(
  ctx: OrgContext,
  opts: { limit: number; cursor?: string; q?: string; sort?: CustomerSort; dir?: 'asc' | 'desc' },
) {
  const sort = opts.sort ?? 'externalId';
  const dir = opts.dir ?? 'asc';
  const rows = await db.customer.findMany({
    where: { organizationId: ctx.orgId, ...(opts.q ? { externalId: { contains: opts.q } } : {}) },
    orderBy:
      sort === 'signupAt' || sort === 'country'
        ? [{ [sort]: { sort: dir, nulls: 'last' } }, { id: dir }]
        : [{ [sort]: dir }, { id: dir }],
    take: opts.limit + 1,
    ...(opts.cursor ? { cursor: { id: opts.cursor }, skip: 1 } : {}),
    select: PUBLIC_FIELDS,
  });
  const hasMore = rows.length > opts.limit;
  const items = hasMore ? rows.slice(0, opts.limit) : rows;
  const total = await db.customer.count({ where: { organizationId: ctx.orgId } });
  const matching = opts.q
    ? await db.customer.count({ where: { organizationId: ctx.orgId, externalId: { contains: opts.q } } })
    : total;
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
