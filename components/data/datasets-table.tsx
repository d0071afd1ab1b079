'use client';

import Link from 'next/link';
import { EmptyState } from '@/components/ui/empty-state';
import { useFormat } from '@/components/ui/format-provider';
import { StatusBadge } from '@/components/ui/status-badge';
import { Pager, SortTh, TableSearch, useTableState } from '@/components/ui/table-controls';
import { useDatasets } from '@/lib/client/hooks/use-datasets';

export function DatasetsTable() {
  const f = useFormat();
  const table = useTableState({ sort: 'createdAt', dir: 'desc', pageSize: 25 });
  const { data, error, isPlaceholderData } = useDatasets(table.params);
  if (error)
    return (
      <div className="alert error" role="alert">
        {error.message}
      </div>
    );
  if (!data) return <p className="muted">Loading…</p>;
  if (data.total === 0 && !table.params.q)
    return <EmptyState title="No uploads yet">Upload customers first, then events and offer exposures.</EmptyState>;
  return (
    <div className="card">
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <h2 style={{ margin: 0 }}>Uploads</h2>
        <TableSearch table={table} label="Search uploads by name or file" />
      </div>
      <table className="table" data-testid="datasets-table">
        <thead>
          <tr>
            <SortTh table={table} column="name" label="Name" firstDir="asc" />
            <SortTh table={table} column="kind" label="Kind" firstDir="asc" />
            <SortTh table={table} column="status" label="Status" firstDir="asc" />
            <SortTh table={table} column="rowsAccepted" label="Rows kept" />
            <SortTh table={table} column="rowsRejected" label="Rejected" />
            <th>Size</th>
            <SortTh table={table} column="createdAt" label="Date" />
          </tr>
        </thead>
        <tbody>
          {data.items.map((d) => (
            <tr key={d.id}>
              <td>
                <Link href={`/data/${d.id}`}>{d.name}</Link>
              </td>
              <td>{d.kind.toLowerCase()}</td>
              <td>
                <StatusBadge status={d.status} />
                {d.status === 'IMPORTING' ? ` ${f.pct(d.progress, { digits: 0 })}` : ''}
              </td>
              <td>{f.number(d.rowsAccepted, 0)}</td>
              <td>{f.number(d.rowsRejected, 0)}</td>
              <td>{f.bytes(d.bytes)}</td>
              <td data-volatile>{d.createdAt.slice(0, 16).replace('T', ' ')}</td>
            </tr>
          ))}
          {data.items.length === 0 && (
            <tr>
              <td colSpan={7} className="muted">
                No upload’s name or file name contains “{table.params.q}”.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <Pager table={table} page={data} busy={isPlaceholderData} noun="uploads" testId="datasets-pager" />
    </div>
  );
}
