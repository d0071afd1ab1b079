import type { TablePage } from '@/lib/http/table-query';

export type { TablePage };

/** What a server-side table asks for; anything left out takes the route's default. */
export interface TableParams {
  q?: string;
  sort?: string;
  dir?: 'asc' | 'desc';
  page?: number;
  pageSize?: number;
}

/** `?q=…&sort=…` for the params that are set (an empty search is left out). */
export function tableSearch(p: TableParams): string {
  const sp = new URLSearchParams();
  if (p.q) sp.set('q', p.q);
  if (p.sort) sp.set('sort', p.sort);
  if (p.dir) sp.set('dir', p.dir);
  if (p.page && p.page > 1) sp.set('page', String(p.page));
  if (p.pageSize) sp.set('pageSize', String(p.pageSize));
  const s = sp.toString();
  return s ? `?${s}` : '';
}
