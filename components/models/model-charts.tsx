'use client';

import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
  ZAxis,
} from 'recharts';
import {
  distinctSeriesColors,
  seriesColor,
  seriesWithData,
  TITLED_MARGIN,
  TOP_LEGEND,
  useValueAxis,
  xTitle,
  yTitle,
} from '@/components/charts/axes';
import { ChartFrame } from '@/components/ui/chart-frame';
import { useFormat } from '@/components/ui/format-provider';
import type { ModelMetrics } from '@/lib/client/hooks/use-models';

/** ROC curves of one or more models, overlaid, with the chance diagonal. */
export function RocChart({ series }: { series: { label: string; roc: ModelMetrics['curves']['roc'] }[] }) {
  const f = useFormat();
  const x = useValueAxis('probability', [0, 1]);
  const y = useValueAxis('probability', [0, 1]);
  return (
    <ChartFrame
      title="ROC curve (holdout)"
      height={320}
      testId="chart-roc"
      data={series.flatMap((s) => s.roc.map((p) => ({ model: s.label, fpr: p.fpr, tpr: p.tpr })))}
    >
      <LineChart margin={TITLED_MARGIN}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis {...x} dataKey="fpr" {...xTitle('false positive rate')} />
        <YAxis {...y} dataKey="tpr" {...yTitle(y.width, 'true positive rate')} />
        <Tooltip formatter={(v) => f.number(Number(v), 3)} labelFormatter={(v) => `FPR ${f.number(Number(v), 3)}`} />
        <Legend {...TOP_LEGEND} />
        <ReferenceLine
          segment={[
            { x: 0, y: 0 },
            { x: 1, y: 1 },
          ]}
          stroke="#adb5bd"
          strokeDasharray="4 4"
        />
        {series.map((s, i) => (
          <Line
            key={s.label}
            data={s.roc}
            dataKey="tpr"
            name={s.label}
            stroke={series.length === 1 ? seriesColor(s.label) : seriesColor(`${s.label}#${i}`)}
            dot={false}
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </ChartFrame>
  );
}

export function CalibrationChart({ metrics }: { metrics: ModelMetrics }) {
  const f = useFormat();
  const pts = metrics.curves.calibration;
  const top = Math.max(0.05, ...pts.map((p) => Math.max(p.meanPredicted, p.fractionPositive)));
  const x = useValueAxis('share', [0, top], { count: 4 });
  const y = useValueAxis('share', [0, top], { count: 4 });
  return (
    <ChartFrame title="Calibration (reliability curve, holdout)" height={320} testId="chart-calibration" data={pts}>
      <ScatterChart margin={TITLED_MARGIN}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis {...x} dataKey="meanPredicted" name="mean predicted" {...xTitle('predicted rate')} />
        <YAxis {...y} dataKey="fractionPositive" name="observed rate" {...yTitle(y.width, 'observed rate')} />
        <ZAxis type="number" dataKey="count" range={[40, 400]} name="rows" />
        <Tooltip formatter={(v, name) => (name === 'rows' ? f.number(Number(v), 0) : f.pct(Number(v)))} />
        <ReferenceLine
          segment={[
            { x: 0, y: 0 },
            { x: x.domain[1], y: x.domain[1] },
          ]}
          stroke="#adb5bd"
          strokeDasharray="4 4"
          ifOverflow="hidden"
        />
        <Scatter isAnimationActive={false} data={pts} fill="#3b5bdb" line />
      </ScatterChart>
    </ChartFrame>
  );
}

export function LiftChart({ metrics }: { metrics: ModelMetrics }) {
  const f = useFormat();
  const y = useValueAxis(
    'number',
    metrics.curves.lift.map((d) => d.lift),
    { zero: true, count: 4 },
  );
  return (
    <ChartFrame
      title="Lift by decile (holdout; decile 1 = highest scores)"
      height={320}
      testId="chart-lift"
      data={metrics.curves.lift}
    >
      <BarChart data={metrics.curves.lift} margin={TITLED_MARGIN}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="decile" {...xTitle('score decile')} />
        <YAxis {...y} />
        <Tooltip formatter={(v) => `${f.number(Number(v), 2)}×`} />
        <ReferenceLine y={1} stroke="#adb5bd" strokeDasharray="4 4" />
        <Bar isAnimationActive={false} dataKey="lift" name="lift" fill="#3b5bdb" />
      </BarChart>
    </ChartFrame>
  );
}

const LOSS_SERIES = [
  { key: 'trainLoss', name: 'training loss', color: '#3b5bdb' },
  { key: 'validationLoss', name: 'validation loss', color: '#e8590c' },
] as const;

export function LearningChart({ metrics }: { metrics: ModelMetrics }) {
  const f = useFormat();
  const rows = metrics.curves.learning ?? [];
  const shown = seriesWithData(rows, ['trainLoss', 'validationLoss']);
  const y = useValueAxis(
    'number',
    rows.flatMap((r) => shown.map((k) => r[k as 'trainLoss' | 'validationLoss'] ?? Number.NaN)),
    { count: 4 },
  );
  if (!rows.length || !shown.length) return null;
  return (
    <ChartFrame title="Learning curve (final fit)" height={320} testId="chart-learning" data={rows}>
      <LineChart data={rows} margin={TITLED_MARGIN}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="epoch" {...xTitle('round / epoch')} />
        <YAxis {...y} />
        <Tooltip formatter={(v) => f.number(Number(v), 4)} />
        <Legend {...TOP_LEGEND} />
        {LOSS_SERIES.filter((s) => shown.includes(s.key)).map((s) => (
          <Line key={s.key} dataKey={s.key} name={s.name} stroke={s.color} dot={false} isAnimationActive={false} />
        ))}
      </LineChart>
    </ChartFrame>
  );
}

/** Qini curves of the model's uplift scores on the holdout, one per discount level (or arm) against the control. */
export function QiniChart({ metrics }: { metrics: ModelMetrics }) {
  const f = useFormat();
  // levels in ascending order, each with its own colour, named short enough that the legend fits a narrow card
  const uplift = [...(metrics.uplift ?? [])].sort((a, b) => (a.discountPct ?? 0) - (b.discountPct ?? 0));
  const seriesName = (u: (typeof uplift)[number]) => u.arm ?? `${u.discountPct}% off`;
  const colors = distinctSeriesColors(uplift.map(seriesName));
  const x = useValueAxis(
    'integer',
    uplift.flatMap((u) => u.qini.map((p) => p.k)),
    { count: 5 },
  );
  const y = useValueAxis(
    'number',
    uplift.flatMap((u) => u.qini.map((p) => p.qini)),
    { zero: true, count: 4 },
  );
  if (!uplift.length) return null;
  return (
    <ChartFrame
      title={
        uplift[0].arm !== undefined
          ? `Uplift: Qini curves on the holdout (each arm vs ${uplift[0].control})`
          : 'Uplift: Qini curves on the holdout (each level vs no discount)'
      }
      height={320}
      testId="chart-qini"
      data={uplift.map(({ qini, ...rest }) => rest)}
    >
      <LineChart margin={TITLED_MARGIN}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis {...x} dataKey="k" {...xTitle('customers targeted, best first')} />
        <YAxis {...y} {...yTitle(y.width, 'extra conversions')} />
        <Tooltip
          formatter={(v) => f.number(Number(v), 1)}
          labelFormatter={(v) => `${f.number(Number(v), 0)} targeted`}
        />
        <Legend {...TOP_LEGEND} />
        {uplift.map((u) => (
          <Line
            key={u.arm ?? u.discountPct}
            data={u.qini}
            dataKey="qini"
            name={`${seriesName(u)} (AUUC ${f.number(u.auuc, 3)})`}
            stroke={colors[seriesName(u)]}
            dot={false}
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </ChartFrame>
  );
}
