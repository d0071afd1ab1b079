'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { seriesColor, TITLED_MARGIN, useValueAxis, xTitle } from '@/components/charts/axes';
import { ChartFrame } from '@/components/ui/chart-frame';
import { useFormat } from '@/components/ui/format-provider';
import { ProgressBar } from '@/components/ui/progress-bar';
import { StatusBadge } from '@/components/ui/status-badge';
import { useJob, useJobAction } from '@/lib/client/hooks/use-jobs';
import { type CvSeries, cvSeries } from './cv-series';

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
  const cv = cvSeries(j.logs);
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
        {j.kind === 'SEGMENT'
          ? `segmentation · attempt ${j.attempts}`
          : `${j.params.algorithms?.map((a) => a.name).join(', ')} · ${j.params.folds ?? 3}-fold CV · attempt ${j.attempts}`}
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
      {cv.series.length > 0 && <CvChart cv={cv} />}
      <div className="card">
        <h2 style={{ marginTop: 0 }}>Log</h2>
        <pre
          className="small"
          data-testid="job-log"
          style={{ maxHeight: 320, overflow: 'auto', margin: 0, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
        >
          {j.logs.length
            ? j.logs.map((l, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: log lines are append-only and never reordered
                <span key={i}>
                  <span data-volatile>{l.t.slice(11, 19)}</span>
                  {`  ${l.msg}\n`}
                </span>
              ))
            : 'No log lines yet.'}
        </pre>
      </div>
    </>
  );
}

function CvChart({ cv }: { cv: CvSeries }) {
  const f = useFormat();
  const y = useValueAxis(
    'number',
    cv.rows.flatMap((r) => cv.series.map((s) => r[s.key] ?? Number.NaN)),
    { count: 4 },
  );
  return (
    <ChartFrame
      title="Cross-validation AUC by fold, one line per candidate"
      testId="chart-folds"
      height={280}
      data={cv.rows.map((r) =>
        Object.fromEntries(Object.entries(r).map(([k, v]) => [cv.series.find((s) => s.key === k)?.label ?? k, v])),
      )}
    >
      <LineChart data={cv.rows} margin={TITLED_MARGIN}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="fold" {...xTitle('fold')} />
        <YAxis {...y} />
        <Tooltip formatter={(v) => f.number(Number(v), 4)} labelFormatter={(v) => `fold ${v}`} />
        <Legend verticalAlign="top" />
        {cv.series.map((s) => (
          <Line
            key={s.key}
            dataKey={s.key}
            name={s.label}
            stroke={seriesColor(s.algorithm)}
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </ChartFrame>
  );
}
