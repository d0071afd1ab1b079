'use client';

import Link from 'next/link';
import { EmptyState } from '@/components/ui/empty-state';
import { ProgressBar } from '@/components/ui/progress-bar';
import { StatusBadge } from '@/components/ui/status-badge';
import { Pager, SortTh, TableSearch, useTableState } from '@/components/ui/table-controls';
import { useJobs } from '@/lib/client/hooks/use-jobs';

export function JobsTable() {
  const table = useTableState({ sort: 'createdAt', dir: 'desc', pageSize: 25 });
  const { data, error, isPlaceholderData } = useJobs(table.params);
  if (error)
    return (
      <div className="alert error" role="alert">
        {error.message}
      </div>
    );
  if (!data) return <p className="muted">Loading…</p>;
  if (data.total === 0 && !table.params.q)
    return <EmptyState title="No jobs yet">Jobs launched from Models appear here with live progress.</EmptyState>;
  return (
    <div className="card">
      <div className="row" style={{ justifyContent: 'flex-end' }}>
        <TableSearch table={table} label="Search jobs by name" />
      </div>
      <table className="table" data-testid="jobs-table">
        <thead>
          <tr>
            <th>Job</th>
            <SortTh table={table} column="kind" label="Kind" firstDir="asc" />
            <th>Algorithms</th>
            <SortTh table={table} column="status" label="Status" firstDir="asc" />
            <SortTh table={table} column="progress" label="Progress" style={{ width: '30%' }} />
            <SortTh table={table} column="createdAt" label="Created" />
          </tr>
        </thead>
        <tbody>
          {data.items.map((j) => (
            <tr key={j.id}>
              <td>
                <Link href={`/jobs/${j.id}`}>
                  {j.params.name ?? (j.kind === 'SEGMENT' ? 'segmentation' : 'training')}
                </Link>
              </td>
              <td>{j.kind === 'SEGMENT' ? 'segmentation' : 'training'}</td>
              <td>{j.params.algorithms?.map((a) => a.name).join(', ')}</td>
              <td>
                <StatusBadge status={j.status} />
              </td>
              <td>
                {j.status === 'RUNNING' ? (
                  <ProgressBar value={j.progress} label={j.stage ?? 'running'} />
                ) : (
                  (j.error ?? (j.status === 'SUCCEEDED' ? 'done' : j.status === 'QUEUED' ? 'waiting for a worker' : ''))
                )}
              </td>
              <td data-volatile>{j.createdAt.slice(0, 16).replace('T', ' ')}</td>
            </tr>
          ))}
          {data.items.length === 0 && (
            <tr>
              <td colSpan={6} className="muted">
                No job’s name contains “{table.params.q}”.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <Pager table={table} page={data} busy={isPlaceholderData} noun="jobs" testId="jobs-pager" />
    </div>
  );
}
