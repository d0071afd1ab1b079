'use client';

import { useState } from 'react';
import {
  Area,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import {
  distinctSeriesColors,
  seriesColor,
  seriesWithData,
  TITLED_MARGIN,
  useValueAxis,
  xTitle,
  yTitle,
} from '@/components/charts/axes';
import { ChartFrame } from '@/components/ui/chart-frame';
import { useFormat } from '@/components/ui/format-provider';
import { StatusBadge } from '@/components/ui/status-badge';
import { VerdictBanner } from '@/components/ui/verdict-banner';
import { type ExperimentResults as Results, useExperimentResults } from '@/lib/client/hooks/use-experiments';
import { daysToDecisionText } from './days-to-decision-text';

/** Profit leads: a discount that lifts conversion but loses money is a loss. Money in the organisation's currency. */
const METRICS: { key: keyof Results['metrics']; label: string; kind: 'money' | 'share' }[] = [
  { key: 'profit', label: 'Profit per user', kind: 'money' },
  { key: 'conversion', label: 'Conversion rate', kind: 'share' },
  { key: 'revenue', label: 'Revenue per user', kind: 'money' },
  { key: 'discountCost', label: 'Discount cost per user', kind: 'money' },
];
const pct = (x: number | null | undefined) =>
  x === null || x === undefined ? '—' : `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;

export function ExperimentResults({ id }: { id: string }) {
  const [sequential, setSequential] = useState(false);
  const [cuped, setCuped] = useState(false);
  const [mdePct, setMdePct] = useState(5);
  const [method, setMethod] = useState<'frequentist' | 'bayesian'>('frequentist');
  const bayes = method === 'bayesian';
  const f = useFormat();
  const { data: r, error } = useExperimentResults(id, { sequential: sequential && !bayes, cuped, mdePct, method });
  if (error)
    return (
      <div className="alert error" role="alert">
        {error.message}
      </div>
    );
  if (!r) return <p className="muted">Loading…</p>;
  const fmt = (kind: 'money' | 'share', x: number) => (kind === 'money' ? f.money(x) : f.pct(x, { digits: 2 }));
  const names = r.variants.map((v) => v.name);
  const treatments = names.slice(1);
  const conv = r.timeline.map((p) => ({
    date: p.date,
    ...Object.fromEntries(names.map((n) => [n, p.users[n] ? p.conversions[n] / p.users[n] : null])),
  }));
  const first = treatments[0];
  const lift = r.timeline
    .filter((p) => p.lift?.[first]?.ci)
    .map((p) => ({ date: p.date, lift: p.lift![first].lift, band: p.lift![first].ci as [number, number] }));
  return (
    <>
      <h1 data-testid="experiment-title">
        {r.experiment.name} <StatusBadge status={r.experiment.status} />
      </h1>
      <p className="subtitle">
        {r.experiment.key} · primary metric {r.experiment.primaryMetric} · margin {r.experiment.marginPct}% · started{' '}
        {r.experiment.startedAt?.slice(0, 10) ?? 'not yet'}
      </p>
      {r.experiment.description && <p className="small muted">{r.experiment.description}</p>}
      {r.srm?.mismatch && <SrmBanner srm={r.srm} variants={r.variants} />}
      {r.profitVerdicts.map((v) => (
        <VerdictBanner key={v.headline} verdict={v} />
      ))}
      <p className="small muted">
        Per metric: <span data-testid="verdict">{r.verdict}</span>
      </p>
      <DaysToDecision planning={r.planning} status={r.experiment.status} mdePct={mdePct} setMdePct={setMdePct} />
      <fieldset className="row" style={{ border: 0, padding: 0, margin: '0.5rem 0 0' }} data-testid="stats-mode">
        <legend className="small">Statistics</legend>
        <label>
          <input type="radio" name="stats-mode" checked={!bayes} onChange={() => setMethod('frequentist')} />{' '}
          Frequentist — p-values and confidence intervals
        </label>
        <label>
          <input type="radio" name="stats-mode" checked={bayes} onChange={() => setMethod('bayesian')} /> Bayesian —
          chance to win and credible intervals
        </label>
      </fieldset>
      {bayes && (
        <p className="small muted" data-testid="bayes-note">
          Bayesian view as in GrowthBook: a Gaussian posterior of the relative lift (flat prior), so the chance to win
          is Φ(lift / its standard error) and the interval is a 95% credible interval; risk is the expected relative
          loss if you ship the treatment and it is in fact worse. For conversion the exact Beta chance (uniform priors)
          is shown beside it.
        </p>
      )}
      <div className="row" style={{ margin: '0.5rem 0 1rem' }}>
        {!bayes && (
          <label>
            <input type="checkbox" checked={sequential} onChange={(e) => setSequential(e.target.checked)} />{' '}
            Always-valid (sequential) p-values — safe to peek
          </label>
        )}
        <label>
          <input type="checkbox" checked={cuped} onChange={(e) => setCuped(e.target.checked)} /> CUPED (pre-period
          spend) for revenue and profit
        </label>
        <a
          className="btn"
          href={`/api/v1/experiments/${encodeURIComponent(id)}/results/csv?sequential=${sequential}`}
          download
        >
          Download results (CSV)
        </a>
        {r.cuped && (
          <span className="small muted">
            θ = {r.cuped.theta.toFixed(3)}, variance reduced by {(r.cuped.varianceReduction * 100).toFixed(1)}%
          </span>
        )}
      </div>

      {r.metrics.conversion && (
        <div className="card">
          <h2 style={{ marginTop: 0 }}>Per variant</h2>
          <table className="table" data-testid="variants-table">
            <thead>
              <tr>
                <th>Variant</th>
                <th>Offer</th>
                <th>Customers</th>
                {METRICS.map((m) => (
                  <th key={m.key}>{m.label}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {r.variants.map((v, i) => (
                <tr key={v.id}>
                  <td>
                    {v.name}
                    {v.isControl ? ' (control)' : ''}
                  </td>
                  <td>{v.offer}</td>
                  <td>{f.number(v.users)}</td>
                  {METRICS.map((m) => (
                    <td key={m.key}>
                      {fmt(m.kind, r.metrics[m.key].variants[i].mean)}{' '}
                      <span className="muted small">± {fmt(m.kind, 1.96 * r.metrics[m.key].variants[i].se)}</span>
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          <h2>Against {names[0]}</h2>
          <table className="table" data-testid="comparisons-table">
            <thead>
              <tr>
                <th>Metric</th>
                <th>Variant</th>
                <th>Relative lift</th>
                <th>
                  {Math.round((1 - r.options.alpha) * 100)}% {bayes ? 'credible' : 'confidence'} interval
                </th>
                {bayes ? (
                  <>
                    <th>Chance to win</th>
                    <th>Risk (ship it)</th>
                    <th>Exact Beta chance</th>
                  </>
                ) : (
                  <>
                    <th>p-value{r.options.sequential ? ' (always valid)' : ''}</th>
                    <th>Adjusted p</th>
                    <th>Chance to beat control</th>
                  </>
                )}
              </tr>
            </thead>
            <tbody>
              {METRICS.flatMap((m) =>
                r.metrics[m.key].comparisons.map((c) => (
                  <tr key={`${m.key}-${c.name}`} style={c.significant ? { fontWeight: 600 } : undefined}>
                    <td>{m.label}</td>
                    <td>{c.name}</td>
                    <td>{pct(c.lift)}</td>
                    <td>{c.ci ? `[${pct(c.ci[0])}, ${pct(c.ci[1])}]` : '—'}</td>
                    {bayes ? (
                      <>
                        <td>{c.chanceToWin === null ? '—' : `${(c.chanceToWin * 100).toFixed(1)}%`}</td>
                        <td>{c.expectedLoss ? pct(c.expectedLoss[1]) : '—'}</td>
                        <td>{c.betaChanceToWin === null ? '—' : `${(c.betaChanceToWin * 100).toFixed(1)}%`}</td>
                      </>
                    ) : (
                      <>
                        <td>{c.pValue < 1e-4 ? c.pValue.toExponential(1) : c.pValue.toFixed(4)}</td>
                        <td>{c.adjustedPValue.toFixed(4)}</td>
                        <td>{c.chanceToWin === null ? '—' : `${(c.chanceToWin * 100).toFixed(1)}%`}</td>
                      </>
                    )}
                  </tr>
                )),
              )}
            </tbody>
          </table>
          {r.guardrails.length > 0 && (
            <>
              <h2>Guardrails</h2>
              <table className="table" data-testid="guardrails-table">
                <thead>
                  <tr>
                    <th>Variant</th>
                    <th>Guardrail</th>
                    <th>Limit</th>
                    <th>Observed</th>
                    <th>Status</th>
                  </tr>
                </thead>
                <tbody>
                  {r.guardrails.map((g, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: static rows without identity, never reordered
                    <tr key={i}>
                      <td>{g.variant}</td>
                      <td>{g.guardrail}</td>
                      <td>{g.guardrail === 'conversion drop' ? `lift ≥ ${pct(g.limit)}` : `≤ ${f.money(g.limit)}`}</td>
                      <td>{g.guardrail === 'conversion drop' ? `lower bound ${pct(g.value)}` : f.money(g.value)}</td>
                      <td>
                        <span className={`badge ${g.status === 'ok' ? 'ok' : 'danger'}`}>{g.status}</span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
          {r.srm && (
            <p className="small muted" data-testid="srm-line">
              Sample-ratio check: χ² = {r.srm.statistic.toFixed(2)} (df {r.srm.df}), p = {r.srm.pValue.toFixed(3)} —{' '}
              {r.srm.mismatch ? 'MISMATCH' : 'split as intended'}.
            </p>
          )}
        </div>
      )}

      <div className="charts">
        <CumulativeConversionChart conv={conv} names={names} />
        {first && <LiftOverTimeChart lift={lift} variant={first} />}
      </div>
    </>
  );
}

type ConvRow = { date: string } & Record<string, number | string | null>;

function CumulativeConversionChart({ conv, names }: { conv: ConvRow[]; names: string[] }) {
  const f = useFormat();
  const values = conv.flatMap((p) => names.map((n) => p[n])).filter((v): v is number => typeof v === 'number');
  const y = useValueAxis('share', values.length ? values : [0, 0.1], { zero: true });
  const colors = distinctSeriesColors(names);
  const shown = seriesWithData(conv, names);
  return (
    <ChartFrame title="Cumulative conversion rate per variant" height={300} testId="chart-cumulative" data={conv}>
      <LineChart data={conv} margin={TITLED_MARGIN}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="date" minTickGap={24} {...xTitle('day (UTC)')} />
        <YAxis {...y} {...yTitle(y.width, 'conversion rate')} />
        <Tooltip formatter={(v) => f.pct(Number(v), { digits: 2 })} />
        <Legend verticalAlign="top" />
        {shown.map((n) => (
          <Line key={n} dataKey={n} stroke={colors[n]} dot={false} isAnimationActive={false} />
        ))}
      </LineChart>
    </ChartFrame>
  );
}

function LiftOverTimeChart({
  lift,
  variant,
}: {
  lift: { date: string; lift: number | null; band: [number, number] }[];
  variant: string;
}) {
  const f = useFormat();
  const y = useValueAxis('share', lift.length ? lift.flatMap((p) => [p.band[0], p.band[1]]) : [-0.1, 0.1], {
    zero: true,
  });
  return (
    <ChartFrame
      title={`Relative conversion lift of ${variant} over time, with its interval`}
      height={300}
      testId="chart-lift-over-time"
      data={lift.map((p) => ({ date: p.date, lift: p.lift, low: p.band[0], high: p.band[1] }))}
    >
      <ComposedChart data={lift} margin={TITLED_MARGIN}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="date" minTickGap={24} {...xTitle('day (UTC)')} />
        <YAxis {...y} {...yTitle(y.width, 'relative lift')} />
        <Tooltip
          formatter={(v) =>
            Array.isArray(v)
              ? v.map((x) => f.pct(Number(x), { signed: true })).join(' … ')
              : f.pct(Number(v), { signed: true })
          }
        />
        <ReferenceLine y={0} stroke="#495057" />
        <Area
          dataKey="band"
          stroke="none"
          fill="#91a7ff"
          fillOpacity={0.4}
          name="95% interval"
          isAnimationActive={false}
        />
        <Line dataKey="lift" stroke={seriesColor(variant)} dot={false} name="lift" isAnimationActive={false} />
      </ComposedChart>
    </ChartFrame>
  );
}

function DaysToDecision({
  planning: p,
  status,
  mdePct,
  setMdePct,
}: {
  planning: Results['planning'];
  status: string;
  mdePct: number;
  setMdePct: (v: number) => void;
}) {
  const f = useFormat();
  const text = daysToDecisionText(p, status, mdePct, f);
  return (
    <div className="row" data-testid="days-to-decision">
      <p className="small" style={{ margin: 0 }}>
        {text}
      </p>
      <label className="small">
        Smallest lift worth detecting (%){' '}
        <input
          type="number"
          min={0.5}
          max={200}
          step={0.5}
          value={mdePct}
          onChange={(e) => setMdePct(Number(e.target.value) || 5)}
          style={{ width: '5rem' }}
        />
      </label>
    </div>
  );
}

/** Why the split can differ from the intended weights, with the counts that show it. */
function SrmBanner({ srm, variants }: { srm: NonNullable<Results['srm']>; variants: Results['variants'] }) {
  const f = useFormat();
  return (
    <div className="alert error" data-testid="srm-banner" role="alert">
      <strong>Sample-ratio mismatch: do not trust these results yet.</strong> The customers per arm differ from the
      intended split by more than chance allows (χ² = {f.number(srm.statistic, 1)}, p = {srm.pValue.toExponential(2)}
      ).
      <ul className="small">
        {variants.map((v, i) => (
          <li key={v.id}>
            {v.name}: {f.number(v.users)} customers, {f.number(srm.expected?.[i] ?? Number.NaN, 0)} expected
          </li>
        ))}
      </ul>
      Likely causes, most common first: the weights or arms were changed while the experiment ran; customers of one arm
      are dropped or logged differently (an offer page that fails, a redirect, a bot filter, consent banners that differ
      by arm); assignment depends on something that differs by arm (a cache, retries that re-assign); or the segment
      changed mid-way. Fix the cause and restart; a mismatch biases every metric, not just one.
    </div>
  );
}
