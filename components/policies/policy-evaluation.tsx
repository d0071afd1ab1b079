'use client';

import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { TITLED_MARGIN, useValueAxis, xTitle, yTitle } from '@/components/charts/axes';
import { ChartFrame } from '@/components/ui/chart-frame';
import { ComputedAt } from '@/components/ui/computed-at';
import { useFormat } from '@/components/ui/format-provider';
import { VerdictBanner } from '@/components/ui/verdict-banner';
import { type Estimate, usePolicyEvaluation, useRecomputePolicyEvaluation } from '@/lib/client/hooks/use-policies';

/** Profit leads (a discount that lifts conversion but loses money is a loss); money in the organisation's currency. */
const METRICS = [
  ['profit', 'Profit per exposure', 'money'],
  ['conversion', 'Conversion rate', 'share'],
  ['revenue', 'Revenue per exposure', 'money'],
  ['discountCost', 'Discount cost per exposure', 'money'],
] as const;

/** What a version would have done on the randomised log (IPS / doubly robust), next to "no discount". */
export function PolicyEvaluation({ versionId, canRecompute }: { versionId: string; canRecompute: boolean }) {
  const { data: e, error, isPending } = usePolicyEvaluation(versionId);
  const recompute = useRecomputePolicyEvaluation(versionId);
  const f = useFormat();
  if (isPending) return <p className="muted">Evaluating on the exposure log…</p>;
  if (error)
    return (
      <div className="alert error" role="alert">
        {error.message}
      </div>
    );
  const fmt = (kind: 'money' | 'share', x: number) => (kind === 'money' ? f.money(x) : f.pct(x, { digits: 2 }));
  const show = (est: Estimate | undefined, kind: 'money' | 'share') =>
    est ? `${fmt(kind, est.value)} [${fmt(kind, est.ci[0])}, ${fmt(kind, est.ci[1])}]` : '—';
  return (
    <div className="card" data-testid="policy-evaluation">
      <h3 style={{ marginTop: 0 }} data-testid="evaluation-title">
        Offline evaluation of {e.version.policy} v{e.version.version} on {f.number(e.rows)} logged exposures
      </h3>
      <ComputedAt
        status={e.status}
        computedAt={e.computedAt}
        durationMs={e.durationMs}
        error={null}
        onRecompute={canRecompute ? () => recompute.mutate() : undefined}
        pending={recompute.isPending}
      />
      <VerdictBanner verdict={e.verdict} />
      <p className="small muted">
        Inverse-propensity (IPS), self-normalised (SNIPS) and doubly-robust (DR
        {e.model ? `, outcome model ${e.model}` : ', needs a served model'}) estimates with 95% intervals; order value{' '}
        {f.money(e.orderValue)}, margin {e.marginPct}%. Discounts this version would give:{' '}
        {e.discountMix.map((m) => `${m.discountPct}% to ${f.pct(m.share, { digits: 0 })}`).join(', ')}. Effective sample
        size {f.number(e.proposed.diagnostics.effectiveSampleSize, 0)}.
      </p>
      {e.version.mode === 'contextual' && (
        <p className="small muted" data-testid="evaluation-contextual">
          A contextual bandit draws each customer's discount at random: it is weighed here by each customer's
          probability of every level (Thompson sampling on {e.model ?? 'its model'}'s posterior with the floor — the
          propensities it will log), and the discount shares above are expected shares.
        </p>
      )}
      <table className="table" data-testid="evaluation-table">
        <thead>
          <tr>
            <th>Metric</th>
            <th>This version (IPS)</th>
            <th>This version (SNIPS)</th>
            <th>This version (DR)</th>
            <th>No discount (IPS)</th>
            <th>No discount (DR)</th>
          </tr>
        </thead>
        <tbody>
          {METRICS.map(([k, label, kind]) => (
            <tr key={k}>
              <td>{label}</td>
              <td>{show(e.proposed.estimates[k].ips, kind)}</td>
              <td>{show(e.proposed.estimates[k].snips, kind)}</td>
              <td>{show(e.proposed.estimates[k].dr, kind)}</td>
              <td>{show(e.noDiscount.estimates[k].ips, kind)}</td>
              <td>{show(e.noDiscount.estimates[k].dr, kind)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {e.curve && <ProfitBudgetChart curve={e.curve} />}
    </div>
  );
}

function ProfitBudgetChart({ curve }: { curve: { budget: number; expectedProfit: number }[] }) {
  const f = useFormat();
  const x = useValueAxis(
    'money',
    curve.map((p) => p.budget),
    { zero: true },
  );
  const y = useValueAxis(
    'money',
    curve.map((p) => p.expectedProfit),
    { zero: true },
  );
  return (
    <ChartFrame
      title="Expected profit per customer against the discount budget per customer (model-optimal)"
      height={280}
      testId="chart-profit-budget"
      data={curve}
    >
      <LineChart data={curve} margin={TITLED_MARGIN}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="budget" {...x} width={undefined} {...xTitle('discount budget per customer')} />
        <YAxis {...y} {...yTitle(y.width, 'profit per customer')} />
        <Tooltip formatter={(v) => f.money(Number(v))} labelFormatter={(v) => `budget ${f.money(Number(v))}`} />
        <Line dataKey="expectedProfit" name="expected profit" stroke="#2b8a3e" isAnimationActive={false} />
      </LineChart>
    </ChartFrame>
  );
}
