'use client';

import {
  Area,
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  ComposedChart,
  Legend,
  Line,
  ReferenceLine,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { categoryAxisWidth, TITLED_MARGIN, useValueAxis } from '@/components/charts/axes';
import { ChartFrame } from '@/components/ui/chart-frame';
import { ComputedAt } from '@/components/ui/computed-at';
import { useFormat } from '@/components/ui/format-provider';
import { type ModelMonitoring, useModelMonitoring, useRecomputeModelMonitoring } from '@/lib/client/hooks/use-models';
import { PSI_DRIFT, PSI_WATCH } from '@/lib/models/feature-drift';

const LEVEL_WORDS = { stable: 'stable', watch: 'watch', drift: 'drifted' } as const;
const LEVEL_COLOURS = { stable: '#3b5bdb', watch: '#f08c00', drifted: '#c92a2a' } as const;

/** Predicted vs realised conversion of the model's logged decisions, and drift of its inputs since training. */
export function ModelMonitoringPanel({ id }: { id: string }) {
  const { data, error } = useModelMonitoring(id);
  const recompute = useRecomputeModelMonitoring(id);
  if (error)
    return (
      <div className="alert error" role="alert">
        {error.message}
      </div>
    );
  if (!data) return <p className="muted">Loading predicted vs realised…</p>;
  return (
    <div className="card" data-testid="model-monitoring">
      <h2 style={{ marginTop: 0 }}>Predicted vs realised</h2>
      <ComputedAt
        status={data.stored.status}
        computedAt={data.stored.computedAt === null ? null : String(data.stored.computedAt)}
        durationMs={data.stored.durationMs}
        error={data.stored.error}
        onRecompute={() => recompute.mutate()}
        pending={recompute.isPending}
      />
      <CalibrationSummary m={data} />
      <DriftSummary m={data} />
      <div className="charts">
        {data.calibration.bins.length > 0 && <DecileChart m={data} />}
        {data.drift.features.length > 0 && <DriftChart m={data} />}
      </div>
    </div>
  );
}

function CalibrationSummary({ m }: { m: ModelMonitoring }) {
  const f = useFormat();
  const c = m.calibration;
  const window = `the ${m.window.days} days to ${new Date(m.window.asOf).toISOString().slice(0, 10)} (the organisation's latest data)`;
  if (c.n === 0)
    return (
      <p className="small" data-testid="calibration-summary">
        No offer decision in {window} was scored by this model: only model-optimal policies that use it log its
        predicted conversion, so there is nothing to compare yet.
      </p>
    );
  const off = c.miscalibratedBins;
  return (
    <p className="small" data-testid="calibration-summary">
      Over {window}, {f.number(c.n, 0)} decisions scored by this model predicted {f.pct(c.meanPredicted, { digits: 1 })}{' '}
      conversion; {f.pct(c.realised, { digits: 1 })} converted (95 % interval {f.pct(c.realisedCi[0], { digits: 1 })}–
      {f.pct(c.realisedCi[1], { digits: 1 })}). Mean gap by decile {f.pct(c.ece, { digits: 1 })}
      {off === 0
        ? '; every decile’s prediction lies within its realised interval.'
        : `; in ${off} of ${c.bins.length} deciles the prediction lies outside the realised interval.`}
    </p>
  );
}

function DriftSummary({ m }: { m: ModelMonitoring }) {
  const f = useFormat();
  const d = m.drift;
  if (!d.worst)
    return (
      <p className="small" data-testid="drift-summary">
        No customer was offered anything in this window, so input drift cannot be measured yet.
      </p>
    );
  const drifted = d.features.filter((x) => x.level === 'drift');
  const watch = d.features.filter((x) => x.level === 'watch');
  const of =
    d.compared < d.customers
      ? `a random sample of ${f.number(d.compared, 0)} of the ${f.number(d.customers, 0)} customers`
      : `the ${f.number(d.customers, 0)} customers`;
  const who = d.population === 'scored' ? `${of} it scored` : `${of} offered anything (none was scored by this model)`;
  return (
    <p className="small" data-testid="drift-summary">
      Inputs of {who} against the training data ({f.number(d.trainingRows ?? 0, 0)} rows;{' '}
      {d.source === 'stored'
        ? 'distribution stored with this version when it was trained'
        : 'distribution recomputed from the training set rebuilt at its cut-off, since this version was trained before it was stored'}
      ):{' '}
      {drifted.length ? (
        <strong>{drifted.map((x) => x.name).join(', ')} drifted (PSI &gt; 0.2)</strong>
      ) : (
        'no input drifted'
      )}
      {watch.length ? `; ${watch.map((x) => x.name).join(', ')} to watch (PSI 0.1–0.2)` : ''}. Largest: {d.worst.name},
      PSI {f.number(d.worst.psi, 3)}.
    </p>
  );
}

function DecileChart({ m }: { m: ModelMonitoring }) {
  const f = useFormat();
  const rows = m.calibration.bins.map((b) => ({
    decile: `D${b.decile}`,
    customers: b.n,
    predicted: b.meanPredicted,
    realised: b.realised,
    interval: [b.ci[0], b.ci[1]] as [number, number],
  }));
  const y = useValueAxis(
    'share',
    rows.flatMap((r) => [r.predicted, r.interval[0], r.interval[1]]),
    { zero: true, count: 5 },
  );
  return (
    <ChartFrame
      title="Calibration by decile of predicted conversion (last 30 days)"
      height={300}
      testId="chart-live-calibration"
      data={rows.map((r) => ({
        decile: r.decile,
        decisions: r.customers,
        predicted: r.predicted,
        realised: r.realised,
        ci_low: r.interval[0],
        ci_high: r.interval[1],
      }))}
    >
      <ComposedChart data={rows} margin={TITLED_MARGIN}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis
          dataKey="decile"
          height={40}
          label={{ value: 'decile of predicted conversion', position: 'insideBottom', offset: -4 }}
        />
        <YAxis
          {...y}
          width={y.width + 18}
          label={{ value: 'conversion', angle: -90, position: 'insideLeft', offset: 4 }}
        />
        <Tooltip
          formatter={(v) =>
            Array.isArray(v)
              ? `${f.pct(Number(v[0]), { digits: 1 })}–${f.pct(Number(v[1]), { digits: 1 })}`
              : f.pct(Number(v), { digits: 1 })
          }
        />
        <Legend verticalAlign="top" />
        <Area
          dataKey="interval"
          name="realised, 95 % interval"
          stroke="none"
          fill="#2b8a3e"
          fillOpacity={0.15}
          isAnimationActive={false}
        />
        <Line dataKey="predicted" name="predicted" stroke="#3b5bdb" isAnimationActive={false} />
        <Line dataKey="realised" name="realised" stroke="#2b8a3e" isAnimationActive={false} />
      </ComposedChart>
    </ChartFrame>
  );
}

function DriftChart({ m }: { m: ModelMonitoring }) {
  const f = useFormat();
  const rows = m.drift.features.map((x) => ({ feature: x.name, psi: x.psi, level: LEVEL_WORDS[x.level] }));
  const x = useValueAxis('number', [0, PSI_DRIFT * 1.5, ...rows.map((r) => r.psi)], { zero: true, count: 5 });
  return (
    <ChartFrame
      title="Input drift since training (PSI per feature; dashed: 0.1 watch, 0.2 drift)"
      height={Math.max(220, rows.length * 22 + 60)}
      testId="chart-drift"
      data={m.drift.features.flatMap((d) =>
        d.bins.map((b) => ({
          feature: d.name,
          psi: d.psi,
          level: LEVEL_WORDS[d.level],
          bin: b.label,
          training: b.training,
          recent: b.recent,
        })),
      )}
    >
      <BarChart data={rows} layout="vertical" margin={TITLED_MARGIN}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis {...x} height={40} label={{ value: 'PSI', position: 'insideBottom', offset: -4 }} />
        <YAxis type="category" dataKey="feature" width={categoryAxisWidth(rows.map((r) => r.feature))} interval={0} />
        <Tooltip formatter={(v) => f.number(Number(v), 3)} />
        <ReferenceLine x={PSI_WATCH} stroke="#f08c00" strokeDasharray="4 4" />
        <ReferenceLine x={PSI_DRIFT} stroke="#c92a2a" strokeDasharray="4 4" />
        <Bar dataKey="psi" name="PSI" isAnimationActive={false}>
          {rows.map((r) => (
            <Cell key={r.feature} fill={LEVEL_COLOURS[r.level]} />
          ))}
        </Bar>
      </BarChart>
    </ChartFrame>
  );
}
