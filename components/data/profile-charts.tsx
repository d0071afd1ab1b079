'use client';

import { Bar, BarChart, CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { useValueAxis } from '@/components/charts/axes';
import { ChartFrame } from '@/components/ui/chart-frame';
import { useFormat } from '@/components/ui/format-provider';
import type { DatasetProfile } from '@/lib/datasets/profile';

const BRAND = '#3b5bdb';
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

const SCALE_NOTE: Record<string, string> = {
  values: 'one bar per value',
  linear: 'equal-width bins',
  log: 'log-spaced bins (heavy tail)',
  clipped: 'bins up to the 99th percentile (heavy tail)',
};

/** A numeric column's distribution, binned to fit its data, with the binning named and outliers summarised. */
function HistogramChart({ column: c }: { column: DatasetProfile['columns'][number] }) {
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
      title={`Distribution of ${c.name} (median ${f.number(c.median)}; ${SCALE_NOTE[c.histogramScale ?? 'linear']})`}
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
      <ChartFrame title="Missing values by column" testId="chart-missing" height={40 + 24 * profile.columns.length}>
        <BarChart
          data={profile.columns.map((c) => ({ name: c.name, rate: c.missingRate }))}
          layout="vertical"
          margin={{ left: 40 }}
        >
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis type="number" domain={[0, 1]} tickFormatter={pct} />
          <YAxis type="category" dataKey="name" width={110} interval={0} />
          <Tooltip formatter={(v) => pct(Number(v))} />
          <Bar dataKey="rate" name="missing" fill="#e67700" />
        </BarChart>
      </ChartFrame>
      {profile.daily.length > 0 && (
        <ChartFrame title="Daily activity" testId="chart-daily">
          <LineChart data={profile.daily}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="date" minTickGap={30} />
            <YAxis />
            <Tooltip />
            <Line type="monotone" dataKey="count" name="rows" stroke={BRAND} dot={false} />
          </LineChart>
        </ChartFrame>
      )}
      {profile.funnel && (
        <ChartFrame title="Funnel: customers who viewed → added to cart → purchased" testId="chart-funnel">
          <BarChart
            data={profile.funnel.map((f) => ({
              ...f,
              share: profile.funnel![0].customers ? f.customers / profile.funnel![0].customers : 0,
            }))}
          >
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="stage" interval={0} />
            <YAxis />
            <Tooltip formatter={(v, name) => (name === 'customers' ? Number(v).toLocaleString('en-GB') : v)} />
            <Bar
              dataKey="customers"
              fill={BRAND}
              label={{ position: 'top', fontSize: 11, formatter: (v: unknown) => Number(v).toLocaleString('en-GB') }}
            />
          </BarChart>
        </ChartFrame>
      )}
      {profile.conversionByDiscount && (
        <ChartFrame title="Observed conversion by discount" testId="chart-conversion">
          <BarChart data={profile.conversionByDiscount.map((r) => ({ ...r, label: `${r.discountPct}%` }))}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="label" />
            <YAxis tickFormatter={pct} />
            <Tooltip formatter={(v) => pct(Number(v))} />
            <Bar dataKey="rate" name="conversion rate" fill={BRAND} />
          </BarChart>
        </ChartFrame>
      )}
      {numeric.map((c) => (
        <HistogramChart key={c.name} column={c} />
      ))}
      {categorical.map((c) => (
        <ChartFrame
          key={c.name}
          title={`Most frequent ${c.name} (${c.distinct} distinct)`}
          testId={`chart-top-${c.name}`}
          height={40 + 24 * Math.min(12, c.top!.length)}
        >
          <BarChart data={c.top!.slice(0, 12)} layout="vertical" margin={{ left: 40 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis type="number" />
            <YAxis type="category" dataKey="value" width={110} interval={0} />
            <Tooltip />
            <Bar dataKey="count" fill={BRAND} />
          </BarChart>
        </ChartFrame>
      ))}
    </div>
  );
}
