'use client';

import { useState } from 'react';
import { useFormat } from '@/components/ui/format-provider';
import type { TableParams } from '@/lib/client/table-params';
import { rowRange } from '@/lib/http/table-query';

export interface TableState extends Required<Pick<TableParams, 'sort' | 'dir' | 'page' | 'pageSize'>> {
  q: string;
}

/** Search, sort and page of one server-side table; a new search or sort goes back to page 1. */
export function useTableState(initial: { sort: string; dir: 'asc' | 'desc'; pageSize: number }) {
  const [state, setState] = useState<TableState>({ q: '', page: 1, ...initial });
  return {
    state,
    params: { ...state, q: state.q.trim() || undefined } satisfies TableParams,
    search: (q: string) => setState((s) => ({ ...s, q, page: 1 })),
    /** a click on the sorted column flips its direction; another column starts descending for numbers/dates */
    sortBy: (sort: string, firstDir: 'asc' | 'desc') =>
      setState((s) => ({
        ...s,
        sort,
        dir: s.sort === sort ? (s.dir === 'asc' ? 'desc' : 'asc') : firstDir,
        page: 1,
      })),
    goTo: (page: number) => setState((s) => ({ ...s, page })),
  };
}

type Table = ReturnType<typeof useTableState>;

/** A column header button that says how the table is sorted (aria-sort) and sorts it on click. */
export function SortHeader({
  label,
  active,
  dir,
  onSort,
  style,
}: {
  label: string;
  active: boolean;
  dir: 'asc' | 'desc';
  onSort: () => void;
  style?: React.CSSProperties;
}) {
  return (
    <th aria-sort={active ? (dir === 'asc' ? 'ascending' : 'descending') : 'none'} style={style}>
      <button type="button" className="sort-th" onClick={onSort} title={`Sort by ${label.toLowerCase()}`}>
        {label}
        <span aria-hidden="true" className="sort-mark">
          {active ? (dir === 'asc' ? '▲' : '▼') : '↕'}
        </span>
      </button>
    </th>
  );
}

/** A sortable column of a table driven by `useTableState` (server-side sort). */
export function SortTh({
  table,
  column,
  label,
  firstDir = 'desc',
  style,
}: {
  table: Table;
  column: string;
  label: string;
  firstDir?: 'asc' | 'desc';
  style?: React.CSSProperties;
}) {
  return (
    <SortHeader
      label={label}
      active={table.state.sort === column}
      dir={table.state.dir}
      onSort={() => table.sortBy(column, firstDir)}
      style={style}
    />
  );
}

export function TableSearch({ table, label }: { table: Table; label: string }) {
  return (
    <div className="field" style={{ margin: 0 }}>
      <input
        type="search"
        aria-label={label}
        placeholder={label}
        style={{ width: `${Math.max(16, label.length * 0.6 + 1.5)}rem`, maxWidth: '100%' }}
        value={table.state.q}
        onChange={(e) => table.search(e.target.value)}
      />
    </div>
  );
}

/** "26–50 of 312" with Previous / Next; disabled while the next page loads. */
export function Pager({
  table,
  page,
  busy,
  noun,
  testId,
}: {
  table: Table;
  page: { page: number; pageSize: number; total: number; pages: number; items: unknown[] };
  busy?: boolean;
  noun: string;
  testId?: string;
}) {
  const f = useFormat();
  const [first, last] = rowRange(page);
  if (page.total <= page.pageSize && page.page === 1) {
    return (
      <p className="small muted" data-testid={testId} aria-live="polite">
        {f.number(page.total, 0)} {noun}
        {table.state.q.trim() ? ` matching “${table.state.q.trim()}”` : ''}
      </p>
    );
  }
  return (
    <div className="row" style={{ justifyContent: 'space-between' }} data-testid={testId}>
      <span className="small" aria-live="polite">
        {f.number(first, 0)}–{f.number(last, 0)} of {f.number(page.total, 0)} {noun}
        {table.state.q.trim() ? ` matching “${table.state.q.trim()}”` : ''} · page {f.number(page.page, 0)} of{' '}
        {f.number(page.pages, 0)}
      </span>
      <div className="row" style={{ gap: 4 }}>
        <button
          className="btn small"
          type="button"
          disabled={page.page <= 1 || busy}
          onClick={() => table.goTo(page.page - 1)}
        >
          Previous
        </button>
        <button
          className="btn small"
          type="button"
          disabled={page.page >= page.pages || busy}
          onClick={() => table.goTo(page.page + 1)}
        >
          Next
        </button>
      </div>
    </div>
  );
}
