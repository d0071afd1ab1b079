'use client';

import { useState } from 'react';
import { EmptyState } from '@/components/ui/empty-state';
import { useFormat } from '@/components/ui/format-provider';
import { Select } from '@/components/ui/select';
import { type SegmentRow, useRenameSegment, useSegments } from '@/lib/client/hooks/use-segments';
import { ElbowChart, KDistanceChart, PcaChart, ProfileChart, ResponseChart, segmentColor } from './segment-charts';

export function SegmentsView({ canEdit }: { canEdit: boolean }) {
  const f = useFormat();
  // undefined = the latest run; older runs stay selectable (policies built on them still point there)
  const [runId, setRunId] = useState<string | undefined>(undefined);
  const { data, error } = useSegments(runId);
  const rename = useRenameSegment();
  const [selected, setSelected] = useState<string | null>(null);
  const [names, setNames] = useState<Record<string, string>>({});
  if (error)
    return (
      <div className="alert error" role="alert">
        {error.message}
      </div>
    );
  if (!data) return <p className="muted">Loading…</p>;
  const run = data.run;
  if (!run)
    return (
      <EmptyState title="No segmentation has been run yet">
        Run one above; the segments, their profiles and their response to each discount appear here.
      </EmptyState>
    );
  const m = run.metrics;
  const seg: SegmentRow = run.segments.find((s) => s.id === selected) ?? run.segments[0];
  return (
    <>
      <div className="row" style={{ alignItems: 'flex-end', gap: 12 }}>
        <div className="field" style={{ margin: 0, minWidth: 340 }}>
          <label htmlFor="segmentation-run">Segmentation run</label>
          <Select
            id="segmentation-run"
            label="Segmentation run"
            value={run.id}
            onChange={(id) => {
              setRunId(id === data.runs[0]?.id ? undefined : id);
              setSelected(null);
            }}
            options={data.runs.map((r, i) => ({
              value: r.id,
              label: `${r.finishedAt.slice(0, 16).replace('T', ' ')} · ${methodName(r.algorithm)} · ${f.number(r.segments, 0)} segments${i === 0 ? ' (latest)' : ''}`,
            }))}
          />
        </div>
        <span className="small muted">
          {f.number(data.runs.length, 0)} {data.runs.length === 1 ? 'run' : 'runs'}; names carry to the next run’s
          matching segments
        </span>
      </div>
      <p className="subtitle" data-testid="segmentation-summary">
        {run.id === data.runs[0]?.id ? 'Latest run' : 'Older run'}:{' '}
        {m.algorithm === 'kmeans'
          ? `k-means, k = ${m.k}`
          : `DBSCAN, eps ${f.number(m.eps, 3)} (suggested ${f.number(m.epsSuggested, 3)}), ${f.number(m.noise, 0)} noise customers`}{' '}
        over {f.number(m.customers, 0)} customers
        {m.silhouette && (
          <>
            {' '}
            · silhouette {f.number(m.silhouette.score, 3)}
            {m.silhouette.sampled ? ` (on a sample of ${f.number(m.silhouette.n, 0)})` : ''}
          </>
        )}
      </p>
      <div className="card">
        <table className="table" data-testid="segments-table">
          <thead>
            <tr>
              <th />
              <th>Segment</th>
              <th>Customers</th>
              <th>Share</th>
              <th>Conversion at 0% → 20%</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {run.segments.map((s) => {
              const r0 = s.profile.response.find((r) => r.discountPct === 0),
                r20 = s.profile.response.find((r) => r.discountPct === 20);
              return (
                <tr key={s.id} style={s.id === seg.id ? { background: '#f1f3ff' } : undefined}>
                  <td>
                    <span
                      style={{
                        display: 'inline-block',
                        width: 12,
                        height: 12,
                        borderRadius: 6,
                        background: segmentColor(s.name, s.clusterIndex),
                      }}
                    />
                  </td>
                  <td>
                    {canEdit ? (
                      <form
                        className="row"
                        style={{ gap: 4 }}
                        onSubmit={(e) => {
                          e.preventDefault();
                          rename.mutate({ id: s.id, name: names[s.id] ?? s.name });
                        }}
                      >
                        <input
                          aria-label={`Name of ${s.name}`}
                          value={names[s.id] ?? s.name}
                          onChange={(e) => setNames({ ...names, [s.id]: e.target.value })}
                        />
                        <button className="btn" type="submit">
                          Save
                        </button>
                      </form>
                    ) : (
                      s.name
                    )}
                  </td>
                  <td>{f.number(s.size, 0)}</td>
                  <td>{f.pct(s.profile.share)}</td>
                  <td>{r0 && r20 ? `${f.pct(r0.rate)} → ${f.pct(r20.rate)}` : '—'}</td>
                  <td>
                    <button className="btn" type="button" onClick={() => setSelected(s.id)}>
                      Profile
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {rename.error && (
          <div className="alert error" role="alert">
            {rename.error.message}
          </div>
        )}
      </div>
      <div className="charts">
        <PcaChart run={run} />
        {m.elbow && <ElbowChart run={run} />}
        {m.kDistance && <KDistanceChart run={run} />}
        <ProfileChart seg={seg} />
        <ResponseChart seg={seg} />
      </div>
    </>
  );
}

function methodName(algorithm: string): string {
  return algorithm === 'kmeans' ? 'k-means' : algorithm === 'dbscan' ? 'DBSCAN' : algorithm;
}
