'use client';

import { useState } from 'react';
import { EmptyState } from '@/components/ui/empty-state';
import { useFormat } from '@/components/ui/format-provider';
import { SortHeader } from '@/components/ui/table-controls';
import { type CustomerListParams, useCustomers } from '@/lib/client/hooks/use-customers';

type CustomerSort = NonNullable<CustomerListParams['sort']>;

const PAGE = 50;

export function CustomersTable() {
  const f = useFormat();
  const [q, setQ] = useState('');
  // cursors of the pages seen so far: the last one is the current page's ('' = first page)
  const [cursors, setCursors] = useState<string[]>(['']);
  const [sort, setSort] = useState<{ sort: CustomerSort; dir: 'asc' | 'desc' }>({ sort: 'externalId', dir: 'asc' });
  const cursor = cursors[cursors.length - 1] || undefined;
  const { data, error, isPending, isPlaceholderData } = useCustomers({
    q: q || undefined,
    limit: PAGE,
    cursor,
    ...sort,
  });
  const sortBy = (column: CustomerSort) => {
    setSort((s) => ({ sort: column, dir: s.sort === column && s.dir === 'asc' ? 'desc' : 'asc' }));
    setCursors(['']);
  };
  const th = (column: CustomerSort, label: string) => (
    <SortHeader label={label} active={sort.sort === column} dir={sort.dir} onSort={() => sortBy(column)} />
  );
  const first = (cursors.length - 1) * PAGE + 1;
  return (
    <div className="card">
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <h2 style={{ margin: 0 }}>
          Customers{' '}
          {data && (
            <span className="badge" data-testid="customer-total">
              {f.number(data.total, 0)}
            </span>
          )}
        </h2>
        <div className="field" style={{ margin: 0 }}>
          <input
            aria-label="Search customer id"
            placeholder="Search customer id"
            value={q}
            onChange={(e) => {
              setQ(e.target.value);
              setCursors(['']);
            }}
          />
        </div>
      </div>
      {error && (
        <div className="alert error" role="alert">
          {error.message}
        </div>
      )}
      {isPending && <p className="muted">Loading…</p>}
      {data && data.items.length === 0 && (
        <EmptyState title={q ? `No customer id contains “${q}”` : 'No customers'}>
          {q ? 'Try part of the id, e.g. its first characters.' : 'Upload a customers CSV to see them here.'}
        </EmptyState>
      )}
      {data && data.items.length > 0 && (
        <table className="table" data-testid="customers-table">
          <thead>
            <tr>
              {th('externalId', 'Customer id')}
              {th('signupAt', 'Signed up')}
              {th('country', 'Country')}
              <th>Email (masked)</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((c) => (
              <tr key={c.id}>
                <td>{c.externalId}</td>
                <td>{c.signupAt ? c.signupAt.slice(0, 10) : '—'}</td>
                <td>{c.country ?? '—'}</td>
                <td>{c.emailMasked ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data && data.items.length > 0 && (
        <div className="row" style={{ justifyContent: 'space-between' }} data-testid="customers-pager">
          <span className="small" aria-live="polite">
            {f.number(first, 0)}–{f.number(first + data.items.length - 1, 0)} of {f.number(data.matching, 0)}
            {q ? ` matching “${q}” (${f.number(data.total, 0)} in all)` : ''}
          </span>
          <div className="row" style={{ gap: 4 }}>
            <button
              className="btn small"
              type="button"
              disabled={cursors.length === 1 || isPlaceholderData}
              onClick={() => setCursors((c) => c.slice(0, -1))}
            >
              Previous
            </button>
            <button
              className="btn small"
              type="button"
              disabled={!data.nextCursor || isPlaceholderData}
              onClick={() => data.nextCursor && setCursors((c) => [...c, data.nextCursor as string])}
            >
              Next
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
