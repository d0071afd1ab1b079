'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartFrame } from '@/components/ui/chart-frame';
import { ProgressBar } from '@/components/ui/progress-bar';
import { StatusBadge } from '@/components/ui/status-badge';
import { useJob, useJobAction } from '@/lib/client/hooks/use-jobs';

/** One job: live progress, fold-by-fold AUC chart, logs, cancel and retry, and the models it registered. */
export function JobDetail({ id, canTrain }: { id: string; canTrain: boolean }) {
  const router = useRouter();
  const { data: j, error } = useJob(id);
  const cancel = useJobAction('cancel');
  const retry = useJobAction('retry');
  if (error)
    return (
      <div className="alert error" role="alert">
        {error.message}
      </div>
    );
  if (!j) return <p className="muted">Loading…</p>;
  const live = j.status === 'QUEUED' || j.status === 'RUNNING';
  const points = j.logs.filter((l) => l.point?.fold !== undefined).map((l, i) => ({ fit: i + 1, auc: l.point!.auc }));
  return (
    <>
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <h1>
          {j.params.name ?? (j.kind === 'SEGMENT' ? 'Segmentation' : 'Job')} <StatusBadge status={j.status} />
        </h1>
        <div className="row">
          {canTrain && live && (
            <button
              className="btn danger"
              type="button"
              disabled={j.cancelRequested || cancel.isPending}
              onClick={() => cancel.mutate(j.id)}
            >
              {j.cancelRequested ? 'Cancelling…' : 'Cancel'}
            </button>
          )}
          {canTrain && (j.status === 'FAILED' || j.status === 'CANCELLED') && (
            <button
              className="btn"
              type="button"
              disabled={retry.isPending}
              onClick={() => retry.mutate(j.id, { onSuccess: (n) => router.push(`/jobs/${n.id}`) })}
            >
              Retry
            </button>
          )}
        </div>
      </div>
      <p className="subtitle">
        {j.params.algorithms?.map((a) => a.name).join(', ')} · {j.params.folds ?? 3}-fold CV · attempt {j.attempts}
      </p>
      {live && <ProgressBar value={j.progress} label={j.stage ?? 'waiting for a worker'} testId="job-progress" />}
      {j.error && (
        <div className="alert error" data-testid="job-error">
          {j.error}
        </div>
      )}
      {j.models.length > 0 && (
        <div className="alert success" data-testid="job-models">
          Registered:{' '}
          {j.models.map((m) => (
            <Link key={m.id} href={`/models/${m.id}`} style={{ marginRight: 12 }}>
              {m.name} v{m.version} ({m.algorithm})
            </Link>
          ))}
        </div>
      )}
      {j.kind === 'SEGMENT' && j.status === 'SUCCEEDED' && (
        <div className="alert success" data-testid="job-segments">
          Segments saved: <Link href="/segments">open Segments</Link>
        </div>
      )}
      {points.length > 0 && (
        <ChartFrame title="Cross-validation AUC, fit by fit" testId="chart-folds">
          <LineChart data={points}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="fit" />
            <YAxis domain={['auto', 'auto']} tickFormatter={(v) => v.toFixed(3)} />
            <Tooltip formatter={(v) => Number(v).toFixed(4)} />
            <Line dataKey="auc" stroke="#3b5bdb" />
          </LineChart>
        </ChartFrame>
      )}
      <div className="card">
        <h2 style={{ marginTop: 0 }}>Log</h2>
        <pre className="small" data-testid="job-log" style={{ maxHeight: 320, overflow: 'auto', margin: 0 }}>
          {j.logs.map((l) => `${l.t.slice(11, 19)}  ${l.msg}`).join('\n') || 'No log lines yet.'}
        </pre>
      </div>
    </>
  );
}
