'use client';

import Link from 'next/link';
import { useActivateModel, useMarkCandidate, useModel } from '@/lib/client/hooks/use-models';
import { MetricsTable } from './metrics-table';
import { CalibrationChart, LearningChart, LiftChart, QiniChart, RocChart } from './model-charts';
import { ModelMonitoringPanel } from './model-monitoring';
import { UpliftTable } from './uplift-table';

export function ModelDetail({
  id,
  canPromote,
  canActivate,
}: {
  id: string;
  canPromote: boolean;
  canActivate: boolean;
}) {
  const { data: m, error } = useModel(id);
  const mark = useMarkCandidate();
  const activate = useActivateModel();
  if (error)
    return (
      <div className="alert error" role="alert">
        {error.message}
      </div>
    );
  if (!m) return <p className="muted">Loading…</p>;
  return (
    <>
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <div>
          <h1 data-testid="model-title">
            {m.name} v{m.version}
          </h1>
          <p className="subtitle">
            {m.algorithm} · trained <span data-volatile>{m.createdAt.slice(0, 16).replace('T', ' ')}</span> by{' '}
            {m.author ?? 'unknown'} · on {m.metrics.trainingData.exposures.toLocaleString('en-GB')} exposures (
            {m.metrics.trainingData.positives.toLocaleString('en-GB')} conversions), features as of{' '}
            {m.featureSchema.cutoff.slice(0, 10)}
            {m.trainingJobId && (
              <>
                {' '}
                · <Link href={`/jobs/${m.trainingJobId}`}>training job</Link>
              </>
            )}
          </p>
        </div>
        <div className="row">
          {m.hasOnnx && (
            <a className="btn" href={`/api/v1/models/${m.id}/onnx`} download>
              Download ONNX
            </a>
          )}
          <Link className="btn" href={`/explain?model=${m.id}`}>
            Explain
          </Link>
          {m.isActive ? (
            <span className="badge ok" data-testid="active-badge">
              served by the API
            </span>
          ) : (
            canActivate &&
            m.hasOnnx && (
              <button className="btn" type="button" disabled={activate.isPending} onClick={() => activate.mutate(m.id)}>
                Serve this version
              </button>
            )
          )}
          {m.isCandidate ? (
            <span className="badge ok" data-testid="candidate-badge">
              serving candidate
            </span>
          ) : (
            canPromote && (
              <button className="btn primary" type="button" disabled={mark.isPending} onClick={() => mark.mutate(m.id)}>
                Mark as serving candidate
              </button>
            )
          )}
        </div>
      </div>
      {(mark.error || activate.error) && (
        <div className="alert error" role="alert">
          {(mark.error ?? activate.error)!.message}
        </div>
      )}
      <div className="card">
        <MetricsTable models={[m]} />
      </div>
      <div className="charts">
        <RocChart series={[{ label: `${m.algorithm}`, roc: m.metrics.curves.roc }]} />
        <CalibrationChart metrics={m.metrics} />
        <LiftChart metrics={m.metrics} />
        <LearningChart metrics={m.metrics} />
        <QiniChart metrics={m.metrics} />
      </div>
      <ModelMonitoringPanel id={m.id} />
      {m.metrics.uplift && <UpliftTable uplift={m.metrics.uplift} />}
      <div className="card">
        <h2 style={{ marginTop: 0 }}>Cross-validated candidates</h2>
        <table className="table" data-testid="candidates-table">
          <thead>
            <tr>
              <th>Parameters</th>
              <th>Mean AUC</th>
              <th>Std</th>
              <th>Per fold</th>
            </tr>
          </thead>
          <tbody>
            {m.metrics.candidates.map((c, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: static rows without identity, never reordered
              <tr key={i}>
                <td>
                  <code>{JSON.stringify(c.params)}</code>
                </td>
                <td>{c.meanAuc.toFixed(4)}</td>
                <td>{c.stdAuc.toFixed(4)}</td>
                <td>{c.foldAuc.map((a) => a.toFixed(3)).join(' · ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="card">
        <h2 style={{ marginTop: 0 }}>Feature schema</h2>
        <p className="small muted">
          Raw inputs in order; missing values filled with the training medians; country one-hot encoded (
          {m.featureSchema.countries.join(', ')}), then standardised inside the model.
        </p>
        <table className="table">
          <thead>
            <tr>
              <th>#</th>
              <th>Feature</th>
              <th>Type</th>
              <th>Fill value</th>
            </tr>
          </thead>
          <tbody>
            {m.featureSchema.features.map((f, i) => (
              <tr key={f.name}>
                <td>{i}</td>
                <td>{f.name}</td>
                <td>{f.type}</td>
                <td>{m.featureSchema.fillValues[i]?.toFixed(3) ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
