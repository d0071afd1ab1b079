'use client';

import Link from 'next/link';
import { useState } from 'react';
import { EmptyState } from '@/components/ui/empty-state';
import { useModels } from '@/lib/client/hooks/use-models';
import { MetricsTable } from './metrics-table';
import { RocChart } from './model-charts';

/** Registered model versions; tick two or more to compare their metrics and ROC curves. */
export function ModelsList() {
  const { data, error } = useModels();
  const [selected, setSelected] = useState<string[]>([]);
  if (error)
    return (
      <div className="alert error" role="alert">
        {error.message}
      </div>
    );
  if (!data) return <p className="muted">Loading…</p>;
  if (data.items.length === 0)
    return (
      <EmptyState title="No model has been trained yet">
        Start a training job above; each finished job registers its model versions here.
      </EmptyState>
    );
  const compared = data.items.filter((m) => selected.includes(m.id));
  return (
    <>
      <div className="card">
        <h2 style={{ marginTop: 0 }}>Model versions</h2>
        <table className="table" data-testid="models-table">
          <thead>
            <tr>
              <th>Compare</th>
              <th>Model</th>
              <th>Algorithm</th>
              <th>Holdout AUC</th>
              <th>Log loss</th>
              <th>Candidate</th>
              <th>Trained</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((m) => (
              <tr key={m.id}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Compare ${m.name} v${m.version}`}
                    checked={selected.includes(m.id)}
                    onChange={(e) =>
                      setSelected(e.target.checked ? [...selected, m.id] : selected.filter((s) => s !== m.id))
                    }
                  />
                </td>
                <td>
                  <Link href={`/models/${m.id}`}>
                    {m.name} v{m.version}
                  </Link>
                </td>
                <td>{m.algorithm}</td>
                <td>{m.metrics.holdout.auc.toFixed(4)}</td>
                <td>{m.metrics.holdout.logLoss.toFixed(4)}</td>
                <td>{m.isCandidate ? <span className="badge ok">candidate</span> : ''}</td>
                <td>{m.createdAt.slice(0, 16).replace('T', ' ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {compared.length >= 2 && (
        <div data-testid="compare-panel">
          <h2>Comparison</h2>
          <div className="card">
            <MetricsTable models={compared} />
          </div>
          <RocChart
            series={compared.map((m) => ({
              label: `${m.name} v${m.version} (${m.algorithm})`,
              roc: m.metrics.curves.roc,
            }))}
          />
        </div>
      )}
    </>
  );
}
