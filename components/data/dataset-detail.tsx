'use client';

import { EmptyState } from '@/components/ui/empty-state';
import { useFormat } from '@/components/ui/format-provider';
import { ProgressBar } from '@/components/ui/progress-bar';
import { Stat } from '@/components/ui/stat';
import { StatusBadge } from '@/components/ui/status-badge';
import { useDataset } from '@/lib/client/hooks/use-datasets';
import { describeDuplicateRule } from '@/lib/data/import-mapping';
import { describeCleaningStep } from '@/lib/datasets/cleaning-summary';
import { DeleteDataset } from './delete-dataset';
import { ProfileCharts } from './profile-charts';

const kindOf = (k: 'CUSTOMERS' | 'EVENTS' | 'EXPOSURES') => k.toLowerCase() as 'customers' | 'events' | 'exposures';

export function DatasetDetail({ id, canDelete = false }: { id: string; canDelete?: boolean }) {
  const { data: d, error } = useDataset(id);
  const f = useFormat();
  if (error)
    return (
      <div className="alert error" role="alert">
        {error.message}
      </div>
    );
  if (!d) return <p className="muted">Loading…</p>;
  const n = (x: number) => f.number(x, 0);
  return (
    <>
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <h1 data-testid="dataset-name">{d.name}</h1>
        <StatusBadge status={d.status} />
      </div>
      <p className="subtitle">
        {d.kind.toLowerCase()} · {d.fileName} · {(d.bytes / 1048576).toFixed(2)} MiB · sha256{' '}
        {d.contentHash.slice(0, 12)}…
      </p>
      {(d.status === 'IMPORTING' || d.status === 'PENDING') && (
        <ProgressBar value={d.progress} label={d.status === 'PENDING' ? 'Queued: waiting for a worker' : 'Importing'} />
      )}
      {d.error && <div className="alert error">{d.error}</div>}
      <div className="grid">
        <Stat label="Rows read" value={n(d.rowsTotal)} testId="detail-total" />
        <Stat label="Rows kept" value={n(d.rowsAccepted)} testId="detail-accepted" />
        <Stat label="Rows rejected" value={n(d.rowsRejected)} testId="detail-rejected" />
        <Stat
          label={`Duplicates dropped (${describeDuplicateRule(kindOf(d.kind), d.mapping?.duplicates ?? 'line')})`}
          value={n(d.rowsDuplicate)}
          testId="detail-duplicates"
        />
        <Stat label="Kept with a cleared value" value={n(d.rowsWarned)} testId="detail-warned" />
        {d.profile?.dateRange && (
          <Stat
            label="Date range"
            value={`${d.profile.dateRange.min.slice(0, 10)} → ${d.profile.dateRange.max.slice(0, 10)}`}
          />
        )}
      </div>

      <div className="card">
        <div className="row" style={{ justifyContent: 'space-between' }}>
          <h2 style={{ margin: 0 }}>Validation report</h2>
          <div className="row">
            {d.rowsRejected > 0 && (
              <a className="btn" href={`/api/v1/datasets/${d.id}/report`} download>
                Download all rejected rows (CSV)
              </a>
            )}
            {d.rowsWarned > 0 && (
              <a className="btn" href={`/api/v1/datasets/${d.id}/report?severity=warning`} download>
                Download rows with cleared values (CSV)
              </a>
            )}
            {d.rowsDuplicate > 0 && (
              <a className="btn" href={`/api/v1/datasets/${d.id}/report?severity=duplicate`} download>
                Download dropped duplicates (CSV)
              </a>
            )}
          </div>
        </div>
        <p className="muted small">
          Each download gives line, column and reason next to the original row: drop the first four columns, correct the
          rows and upload them again.
        </p>
        {d.problemSummary && d.problemSummary.groups.length > 0 && (
          <table className="table" data-testid="problem-summary">
            <caption className="muted small">
              Problems by column and reason (all counted; the first {n(d.problemSummary.cap)} of each kind stored in
              full)
            </caption>
            <thead>
              <tr>
                <th>Kind</th>
                <th>Column</th>
                <th>Reason</th>
                <th>Rows</th>
                <th>Example</th>
              </tr>
            </thead>
            <tbody>
              {d.problemSummary.groups.map((g) => (
                <tr key={`${g.severity}-${g.column}-${g.code}`}>
                  <td>
                    {g.severity === 'error' ? 'rejected' : g.severity === 'warning' ? 'value cleared' : 'duplicate'}
                  </td>
                  <td>{g.column || '—'}</td>
                  <td>{g.code}</td>
                  <td>{n(g.count)}</td>
                  <td className="small">{g.example}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {d.rejectionsByCode.length === 0 ? (
          <p className="muted">Every row passed validation.</p>
        ) : (
          <>
            <p className="small" data-testid="rejections-by-code">
              {d.rejectionsByCode.map((r) => `${r.code}: ${r.count}`).join(' · ')}
            </p>
            <table className="table" data-testid="rejections-table">
              <thead>
                <tr>
                  <th>Line</th>
                  <th>Column</th>
                  <th>Reason</th>
                  <th>Message</th>
                </tr>
              </thead>
              <tbody>
                {d.firstRejections.map((r, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: static rows without identity, never reordered
                  <tr key={i}>
                    <td>{r.line}</td>
                    <td>{r.column || '—'}</td>
                    <td>{r.code}</td>
                    <td>{r.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </div>

      {d.cleaningSteps && d.cleaningSteps.length > 0 && (
        <div className="card">
          <h2 style={{ marginTop: 0 }}>Cleaning steps recorded for this version</h2>
          <table className="table" data-testid="cleaning-steps">
            <thead>
              <tr>
                <th>Step</th>
                <th>Column</th>
                <th>Rows affected</th>
                <th>What it does</th>
              </tr>
            </thead>
            <tbody>
              {d.cleaningSteps.map((s, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: static rows without identity, never reordered
                <tr key={i}>
                  <td>{s.step}</td>
                  <td>{s.column ?? 'all'}</td>
                  <td>{n(s.affectedRows)}</td>
                  <td className="small">{describeCleaningStep(s, f)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted small">
            Stored rows are never altered: duplicates are dropped on import; fills apply when features are built;
            outliers are flagged, not removed.
          </p>
        </div>
      )}

      {canDelete && (
        <DeleteDataset id={d.id} name={d.name} disabled={d.status === 'IMPORTING' || d.status === 'PENDING'} />
      )}

      <h2>Profile</h2>
      {d.profile ? (
        <ProfileCharts profile={d.profile} />
      ) : (
        <EmptyState title="No profile yet">It appears when the import completes.</EmptyState>
      )}
    </>
  );
}
