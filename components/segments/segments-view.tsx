'use client';

import { useState } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  ErrorBar,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { ChartFrame } from '@/components/ui/chart-frame';
import { EmptyState } from '@/components/ui/empty-state';
import { type SegmentRow, useRenameSegment, useSegments } from '@/lib/client/hooks/use-segments';

const COLORS = [
  '#3b5bdb',
  '#e8590c',
  '#2b8a3e',
  '#ae3ec9',
  '#1098ad',
  '#f08c00',
  '#c2255c',
  '#5c940d',
  '#495057',
  '#862e9c',
];
const color = (c: number) => (c < 0 ? '#adb5bd' : COLORS[c % COLORS.length]);

export function SegmentsView({ canEdit }: { canEdit: boolean }) {
  const { data, error } = useSegments();
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
  const byCluster = new Map(run.segments.map((s) => [s.clusterIndex, s.name]));
  return (
    <>
      <p className="subtitle" data-testid="segmentation-summary">
        Latest run:{' '}
        {m.algorithm === 'kmeans'
          ? `k-means, k = ${m.k}`
          : `DBSCAN, eps ${m.eps?.toFixed(3)} (suggested ${m.epsSuggested?.toFixed(3)}), ${m.noise} noise customers`}{' '}
        over {m.customers.toLocaleString('en-GB')} customers
        {m.silhouette && (
          <>
            {' '}
            · silhouette {m.silhouette.score.toFixed(3)}
            {m.silhouette.sampled ? ` (on a sample of ${m.silhouette.n.toLocaleString('en-GB')})` : ''}
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
                        background: color(s.clusterIndex),
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
                  <td>{s.size.toLocaleString('en-GB')}</td>
                  <td>{(s.profile.share * 100).toFixed(1)}%</td>
                  <td>{r0 && r20 ? `${(r0.rate * 100).toFixed(1)}% → ${(r20.rate * 100).toFixed(1)}%` : '—'}</td>
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
        <ChartFrame
          title={`Customers on the first two principal components (${m.explainedVariance.map((v) => v.toFixed(2)).join(' + ')} of variance)`}
          height={320}
          testId="chart-pca"
        >
          <ScatterChart>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis type="number" dataKey="x" name="PC1" tickFormatter={(v) => v.toFixed(1)} />
            <YAxis type="number" dataKey="y" name="PC2" tickFormatter={(v) => v.toFixed(1)} />
            <Tooltip />
            <Legend />
            {[...new Set(m.projection.map((p) => p.c))]
              .sort((a, b) => a - b)
              .map((c) => (
                <Scatter
                  key={c}
                  name={byCluster.get(c) ?? `cluster ${c}`}
                  data={m.projection.filter((p) => p.c === c)}
                  fill={color(c)}
                  opacity={0.6}
                />
              ))}
          </ScatterChart>
        </ChartFrame>
        {m.elbow && (
          <ChartFrame
            title={`Choosing k: inertia (elbow) and silhouette${m.silhouetteSampled ? ' (sampled)' : ''}`}
            height={320}
            testId="chart-elbow"
          >
            <LineChart data={m.elbow}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="k" />
              <YAxis yAxisId="i" tickFormatter={(v) => Math.round(v).toLocaleString('en-GB')} />
              <YAxis yAxisId="s" orientation="right" domain={[0, 'auto']} tickFormatter={(v) => v.toFixed(2)} />
              <Tooltip />
              <Legend />
              <Line yAxisId="i" dataKey="inertia" stroke="#3b5bdb" />
              <Line yAxisId="s" dataKey="silhouette" stroke="#e8590c" />
              {m.k && <ReferenceLine yAxisId="i" x={m.k} stroke="#2b8a3e" label="chosen" />}
            </LineChart>
          </ChartFrame>
        )}
        {m.kDistance && (
          <ChartFrame title="Sorted k-distance curve (the knee suggests eps)" height={320} testId="chart-kdistance">
            <LineChart data={m.kDistance.map((d, i) => ({ i, d }))}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="i" />
              <YAxis tickFormatter={(v) => v.toFixed(2)} />
              <Tooltip />
              <ReferenceLine y={m.epsSuggested} stroke="#e8590c" label="suggested eps" />
              <Line dataKey="d" stroke="#3b5bdb" dot={false} />
            </LineChart>
          </ChartFrame>
        )}
        <ChartFrame
          title={`${seg.name}: feature means relative to everyone (1 = average)`}
          height={300}
          testId="chart-profile"
        >
          <BarChart
            data={seg.profile.features.map((f) => ({ ...f, ratio: f.ratio ?? 0 }))}
            layout="vertical"
            margin={{ left: 60 }}
          >
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis type="number" />
            <YAxis type="category" dataKey="feature" width={130} interval={0} />
            <Tooltip formatter={(v) => Number(v).toFixed(2)} />
            <ReferenceLine x={1} stroke="#495057" />
            <Bar dataKey="ratio" fill={color(seg.clusterIndex)} />
          </BarChart>
        </ChartFrame>
        <ChartFrame
          title={`${seg.name}: observed conversion by discount (95% Wilson intervals)`}
          height={300}
          testId="chart-response"
        >
          <BarChart
            data={seg.profile.response.map((r) => ({
              label: `${r.discountPct}%`,
              rate: r.rate,
              err: [r.rate - r.ci[0], r.ci[1] - r.rate],
            }))}
          >
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="label" />
            <YAxis tickFormatter={(v) => `${(v * 100).toFixed(0)}%`} />
            <Tooltip formatter={(v) => (Array.isArray(v) ? '' : `${(Number(v) * 100).toFixed(1)}%`)} />
            <Bar dataKey="rate" fill={color(seg.clusterIndex)}>
              <ErrorBar dataKey="err" width={6} stroke="#212529" />
            </Bar>
          </BarChart>
        </ChartFrame>
      </div>
    </>
  );
}
