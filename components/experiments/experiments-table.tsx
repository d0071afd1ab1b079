'use client';

import Link from 'next/link';
import { EmptyState } from '@/components/ui/empty-state';
import { useFormat } from '@/components/ui/format-provider';
import { StatusBadge } from '@/components/ui/status-badge';
import { useExperimentAction, useExperiments } from '@/lib/client/hooks/use-experiments';
import { describeArm } from '@/lib/experiments/arm-label';
import { type ApprovalRights, ExperimentApproval } from './experiment-approval';

export function ExperimentsTable({ canEdit, rights }: { canEdit: boolean; rights: ApprovalRights }) {
  const { data, error } = useExperiments();
  const move = useExperimentAction();
  const f = useFormat();
  if (error)
    return (
      <div className="alert error" role="alert">
        {error.message}
      </div>
    );
  if (!data) return <p className="muted">Loading…</p>;
  if (data.items.length === 0)
    return (
      <EmptyState title="No experiment yet">
        Create one above; the offers API assigns customers to its arms once it runs.
      </EmptyState>
    );
  return (
    <div className="card">
      <table className="table" data-testid="experiments-table">
        <thead>
          <tr>
            <th>Experiment</th>
            <th>Arms</th>
            <th>Status</th>
            <th>Customers</th>
            <th>Started</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {data.items.map((e) => (
            <tr key={e.id}>
              <td>
                <Link href={`/experiments/${e.id}`}>{e.name}</Link> <code className="muted">{e.key}</code>
                {e.type === 'BANDIT' && <span className="badge">bandit</span>}
              </td>
              <td>
                {e.variants
                  .map((v) =>
                    e.type === 'BANDIT'
                      ? `${v.name} (${v.discountPct}%, ${f.pct(v.weight)} of traffic)`
                      : `${v.name} (${describeArm(v)}, w ${v.weight})`,
                  )
                  .join(' · ')}
              </td>
              <td>
                <StatusBadge status={e.status} />
              </td>
              <td>{e._count.assignments.toLocaleString('en-GB')}</td>
              <td>{e.startedAt?.slice(0, 10) ?? '—'}</td>
              <td>
                {e.status === 'DRAFT' && <ExperimentApproval e={e} rights={rights} />}
                {canEdit && e.status === 'RUNNING' && (
                  <button className="btn" type="button" onClick={() => move.mutate({ id: e.id, action: 'stop' })}>
                    Stop
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {move.error && (
        <div className="alert error" role="alert">
          {move.error.message}
        </div>
      )}
    </div>
  );
}
