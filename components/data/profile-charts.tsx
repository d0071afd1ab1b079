'use client';

import { Bar, BarChart, CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { categoryAxisWidth, useValueAxis } from '@/components/charts/axes';
import { ChartFrame } from '@/components/ui/chart-frame';
import { useFormat } from '@/components/ui/format-provider';
import type { DatasetProfile } from '@/lib/datasets/profile';

const BRAND = '#3b5bdb';

const SCALE_NOTE: Record<string, string> = {
  values: 'one bar per value',
  linear: 'equal-width bins',
  log: 'log-spaced bins (heavy tail)',
  clipped: 'bins up to the 99th percentile (heavy tail)',
};

/** A numeric column's distribution, binned to fit its data, with the binning named and outliers summarised. */
function HistogramChart({ column: c, sampleRows }: { column: DatasetProfile['columns'][number]; sampleRows?: number }) {
  const f = useFormat();
  const bins = c.histogram ?? [];
  const y = useValueAxis(
    'integer',
    bins.map((b) => b.count),
    { zero: true, count: 4 },
  );
  const data = bins.map((b) => ({ bin: b.label ?? `${b.x0}–${b.x1}`, count: b.count }));
  const o = c.histogramOutliers;
  return (
    <ChartFrame
      title={
        `Distribution of ${c.name} (median ${f.number(c.median)}; ${SCALE_NOTE[c.histogramScale ?? 'linear']}` +
        (sampleRows ? `; estimated from a random sample of ${f.number(sampleRows, 0)} rows)` : ')')
      }
      testId={`chart-hist-${c.name}`}
      height={260}
      data={data}
    >
      <BarChart data={data} margin={{ top: 8, right: 16, bottom: o ? 28 : 8, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis
          dataKey="bin"
          minTickGap={8}
          height={o ? 48 : 30}
          label={
            o
              ? {
                  value: `+ ${f.number(o.count, 0)} value${o.count === 1 ? '' : 's'} above ${f.number(o.above)} (max ${f.number(o.max)})`,
                  position: 'insideBottom',
                  offset: -8,
                  fontSize: 12,
                }
              : undefined
          }
        />
        <YAxis {...y} />
        <Tooltip formatter={(v) => f.number(Number(v), 0)} />
        <Bar dataKey="count" name="rows" fill={BRAND} isAnimationActive={false} />
      </BarChart>
    </ChartFrame>
  );
}

/** The profile of one dataset: missing values, distributions, daily activity, funnel or discount response. */
export function ProfileCharts({ profile }: { profile: DatasetProfile }) {
  const numeric = profile.columns.filter((c) => c.type === 'numeric' && c.histogram?.length);
  const categorical = profile.columns.filter((c) => c.type === 'categorical' && c.top?.length);
  return (
    <div className="charts">
      <MissingChart profile={profile} />
      {profile.daily.length > 0 && <DailyChart daily={profile.daily} />}
      {profile.funnel && <FunnelChart funnel={profile.funnel} />}
      {profile.conversionByDiscount && <ConversionChart rows={profile.conversionByDiscount} />}
      {numeric.map((c) => (
        <HistogramChart key={c.name} column={c} sampleRows={profile.sampleRows} />
      ))}
      {categorical.map((c) => (
        <TopValuesChart key={c.name} column={c} />
      ))}
    </div>
  );
}

function MissingChart({ profile }: { profile: DatasetProfile }) {
  const f = useFormat();
  const data = profile.columns.map((c) => ({ column: c.name, missing: c.missingRate }));
  const x = useValueAxis('share', [0, Math.max(0.05, ...data.map((d) => d.missing))], { count: 4 });
  return (
    <ChartFrame title="Missing values by column" testId="chart-missing" height={48 + 26 * data.length} data={data}>
      <BarChart data={data} layout="vertical" margin={{ top: 8, right: 40, bottom: 8, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis {...x} height={30} />
        <YAxis type="category" dataKey="column" width={categoryAxisWidth(data.map((d) => d.column))} interval={0} />
        <Tooltip formatter={(v) => f.pct(Number(v))} />
        <Bar dataKey="missing" name="missing" fill="#e67700" isAnimationActive={false} />
      </BarChart>
    </ChartFrame>
  );
}

function DailyChart({ daily }: { daily: DatasetProfile['daily'] }) {
  const f = useFormat();
  const y = useValueAxis(
    'integer',
    daily.map((d) => d.count),
    { zero: true, count: 4 },
  );
  return (
    <ChartFrame title="Daily activity" testId="chart-daily" data={daily}>
      <LineChart data={daily} margin={{ top: 8, right: 44, bottom: 8, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="date" minTickGap={40} />
        <YAxis {...y} />
        <Tooltip formatter={(v) => f.number(Number(v), 0)} />
        <Line type="monotone" dataKey="count" name="rows" stroke={BRAND} dot={false} isAnimationActive={false} />
      </LineChart>
    </ChartFrame>
  );
}

function FunnelChart({ funnel }: { funnel: NonNullable<DatasetProfile['funnel']> }) {
  const f = useFormat();
  const first = funnel[0]?.customers ?? 0;
  const data = funnel.map((s) => ({ ...s, share: first ? s.customers / first : 0 }));
  const y = useValueAxis(
    'integer',
    data.map((d) => d.customers),
    { zero: true, count: 4 },
  );
  return (
    <ChartFrame title="Funnel: customers who viewed → added to cart → purchased" testId="chart-funnel" data={data}>
      <BarChart data={data} margin={{ top: 24, right: 16, bottom: 8, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="stage" interval={0} />
        <YAxis {...y} />
        <Tooltip formatter={(v) => f.number(Number(v), 0)} />
        <Bar
          dataKey="customers"
          fill={BRAND}
          isAnimationActive={false}
          label={{ position: 'top', fontSize: 11, formatter: (v: unknown) => f.number(Number(v), 0) }}
        />
      </BarChart>
    </ChartFrame>
  );
}

function ConversionChart({ rows }: { rows: NonNullable<DatasetProfile['conversionByDiscount']> }) {
  const f = useFormat();
  const data = rows.map((r) => ({ ...r, label: `${r.discountPct}% off` }));
  const y = useValueAxis(
    'share',
    data.map((d) => d.rate),
    { zero: true, count: 4 },
  );
  return (
    <ChartFrame title="Observed conversion by discount" testId="chart-conversion" data={data}>
      <BarChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="label" interval={0} />
        <YAxis {...y} />
        <Tooltip formatter={(v) => f.pct(Number(v))} />
        <Bar dataKey="rate" name="conversion rate" fill={BRAND} isAnimationActive={false} />
      </BarChart>
    </ChartFrame>
  );
}

function TopValuesChart({ column: c }: { column: DatasetProfile['columns'][number] }) {
  const f = useFormat();
  const data = (c.top ?? []).slice(0, 12);
  const x = useValueAxis(
    'integer',
    data.map((d) => d.count),
    { zero: true, count: 3 },
  );
  return (
    <ChartFrame
      title={`Most frequent ${c.name} (${f.number(c.distinct ?? 0, 0)} distinct)`}
      testId={`chart-top-${c.name}`}
      height={48 + 26 * data.length}
      data={data}
    >
      <BarChart data={data} layout="vertical" margin={{ top: 8, right: 40, bottom: 8, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis {...x} height={30} />
        <YAxis type="category" dataKey="value" width={categoryAxisWidth(data.map((d) => d.value))} interval={0} />
        <Tooltip formatter={(v) => f.number(Number(v), 0)} />
        <Bar dataKey="count" name="rows" fill={BRAND} isAnimationActive={false} />
      </BarChart>
    </ChartFrame>
  );
}
