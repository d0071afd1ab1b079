'use client';

import { Bar, BarChart, CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartFrame } from '@/components/ui/chart-frame';
import type { DatasetProfile } from '@/lib/datasets/profile';

const BRAND = '#3b5bdb';
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The profile of one dataset: missing values, distributions, daily activity, funnel or discount response. */
export function ProfileCharts({ profile }: { profile: DatasetProfile }) {
  const numeric = profile.columns.filter((c) => c.type === 'numeric' && c.histogram?.length);
  const categorical = profile.columns.filter((c) => c.type === 'categorical' && c.top?.length);
  return (
    <div className="charts">
      <ChartFrame title="Missing values by column" testId="chart-missing">
        <BarChart data={profile.columns.map((c) => ({ name: c.name, rate: c.missingRate }))} layout="vertical" margin={{ left: 40 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis type="number" domain={[0, 1]} tickFormatter={pct} />
          <YAxis type="category" dataKey="name" width={110} />
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
        <ChartFrame title="Funnel: view → cart → purchase (customers)" testId="chart-funnel">
          <BarChart data={profile.funnel}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="stage" />
            <YAxis />
            <Tooltip />
            <Bar dataKey="customers" fill={BRAND} />
            <Bar dataKey="events" fill="#91a7ff" />
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
        <ChartFrame key={c.name} title={`Distribution of ${c.name} (median ${c.median})`} testId={`chart-hist-${c.name}`}>
          <BarChart data={c.histogram!.map((b) => ({ bin: `${b.x0}`, count: b.count }))}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="bin" minTickGap={20} />
            <YAxis />
            <Tooltip />
            <Bar dataKey="count" fill={BRAND} />
          </BarChart>
        </ChartFrame>
      ))}
      {categorical.map((c) => (
        <ChartFrame key={c.name} title={`Most frequent ${c.name} (${c.distinct} distinct)`} testId={`chart-top-${c.name}`}>
          <BarChart data={c.top!.slice(0, 12)} layout="vertical" margin={{ left: 40 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis type="number" />
            <YAxis type="category" dataKey="value" width={110} />
            <Tooltip />
            <Bar dataKey="count" fill={BRAND} />
          </BarChart>
        </ChartFrame>
      ))}
    </div>
  );
}
