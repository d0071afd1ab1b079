'use client';

import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  ComposedChart,
  ErrorBar,
  Line,
  ReferenceLine,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
  ZAxis,
} from 'recharts';
import { categoryAxisWidth, TITLED_MARGIN, useValueAxis, xTitle, yTitle } from '@/components/charts/axes';
import { circleShape } from '@/components/charts/dot';
import { ChartFrame } from '@/components/ui/chart-frame';
import { useFormat } from '@/components/ui/format-provider';
import type { GlobalExplanation } from '@/lib/client/hooks/use-models';

/** Height that gives every category row about 26 px, so names never overlap. */
const rowsHeight = (n: number, min = 300) => Math.max(min, n * 26 + 80);

export function PermutationChart({ data }: { data: GlobalExplanation['permutation'] }) {
  const f = useFormat();
  const x = useValueAxis(
    'number',
    data.flatMap((p) => [p.mean - p.std, p.mean + p.std]),
    { zero: true, count: 4 },
  );
  return (
    <ChartFrame
      title="Permutation importance (AUC drop, ± std over 5 shuffles)"
      height={rowsHeight(data.length)}
      testId="chart-permutation"
      data={data}
    >
      <BarChart data={data.map((p) => ({ ...p, err: p.std }))} layout="vertical" margin={TITLED_MARGIN}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis {...x} {...xTitle('AUC drop when shuffled')} />
        <YAxis type="category" dataKey="feature" width={categoryAxisWidth(data.map((p) => p.feature))} interval={0} />
        <Tooltip formatter={(v) => f.number(Number(v), 4)} />
        <ReferenceLine x={0} stroke="#495057" />
        <Bar isAnimationActive={false} dataKey="mean" name="AUC drop" fill="#3b5bdb">
          <ErrorBar dataKey="err" width={4} stroke="#212529" direction="x" />
        </Bar>
      </BarChart>
    </ChartFrame>
  );
}

export function ContributionImportanceChart({
  data,
  method,
  unit,
}: {
  data: NonNullable<GlobalExplanation['meanAbsContribution']>;
  method: string;
  /** what contributions add up to: log-odds (LR, GBDT) or probability (tree, forest) */
  unit: string;
}) {
  const f = useFormat();
  const x = useValueAxis(
    'number',
    data.map((d) => d.value),
    { zero: true, count: 4 },
  );
  return (
    <ChartFrame
      title={`Mean |contribution| (${method})`}
      height={rowsHeight(data.length)}
      testId="chart-shap-importance"
      data={data}
    >
      <BarChart data={data} layout="vertical" margin={TITLED_MARGIN}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis {...x} {...xTitle(`mean |contribution|, ${unit}`)} />
        <YAxis type="category" dataKey="feature" width={categoryAxisWidth(data.map((d) => d.feature))} interval={0} />
        <Tooltip formatter={(v) => f.number(Number(v), 4)} />
        <Bar isAnimationActive={false} dataKey="value" name="mean |contribution|" fill="#e8590c" />
      </BarChart>
    </ChartFrame>
  );
}

export interface BeeswarmPoint {
  contribution: number;
  row: number;
  level: number;
  feature: string;
}

/** the summary plot's dots: about 2,400, coloured by the feature value's rank */
const BeeswarmDot = circleShape<BeeswarmPoint>(3.5, (p) => `hsl(${240 - 240 * p.level}, 70%, 50%)`);

/** Each dot a customer, one row per feature (jittered), coloured by the feature's rank (blue low → red high). */
export function BeeswarmChart({
  points,
  features,
  unit,
}: {
  points: BeeswarmPoint[];
  features: string[];
  unit: string;
}) {
  const f = useFormat();
  const x = useValueAxis(
    'number',
    points.map((p) => p.contribution),
    { zero: true, count: 5 },
  );
  return (
    <ChartFrame
      title="Summary: each dot a customer; colour = feature value (blue low → red high)"
      height={rowsHeight(features.length, 360)}
      testId="chart-beeswarm"
      data={points.map((p) => ({ feature: p.feature, contribution: p.contribution, valueRank: p.level }))}
    >
      <ScatterChart margin={TITLED_MARGIN}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis {...x} dataKey="contribution" name="contribution" {...xTitle(`contribution, ${unit}`)} />
        <YAxis
          type="number"
          dataKey="row"
          domain={[0.5, features.length + 0.5]}
          ticks={features.map((_, i) => features.length - i)}
          interval={0}
          tickFormatter={(v) => features[features.length - v] ?? ''}
          width={categoryAxisWidth(features)}
        />
        <ZAxis range={[12, 12]} />
        <Tooltip formatter={(v, name) => (name === 'contribution' ? f.number(Number(v), 4) : '')} />
        <ReferenceLine x={0} stroke="#495057" />
        <Scatter data={points} isAnimationActive={false} shape={BeeswarmDot} />
      </ScatterChart>
    </ChartFrame>
  );
}

