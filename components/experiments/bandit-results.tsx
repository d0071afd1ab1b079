'use client';

import { Bar, BarChart, CartesianGrid, ErrorBar, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { categoryAxisWidth, distinctSeriesColors, TITLED_MARGIN, useValueAxis } from '@/components/charts/axes';
import { ChartFrame } from '@/components/ui/chart-frame';
import { useFormat } from '@/components/ui/format-provider';
import { StatusBadge } from '@/components/ui/status-badge';
import {
  type BanditResults as Results,
  useBanditResults,
  useReallocateBandit,
} from '@/lib/client/hooks/use-experiments';

/**
 * Results of a bandit: which arm is best so far and how sure we are (posterior, probability of being best, expected
 * loss), the traffic it gets now and over time, and IPS estimates that stay unbiased despite the moving split.
 * Profit per customer first: it is what the discount decision is about.
 */
export function BanditResults({ id, canReallocate }: { id: string; canReallocate: boolean }) {
  const { data: r, error } = useBanditResults(id);
  const reallocate = useReallocateBandit();
  const f = useFormat();
  if (error)
    return (
      <div className="alert error" role="alert">
        {error.message}
      </div>
    );
  if (!r) return <p className="muted">Loading…</p>;
  const metricLabel = r.settings.metric === 'profit' ? 'profit per customer' : 'conversion';
  const fmtMetric = (x: number) => (r.settings.metric === 'profit' ? f.money(x) : f.pct(x, { digits: 2 }));
  const interval = (ci: [number, number] | null, fmt: (x: number) => string) =>
    ci ? `${fmt(ci[0])} to ${fmt(ci[1])}` : '—';
  return (
    <>
      <h1 data-testid="experiment-title">
        {r.experiment.name} <StatusBadge status={r.experiment.status} /> <span className="badge">bandit</span>
      </h1>
      <p className="subtitle" data-testid="bandit-settings">
        {r.experiment.key} · decides on {metricLabel} · reallocates {r.settings.schedule} · burn-in{' '}
        {f.number(r.settings.burnIn, 0)} customers per arm · floor {f.pct(r.settings.minShare)} per arm · margin{' '}
        {r.experiment.marginPct}% · started {r.experiment.startedAt?.slice(0, 16).replace('T', ' ') ?? 'not yet'}
        {r.experiment.status === 'RUNNING' && r.experiment.nextReallocationAt
          ? ` · next reallocation ${r.experiment.nextReallocationAt.slice(0, 16).replace('T', ' ')} UTC`
          : ''}
      </p>
      <Headline r={r} fmtMetric={fmtMetric} metricLabel={metricLabel} />
      {canReallocate && r.experiment.status === 'RUNNING' && (
        <div className="row" style={{ margin: '0.5rem 0 1rem' }}>
          <button
            className="btn"
            type="button"
            disabled={reallocate.isPending}
            onClick={() => reallocate.mutate(r.experiment.id)}
          >
            Reallocate now
          </button>
          <span className="small muted">
            Thompson sampling on the {f.number(r.customers, 0)} customers so far; the schedule does this{' '}
            {r.settings.schedule === 'hourly' ? 'every hour' : 'every day'}.
          </span>
          {reallocate.error && (
            <div className="alert error" role="alert">
              {reallocate.error.message}
            </div>
          )}
        </div>
      )}

      <div className="card">
        <h2 style={{ marginTop: 0 }}>Per arm: posterior of {metricLabel}</h2>
        <table className="table" data-testid="bandit-arms-table">
          <thead>
            <tr>
              <th>Arm</th>
              <th>Discount</th>
              <th>Share of traffic now</th>
              <th>Customers</th>
              <th>Conversions</th>
              <th>Posterior mean</th>
              <th>95% credible interval</th>
              <th>Probability of being best</th>
              <th>Expected loss</th>
            </tr>
          </thead>
          <tbody>
            {r.arms.map((a) => (
              <tr key={a.id} style={a.name === r.bestArm ? { fontWeight: 600 } : undefined}>
                <td>{a.name}</td>
                <td>{f.number(a.discountPct ?? 0, 0)}%</td>
                <td>{f.pct(a.weight)}</td>
                <td>{f.number(a.customers, 0)}</td>
                <td>{f.number(a.conversions, 0)}</td>
                <td>{fmtMetric(a.posterior.mean)}</td>
                <td>{interval(a.posterior.interval, fmtMetric)}</td>
                <td>{f.pct(a.probabilityBest)}</td>
                <td>{fmtMetric(a.expectedLoss)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="small muted">
          Expected loss: how much {metricLabel} choosing the arm would give up, on average over the posterior, compared
          with the best arm. The share of traffic is {f.pct(r.settings.minShare)} +{' '}
          {f.pct(1 - r.arms.length * r.settings.minShare)} × probability of being best (even until every arm has{' '}
          {f.number(r.settings.burnIn, 0)} customers).
        </p>
        <h2>Inverse-propensity estimates</h2>
        <p className="small muted">
          Each customer counts 1 / (the probability their arm had when they were served), so these stay unbiased
          although the split moved; self-normalised IPS has lower variance. 95% intervals.
        </p>
        <table className="table" data-testid="bandit-ips-table">
          <thead>
            <tr>
              <th>Arm</th>
              <th>Profit per customer (IPS)</th>
              <th>Profit per customer (self-normalised)</th>
              <th>Conversion (IPS)</th>
              <th>Conversion (self-normalised)</th>
            </tr>
          </thead>
          <tbody>
            {r.arms.map((a) => (
              <tr key={a.id}>
                <td>{a.name}</td>
                <td>
                  {f.money(a.profit.ips)}{' '}
                  <span className="small muted">({interval(a.profit.ipsInterval, (x) => f.money(x))})</span>
                </td>
                <td>
                  {f.money(a.profit.snips)}{' '}
                  <span className="small muted">({interval(a.profit.snipsInterval, (x) => f.money(x))})</span>
                </td>
                <td>
                  {f.pct(a.conversion.ips, { digits: 2 })}{' '}
                  <span className="small muted">
                    ({interval(a.conversion.ipsInterval, (x) => f.pct(x, { digits: 2 }))})
                  </span>
                </td>
                <td>
                  {f.pct(a.conversion.snips, { digits: 2 })}{' '}
                  <span className="small muted">
                    ({interval(a.conversion.snipsInterval, (x) => f.pct(x, { digits: 2 }))})
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <div className="charts">
        <AllocationChart r={r} />
        <PosteriorChart r={r} metricLabel={metricLabel} />
      </div>
    </>
  );
}

function Headline({
  r,
  fmtMetric,
  metricLabel,
}: {
  r: Results;
  fmtMetric: (x: number) => string;
  metricLabel: string;
}) {
  const f = useFormat();
  const best = r.arms.find((a) => a.name === r.bestArm);
  let text: string;
  if (!best) text = 'No customers yet: every arm gets an equal share until the burn-in is done.';
  else if (r.phase === 'burn-in') {
    const fewest = Math.min(...r.arms.map((a) => a.customers));
    text = `Burn-in: an even split until every arm has ${f.number(r.settings.burnIn, 0)} customers (the smallest has ${f.number(fewest, 0)}). ${best.name} leads so far with ${f.pct(best.probabilityBest)} probability of being best.`;
  } else
    text = `${best.name} is best so far on ${metricLabel}: ${f.pct(best.probabilityBest)} probability of being best, ${fmtMetric(best.posterior.mean)} per customer (95% interval ${fmtMetric(best.posterior.interval[0])} to ${fmtMetric(best.posterior.interval[1])}); choosing it now would lose ${fmtMetric(best.expectedLoss)} per customer in expectation.`;
  return (
    <div className="verdict" role="status" data-testid="bandit-headline">
      {text}
    </div>
  );
}

function AllocationChart({ r }: { r: Results }) {
  const f = useFormat();
  const names = r.arms.map((a) => a.name);
  const colors = distinctSeriesColors(names);
  // one stacked bar per allocation, in the order they took effect (several can share a minute)
  const rows = r.allocations.map((a, i) => ({
    allocation: `${i === 0 ? 'start' : `#${i}`} ${a.at.slice(5, 10)} ${a.at.slice(11, 16)}`,
    trigger: a.trigger,
    customers: a.customers,
    ...Object.fromEntries(names.map((n) => [n, a.weights[n] ?? null])),
  }));
  const y = useValueAxis('share', [0, 1], { count: 5, zero: true });
  return (
    <ChartFrame
      title="Share of traffic per arm, allocation by allocation"
      height={300}
      testId="chart-bandit-allocation"
      data={rows}
    >
      <BarChart data={rows} margin={TITLED_MARGIN}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis
          dataKey="allocation"
          minTickGap={8}
          label={{ value: 'allocation (UTC time it took effect)', position: 'insideBottom', dy: 16 }}
        />
        <YAxis {...y} />
        <Tooltip formatter={(v) => f.pct(Number(v))} />
        <Legend verticalAlign="top" />
        {names.map((n) => (
          <Bar key={n} dataKey={n} stackId="share" fill={colors[n]} isAnimationActive={false} />
        ))}
      </BarChart>
    </ChartFrame>
  );
}

function PosteriorChart({ r, metricLabel }: { r: Results; metricLabel: string }) {
  const f = useFormat();
  const rows = r.arms.map((a) => ({
    arm: a.name,
    mean: a.posterior.mean,
    low: a.posterior.interval[0],
    high: a.posterior.interval[1],
    error: [a.posterior.mean - a.posterior.interval[0], a.posterior.interval[1] - a.posterior.mean],
  }));
  const kind = r.settings.metric === 'profit' ? 'money' : 'share';
  const y = useValueAxis(
    kind,
    rows.flatMap((d) => [d.low, d.high]),
    { zero: true },
  );
  return (
    <ChartFrame
      title={`Posterior of ${metricLabel} per arm (mean and 95% interval)`}
      height={300}
      testId="chart-bandit-posterior"
      data={rows.map(({ error: _error, ...d }) => d)}
    >
      <BarChart data={rows} margin={TITLED_MARGIN}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="arm" width={categoryAxisWidth(rows.map((d) => d.arm))} />
        <YAxis {...y} />
        <Tooltip
          formatter={(v) => (Array.isArray(v) ? v.map((x) => f.number(Number(x))).join(' … ') : f.number(Number(v)))}
        />
        {/* one colour: per-arm <Cell>s hide the ErrorBar in recharts 3 (seen in the journey's screenshot) */}
        <Bar dataKey="mean" name="posterior mean" fill="#3b5bdb" isAnimationActive={false}>
          <ErrorBar dataKey="error" width={8} stroke="#212529" direction="y" />
        </Bar>
      </BarChart>
    </ChartFrame>
  );
}
