import { describe, expect, it } from 'vitest';
import { rowRange, skipTake, tablePage, tableQuery } from './table-query';

const Z = tableQuery({
  sort: ['createdAt', 'name'],
  defaultSort: 'createdAt',
  defaultDir: 'desc',
  defaultPageSize: 25,
});

describe('tableQuery', () => {
  it('fills defaults from nothing', () => {
    expect(Z.parse({})).toEqual({ sort: 'createdAt', dir: 'desc', page: 1, pageSize: 25 });
  });
  it('coerces query-string numbers and trims the search', () => {
    expect(Z.parse({ q: '  spring ', sort: 'name', dir: 'asc', page: '3', pageSize: '10' })).toEqual({
      q: 'spring',
      sort: 'name',
      dir: 'asc',
      page: 3,
      pageSize: 10,
    });
  });
  it('refuses an unknown sort column naming the allowed ones', () => {
    const r = Z.safeParse({ sort: 'password' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].message).toBe('sort must be one of createdAt, name');
  });
  it('refuses page 0, a fractional page and a page size over the maximum', () => {
    expect(Z.safeParse({ page: '0' }).success).toBe(false);
    expect(Z.safeParse({ page: '1.5' }).success).toBe(false);
    expect(Z.safeParse({ pageSize: '201' }).success).toBe(false);
    expect(Z.safeParse({ dir: 'sideways' }).success).toBe(false);
  });
});

describe('paging arithmetic', () => {
  it('skips whole pages', () => {
    expect(skipTake({ page: 1, pageSize: 25 })).toEqual({ skip: 0, take: 25 });
    expect(skipTake({ page: 4, pageSize: 25 })).toEqual({ skip: 75, take: 25 });
  });
  it('counts pages and the rows shown: 312 rows, page 2 of 13 shows 26–50', () => {
    const p = tablePage(new Array(25).fill(0), 312, { page: 2, pageSize: 25 });
    expect(p.pages).toBe(13);
    expect(rowRange(p)).toEqual([26, 50]);
    const last = tablePage(new Array(12).fill(0), 312, { page: 13, pageSize: 25 });
    expect(rowRange(last)).toEqual([301, 312]);
  });
  it('an empty table is one page showing 0–0', () => {
    const p = tablePage([], 0, { page: 1, pageSize: 25 });
    expect(p.pages).toBe(1);
    expect(rowRange(p)).toEqual([0, 0]);
  });
});
