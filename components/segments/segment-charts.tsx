'use client';

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
import { categoryAxisWidth, seriesColor, TITLED_MARGIN, useValueAxis, xTitle, yTitle } from '@/components/charts/axes';
import { circleShape } from '@/components/charts/dot';
import { ChartFrame } from '@/components/ui/chart-frame';
import { useFormat } from '@/components/ui/format-provider';
import type { SegmentRow, SegmentRun } from '@/lib/client/hooks/use-segments';

const NOISE = '#adb5bd';

/** A segment's colour follows its name, so a segment keeps its colour on every page and across runs. */
export function segmentColor(name: string, clusterIndex: number): string {
  return clusterIndex < 0 ? NOISE : seriesColor(name);
}

export function PcaChart({ run }: { run: SegmentRun }) {
  const f = useFormat();
  const m = run.metrics;
  const x = useValueAxis(
    'number',
    m.projection.map((p) => p.x),
    { count: 5 },
  );
  const y = useValueAxis(
    'number',
    m.projection.map((p) => p.y),
    { count: 5 },
  );
  const byCluster = new Map(run.segments.map((s) => [s.clusterIndex, s.name]));
  // every segment gets a legend entry, even one too small to fall in the plotted sample of customers
  const clusters = [...new Set([...m.projection.map((p) => p.c), ...run.segments.map((s) => s.clusterIndex)])].sort(
    (a, b) => a - b,
  );
  return (
    <ChartFrame
      title={
        m.explainedVarianceRatio
          ? `Customers on the first two principal components (${m.explainedVarianceRatio.map((v) => f.pct(v, { digits: 0 })).join(' + ')} of the variance)`
          : `Customers on the first two principal components (variances ${m.explainedVariance.map((v) => f.number(v, 2)).join(' and ')})`
      }
      height={340}
      testId="chart-pca"
      data={m.projection.map((p) => ({ segment: byCluster.get(p.c) ?? `cluster ${p.c}`, pc1: p.x, pc2: p.y }))}
    >
      <ScatterChart margin={TITLED_MARGIN}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis {...x} dataKey="x" name="PC1" {...xTitle('PC1')} />
        <YAxis {...y} dataKey="y" name="PC2" {...yTitle(y.width, 'PC2')} />
        <Tooltip formatter={(v) => f.number(Number(v), 2)} />
        <Legend verticalAlign="top" />
        {clusters.map((c) => {
          const name = byCluster.get(c) ?? `cluster ${c}`;
          return (
            <Scatter
              isAnimationActive={false}
              key={c}
              name={name}
              data={m.projection.filter((p) => p.c === c)}
              fill={segmentColor(name, c)}
              opacity={0.6}
              shape={PCA_DOT}
            />
          );
        })}
      </ScatterChart>
    </ChartFrame>
  );
}

/** recharts' default dot size (area 64), drawn as a bare circle: the projection sample is thousands of dots */
const PCA_DOT = circleShape(4.5);

