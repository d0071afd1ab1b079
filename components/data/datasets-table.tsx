'use client';

import Link from 'next/link';
import { EmptyState } from '@/components/ui/empty-state';
import { StatusBadge } from '@/components/ui/status-badge';
import { useDatasets } from '@/lib/client/hooks/use-datasets';

export function DatasetsTable() {
  const { data, error } = useDatasets();
  if (error)
    return (
      <div className="alert error" role="alert">
        {error.message}
      </div>
    );
  if (!data) return <p className="muted">Loading…</p>;
  if (data.items.length === 0)
    return <EmptyState title="No uploads yet">Upload customers first, then events and offer exposures.</EmptyState>;
  const n = (x: number) => x.toLocaleString('en-GB');
  return (
    <div className="card">
      <h2 style={{ marginTop: 0 }}>Uploads</h2>
      <table className="table" data-testid="datasets-table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Kind</th>
            <th>Status</th>
            <th>Rows kept</th>
            <th>Rejected</th>
            <th>Size</th>
            <th>Uploaded</th>
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
                {d.status === 'IMPORTING' ? ` ${Math.round(d.progress * 100)}%` : ''}
              </td>
              <td>{n(d.rowsAccepted)}</td>
              <td>{n(d.rowsRejected)}</td>
              <td>{(d.bytes / 1048576).toFixed(1)} MiB</td>
              <td>{d.createdAt.slice(0, 16).replace('T', ' ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