export function CoefficientsChart({ data }: { data: NonNullable<GlobalExplanation['coefficients']> }) {
  const f = useFormat();
  const x = useValueAxis(
    'number',
    data.flatMap((c) => [c.lo, c.hi]),
    { zero: true, count: 5 },
  );
  return (
    <ChartFrame
      title="Standardised coefficients with 95% intervals (log-odds per standard deviation)"
      height={rowsHeight(data.length, 420)}
      testId="chart-coefficients"
      data={data}
    >
      <BarChart
        data={data.map((c) => ({ ...c, err: [c.coef - c.lo, c.hi - c.coef] }))}
        layout="vertical"
        margin={TITLED_MARGIN}
      >
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis {...x} {...xTitle('log-odds per standard deviation')} />
        <YAxis type="category" dataKey="input" width={categoryAxisWidth(data.map((c) => c.input))} interval={0} />
        <Tooltip formatter={(v) => (Array.isArray(v) ? '' : f.number(Number(v), 4))} />
        <ReferenceLine x={0} stroke="#495057" />
        <Bar isAnimationActive={false} dataKey="coef" name="coefficient" fill="#2b8a3e">
          <ErrorBar dataKey="err" width={4} stroke="#212529" direction="x" />
        </Bar>
      </BarChart>
    </ChartFrame>
  );
}

export interface Dependence {
  grid: number[];
  pdp: number[];
  ice: number[][];
  dependence: { value: number; contribution: number }[] | null;
}

export function PdpChart({ dep, feature }: { dep: Dependence; feature: string }) {
  const f = useFormat();
  const x = useValueAxis('number', dep.grid, { count: 5 });
  // the range the curves span (a fixed 0–1 axis flattens a 9 % conversion into a line on the floor)
  const y = useValueAxis('share', [...dep.pdp, ...dep.ice.flat()], { count: 4 });
  const rows = dep.grid.map((v, i) => ({
    x: v,
    pdp: dep.pdp[i],
    ...Object.fromEntries(dep.ice.map((c, r) => [`ice${r}`, c[i]])),
  }));
  return (
    <ChartFrame
      title={`Partial dependence (blue) and ICE curves (grey) of ${feature}`}
      height={320}
      testId="chart-pdp"
      data={dep.grid.map((v, i) => ({ value: v, pdp: dep.pdp[i] }))}
    >
      <ComposedChart data={rows} margin={TITLED_MARGIN}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis {...x} dataKey="x" {...xTitle(feature)} />
        <YAxis {...y} {...yTitle(y.width, 'P(convert)')} />
        <Tooltip formatter={(v) => f.pct(Number(v), { digits: 2 })} />
        {dep.ice.map((_, r) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: static rows without identity, never reordered
          <Line key={r} dataKey={`ice${r}`} stroke="#ced4da" dot={false} isAnimationActive={false} legendType="none" />
        ))}
        <Line isAnimationActive={false} dataKey="pdp" name="partial dependence" stroke="#3b5bdb" strokeWidth={3} dot />
      </ComposedChart>
    </ChartFrame>
  );
}

export function DependenceScatter({
  points,
  feature,
  unit,
}: {
  points: NonNullable<Dependence['dependence']>;
  feature: string;
  unit: string;
}) {
  const f = useFormat();
  const x = useValueAxis(
    'number',
    points.map((p) => p.value),
    { count: 5 },
  );
  const y = useValueAxis(
    'number',
    points.map((p) => p.contribution),
    { zero: true, count: 4 },
  );
  return (
    <ChartFrame
      title={`Dependence: contribution of ${feature} (${unit}) against its value`}
      height={320}
      testId="chart-dependence"
      data={points}
    >
      <ScatterChart margin={TITLED_MARGIN}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis {...x} dataKey="value" name={feature} {...xTitle(feature)} />
        <YAxis {...y} dataKey="contribution" name="contribution" {...yTitle(y.width, unit)} />
        <ZAxis range={[16, 16]} />
        <Tooltip formatter={(v) => f.number(Number(v), 4)} />
        <ReferenceLine y={0} stroke="#495057" />
        <Scatter data={points} fill="#ae3ec9" isAnimationActive={false} />
      </ScatterChart>
    </ChartFrame>
  );
}

export function WaterfallChart({ rows, unit }: { rows: { name: string; contribution: number }[]; unit: string }) {
  const f = useFormat();
  const x = useValueAxis(
    'number',
    rows.map((r) => r.contribution),
    { zero: true, count: 5 },
  );
  return (
    <ChartFrame
      title="Largest contributions for this customer (green raises the score, red lowers it)"
      height={rowsHeight(rows.length, 320)}
      testId="chart-waterfall"
      data={rows}
    >
      <BarChart data={rows} layout="vertical" margin={TITLED_MARGIN}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis {...x} {...xTitle(`contribution, ${unit}`)} />
        <YAxis type="category" dataKey="name" width={categoryAxisWidth(rows.map((r) => r.name))} interval={0} />
        <Tooltip formatter={(v) => f.number(Number(v), 4)} />
        <ReferenceLine x={0} stroke="#495057" />
        <Bar isAnimationActive={false} dataKey="contribution" name="contribution">
          {rows.map((w, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: static rows without identity, never reordered
            <Cell key={i} fill={w.contribution >= 0 ? '#2b8a3e' : '#c92a2a'} />
          ))}
        </Bar>
      </BarChart>
    </ChartFrame>
  );
}