export function ElbowChart({ run }: { run: SegmentRun }) {
  const f = useFormat();
  const m = run.metrics;
  const elbow = m.elbow ?? [];
  const inertia = useValueAxis(
    'number',
    elbow.map((e) => e.inertia),
    { zero: true, count: 4 },
  );
  const silhouette = useValueAxis(
    'number',
    elbow.map((e) => e.silhouette),
    { zero: true, count: 4 },
  );
  return (
    <ChartFrame
      title={`Choosing k: inertia (elbow) and silhouette${m.silhouetteSampled ? ' (sampled)' : ''}`}
      height={340}
      testId="chart-elbow"
      data={elbow}
    >
      <LineChart data={elbow} margin={{ ...TITLED_MARGIN, top: 24 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="k" {...xTitle('k (segments)')} />
        {/* inertia on the left, silhouette on the right: the legend below names both */}
        <YAxis yAxisId="i" {...inertia} />
        <YAxis yAxisId="s" orientation="right" {...silhouette} />
        <Tooltip formatter={(v, name) => f.number(Number(v), name === 'silhouette' ? 3 : 0)} />
        {/* padding keeps the legend clear of the axis title above it */}
        <Legend verticalAlign="bottom" wrapperStyle={{ paddingTop: 12 }} />
        <Line isAnimationActive={false} yAxisId="i" dataKey="inertia" stroke="#3b5bdb" />
        <Line isAnimationActive={false} yAxisId="s" dataKey="silhouette" stroke="#e8590c" />
        {m.k && (
          <ReferenceLine
            yAxisId="i"
            x={m.k}
            stroke="#2b8a3e"
            strokeDasharray="4 4"
            // above the plot area, so it never sits on a tick label
            label={{ value: `chosen k = ${m.k}`, position: 'top', fill: '#2b8a3e', fontSize: 12 }}
          />
        )}
      </LineChart>
    </ChartFrame>
  );
}

export function KDistanceChart({ run }: { run: SegmentRun }) {
  const f = useFormat();
  const m = run.metrics;
  const rows = (m.kDistance ?? []).map((d, i) => ({ rank: i + 1, distance: d }));
  const y = useValueAxis(
    'number',
    rows.map((r) => r.distance),
    { zero: true, count: 4 },
  );
  return (
    <ChartFrame
      title="Sorted k-distance curve (the knee suggests eps)"
      height={340}
      testId="chart-kdistance"
      data={rows}
    >
      <LineChart data={rows} margin={{ ...TITLED_MARGIN, top: 24 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis
          dataKey="rank"
          type="number"
          domain={[1, Math.max(1, rows.length)]}
          tickFormatter={(v) => f.number(Number(v), 0)}
          {...xTitle('customers, by distance')}
        />
        <YAxis {...y} />
        <Tooltip formatter={(v) => f.number(Number(v), 3)} />
        {m.epsSuggested !== undefined && (
          <ReferenceLine
            y={m.epsSuggested}
            stroke="#e8590c"
            strokeDasharray="4 4"
            label={{ value: `suggested eps ${f.number(m.epsSuggested, 3)}`, position: 'insideTopLeft', fontSize: 12 }}
          />
        )}
        <Line isAnimationActive={false} dataKey="distance" stroke="#3b5bdb" dot={false} />
      </LineChart>
    </ChartFrame>
  );
}

export function ProfileChart({ seg }: { seg: SegmentRow }) {
  const f = useFormat();
  const rows = seg.profile.features.map((p) => ({ feature: p.feature, ratio: p.ratio ?? 0 }));
  const x = useValueAxis(
    'number',
    rows.map((r) => r.ratio),
    { zero: true, count: 4 },
  );
  return (
    <ChartFrame
      title={`${seg.name}: feature means relative to everyone (1 = average)`}
      height={Math.max(300, rows.length * 22 + 60)}
      testId="chart-profile"
      data={seg.profile.features}
    >
      <BarChart data={rows} layout="vertical" margin={TITLED_MARGIN}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis {...x} {...xTitle('× average')} />
        <YAxis type="category" dataKey="feature" width={categoryAxisWidth(rows.map((r) => r.feature))} interval={0} />
        <Tooltip formatter={(v) => `${f.number(Number(v), 2)}×`} />
        <ReferenceLine x={1} stroke="#495057" />
        <Bar isAnimationActive={false} dataKey="ratio" name="ratio" fill={segmentColor(seg.name, seg.clusterIndex)} />
      </BarChart>
    </ChartFrame>
  );
}

export function ResponseChart({ seg }: { seg: SegmentRow }) {
  const f = useFormat();
  const rows = seg.profile.response.map((r) => ({
    discount: `${r.discountPct}%`,
    rate: r.rate,
    err: [r.rate - r.ci[0], r.ci[1] - r.rate],
  }));
  const y = useValueAxis('share', [0, ...seg.profile.response.map((r) => r.ci[1])], { count: 4 });
  if (!seg.profile.response.some((r) => r.exposures > 0))
    return (
      <div className="card chart-card" data-testid="chart-response">
        <h3>{seg.name}: observed conversion by discount</h3>
        <p className="muted small">
          No offer has been shown to this segment’s customers yet, so there is no response to draw.
        </p>
      </div>
    );
  return (
    <ChartFrame
      title={`${seg.name}: observed conversion by discount (95% Wilson intervals)`}
      height={320}
      testId="chart-response"
      data={seg.profile.response.map((r) => ({
        discountPct: r.discountPct,
        exposures: r.exposures,
        conversions: r.conversions,
        rate: r.rate,
        low: r.ci[0],
        high: r.ci[1],
      }))}
    >
      <BarChart data={rows} margin={TITLED_MARGIN}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="discount" {...xTitle('discount')} />
        <YAxis {...y} />
        <Tooltip formatter={(v) => (Array.isArray(v) ? '' : f.pct(Number(v)))} />
        <Bar isAnimationActive={false} dataKey="rate" name="conversion" fill={segmentColor(seg.name, seg.clusterIndex)}>
          <ErrorBar dataKey="err" width={6} stroke="#212529" />
        </Bar>
      </BarChart>
    </ChartFrame>
  );
}
