import { z } from 'zod';

/**
 * Query parameters of a server-side table: search, sort column and direction, page and page size.
 * Each list route declares the columns it can sort by; anything else is a 400 naming the allowed ones.
 * Offset paging (`page`) is used for tables that stay in the thousands (datasets, models, jobs, audit log);
 * customers page by cursor (see lib/customers/list-customers.ts).
 */
export function tableQuery<const K extends readonly [string, ...string[]]>(opts: {
  sort: K;
  defaultSort: K[number];
  defaultDir: 'asc' | 'desc';
  defaultPageSize: number;
  maxPageSize?: number;
}) {
  const max = opts.maxPageSize ?? 200;
  return z.object({
    q: z.string().trim().max(64).optional(),
    sort: z
      .enum(opts.sort, { error: () => `sort must be one of ${opts.sort.join(', ')}` })
      .default(opts.defaultSort as K[number] & string),
    dir: z.enum(['asc', 'desc'], { error: () => 'dir must be asc or desc' }).default(opts.defaultDir),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(max).default(opts.defaultPageSize),
  });
}

export interface TableQuery<S extends string = string> {
  q?: string;
  sort: S;
  dir: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

export interface TablePage<T> {
  items: T[];
  /** rows matching the search (all rows without one) */
  total: number;
  page: number;
  pageSize: number;
  pages: number;
}

/** Prisma's skip/take for a page (page 1 is the first). */
export function skipTake(q: Pick<TableQuery, 'page' | 'pageSize'>): { skip: number; take: number } {
  return { skip: (q.page - 1) * q.pageSize, take: q.pageSize };
}

export function tablePage<T>(items: T[], total: number, q: Pick<TableQuery, 'page' | 'pageSize'>): TablePage<T> {
  return { items, total, page: q.page, pageSize: q.pageSize, pages: Math.max(1, Math.ceil(total / q.pageSize)) };
}

/** Runs a page query and its count together and wraps them as a `TablePage`. */
export async function fetchPage<T>(
  q: Pick<TableQuery, 'page' | 'pageSize'>,
  find: (page: { skip: number; take: number }) => Promise<T[]>,
  count: () => Promise<number>,
): Promise<TablePage<T>> {
  const [items, total] = await Promise.all([find(skipTake(q)), count()]);
  return tablePage(items, total, q);
}

/** "26–50 of 312": first and last row numbers shown (0–0 on an empty page). */
export function rowRange(page: { page: number; pageSize: number; total: number; items: unknown[] }): [number, number] {
  if (page.items.length === 0) return [0, 0];
  const first = (page.page - 1) * page.pageSize + 1;
  return [first, first + page.items.length - 1];
}
