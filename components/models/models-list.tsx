'use client';

import Link from 'next/link';
import { useState } from 'react';
import { EmptyState } from '@/components/ui/empty-state';
import { useFormat } from '@/components/ui/format-provider';
import { Pager, SortTh, TableSearch, useTableState } from '@/components/ui/table-controls';
import { type ModelRow, useModels } from '@/lib/client/hooks/use-models';
import { MetricsTable } from './metrics-table';
import { RocChart } from './model-charts';

/** Registered model versions; tick two or more to compare their metrics and ROC curves. */
export function ModelsList() {
  const f = useFormat();
  const table = useTableState({ sort: 'createdAt', dir: 'desc', pageSize: 25 });
  const { data, error, isPlaceholderData } = useModels(table.params);
  // the rows ticked for comparison, kept across pages and searches
  const [compared, setCompared] = useState<ModelRow[]>([]);
  if (error)
    return (
      <div className="alert error" role="alert">
        {error.message}
      </div>
    );
  if (!data) return <p className="muted">Loading…</p>;
  if (data.total === 0 && !table.params.q)
    return (
      <EmptyState title="No model has been trained yet">
        Start a training job above; each finished job registers its model versions here.
      </EmptyState>
    );
  const ticked = (id: string) => compared.some((m) => m.id === id);
  return (
    <>
      <div className="card">
        <div className="row" style={{ justifyContent: 'space-between' }}>
          <h2 style={{ margin: 0 }}>Model versions</h2>
          <TableSearch table={table} label="Search models by name or algorithm" />
        </div>
        <table className="table" data-testid="models-table">
          <thead>
            <tr>
              <th>Compare</th>
              <SortTh table={table} column="name" label="Model" firstDir="asc" />
              <SortTh table={table} column="algorithm" label="Algorithm" firstDir="asc" />
              <SortTh table={table} column="auc" label="Holdout AUC" />
              <th>Log loss</th>
              <SortTh table={table} column="served" label="Served" />
              <SortTh table={table} column="createdAt" label="Trained" />
            </tr>
          </thead>
          <tbody>
            {data.items.map((m) => (
              <tr key={m.id}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Compare ${m.name} v${m.version}`}
                    checked={ticked(m.id)}
                    onChange={(e) =>
                      setCompared(
                        e.target.checked
                          ? // newest first, whatever order they were ticked in
                            [...compared, m].sort((a, b) => b.createdAt.localeCompare(a.createdAt))
                          : compared.filter((c) => c.id !== m.id),
                      )
                    }
                  />
                </td>
                <td>
                  <Link href={`/models/${m.id}`}>
                    {m.name} v{m.version}
                  </Link>
                </td>
                <td>{m.algorithm}</td>
                <td>{f.number(m.metrics.holdout.auc, 4)}</td>
                <td>{f.number(m.metrics.holdout.logLoss, 4)}</td>
                <td>
                  {m.isActive ? (
                    <span className="badge ok">served</span>
                  ) : m.isCandidate ? (
                    <span className="badge">candidate</span>
                  ) : (
                    ''
                  )}
                </td>
                <td data-volatile>{m.createdAt.slice(0, 16).replace('T', ' ')}</td>
              </tr>
            ))}
            {data.items.length === 0 && (
              <tr>
                <td colSpan={7} className="muted">
                  No model’s name or algorithm contains “{table.params.q}”.
                </td>
              </tr>
            )}
          </tbody>
        </table>
        <Pager table={table} page={data} busy={isPlaceholderData} noun="model versions" testId="models-pager" />
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
