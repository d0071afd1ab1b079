'use client';

import Link from 'next/link';
import { EmptyState } from '@/components/ui/empty-state';
import { ProgressBar } from '@/components/ui/progress-bar';
import { StatusBadge } from '@/components/ui/status-badge';
import { useJobs } from '@/lib/client/hooks/use-jobs';

export function JobsTable() {
  const { data, error } = useJobs();
  if (error)
    return (
      <div className="alert error" role="alert">
        {error.message}
      </div>
    );
  if (!data) return <p className="muted">Loading…</p>;
  if (data.items.length === 0)
    return <EmptyState title="No jobs yet">Jobs launched from Models appear here with live progress.</EmptyState>;
  return (
    <div className="card">
      <table className="table" data-testid="jobs-table">
        <thead>
          <tr>
            <th>Job</th>
            <th>Algorithms</th>
            <th>Status</th>
            <th style={{ width: '30%' }}>Progress</th>
            <th>Created</th>
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
              <td>{j.createdAt.slice(0, 16).replace('T', ' ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
