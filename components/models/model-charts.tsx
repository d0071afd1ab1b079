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
import { ChartFrame } from '@/components/ui/chart-frame';
import type { ModelMetrics } from '@/lib/client/hooks/use-models';

const COLORS = ['#3b5bdb', '#e8590c', '#2b8a3e', '#ae3ec9', '#1098ad'];
const f3 = (v: unknown) => Number(v).toFixed(3);

/** ROC curves of one or more models, overlaid, with the chance diagonal. */
export function RocChart({ series }: { series: { label: string; roc: ModelMetrics['curves']['roc'] }[] }) {
  return (
    <ChartFrame title="ROC curve (holdout)" height={300} testId="chart-roc">
      <LineChart margin={{ right: 16 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis
          type="number"
          dataKey="fpr"
          domain={[0, 1]}
          tickFormatter={(v) => v.toFixed(1)}
          label={{ value: 'false positive rate', position: 'insideBottom', offset: -2 }}
        />
        <YAxis type="number" dataKey="tpr" domain={[0, 1]} tickFormatter={(v) => v.toFixed(1)} />
        <Tooltip formatter={f3} labelFormatter={(v) => `FPR ${f3(v)}`} />
        <Legend verticalAlign="top" />
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
            stroke={COLORS[i % COLORS.length]}
            dot={false}
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </ChartFrame>
  );
}

export function CalibrationChart({ metrics }: { metrics: ModelMetrics }) {
  return (
    <ChartFrame title="Calibration (reliability curve, holdout)" height={300} testId="chart-calibration">
      <ScatterChart>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis
          type="number"
          dataKey="meanPredicted"
          name="mean predicted"
          domain={[0, 'dataMax']}
          tickFormatter={(v) => v.toFixed(2)}
        />
        <YAxis
          type="number"
          dataKey="fractionPositive"
          name="observed rate"
          domain={[0, 'dataMax']}
          tickFormatter={(v) => v.toFixed(2)}
        />
        <ZAxis type="number" dataKey="count" range={[40, 400]} name="rows" />
        <Tooltip formatter={f3} />
        <ReferenceLine
          segment={[
            { x: 0, y: 0 },
            { x: 1, y: 1 },
          ]}
          stroke="#adb5bd"
          strokeDasharray="4 4"
          ifOverflow="hidden"
        />
        <Scatter data={metrics.curves.calibration} fill="#3b5bdb" line />
      </ScatterChart>
    </ChartFrame>
  );
}

export function LiftChart({ metrics }: { metrics: ModelMetrics }) {
  return (
    <ChartFrame title="Lift by decile (holdout; decile 1 = highest scores)" height={300} testId="chart-lift">
      <BarChart data={metrics.curves.lift}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="decile" />
        <YAxis />
        <Tooltip formatter={f3} />
        <ReferenceLine y={1} stroke="#adb5bd" strokeDasharray="4 4" />
        <Bar dataKey="lift" fill="#3b5bdb" />
      </BarChart>
    </ChartFrame>
  );
}

export function LearningChart({ metrics }: { metrics: ModelMetrics }) {
  if (!metrics.curves.learning?.length) return null;
  return (
    <ChartFrame title="Learning curve (final fit)" height={300} testId="chart-learning">
      <LineChart data={metrics.curves.learning}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="epoch" />
        <YAxis tickFormatter={(v) => v.toFixed(3)} domain={['auto', 'auto']} />
        <Tooltip formatter={f3} />
        <Legend verticalAlign="top" />
        <Line dataKey="trainLoss" name="training loss" stroke="#3b5bdb" dot={false} />
        <Line dataKey="validationLoss" name="validation loss" stroke="#e8590c" dot={false} />
      </LineChart>
    </ChartFrame>
  );
}

/** Qini curves of the model's uplift scores on the holdout, one per discount level against no discount. */
export function QiniChart({ metrics }: { metrics: ModelMetrics }) {
  if (!metrics.uplift?.length) return null;
  return (
    <ChartFrame
      title="Uplift: Qini curves on the holdout (each level vs no discount)"
      height={300}
      testId="chart-qini"
      data={metrics.uplift.map(({ qini, ...rest }) => rest)}
    >
      <LineChart margin={{ right: 16 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis
          type="number"
          dataKey="k"
          tickFormatter={(v) => String(Math.round(v))}
          label={{ value: 'customers targeted', position: 'insideBottom', offset: -2 }}
        />
        <YAxis tickFormatter={(v) => Number(v).toFixed(0)} />
        <Tooltip formatter={f3} />
        <Legend verticalAlign="top" />
        {metrics.uplift.map((u, i) => (
          <Line
            key={u.discountPct}
            data={u.qini}
            dataKey="qini"
            name={`${u.discountPct}% (AUUC ${u.auuc.toFixed(3)})`}
            stroke={COLORS[i % COLORS.length]}
            dot={false}
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </ChartFrame>
  );
}
