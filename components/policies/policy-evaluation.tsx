'use client';

import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartFrame } from '@/components/ui/chart-frame';
import { ComputedAt } from '@/components/ui/computed-at';
import { VerdictBanner } from '@/components/ui/verdict-banner';
import { type Estimate, usePolicyEvaluation, useRecomputePolicyEvaluation } from '@/lib/client/hooks/use-policies';

const METRICS = [
  ['conversion', 'Conversion rate', (x: number) => `${(x * 100).toFixed(2)}%`],
  ['revenue', 'Revenue per exposure', (x: number) => x.toFixed(2)],
  ['discountCost', 'Discount cost per exposure', (x: number) => x.toFixed(2)],
  ['profit', 'Profit per exposure', (x: number) => x.toFixed(2)],
] as const;

/** What a version would have done on the randomised log (IPS / doubly robust), next to "no discount". */
export function PolicyEvaluation({ versionId, canRecompute }: { versionId: string; canRecompute: boolean }) {
  const { data: e, error, isPending } = usePolicyEvaluation(versionId);
  const recompute = useRecomputePolicyEvaluation(versionId);
  if (isPending) return <p className="muted">Evaluating on the exposure log…</p>;
  if (error)
    return (
      <div className="alert error" role="alert">
        {error.message}
      </div>
    );
  const show = (est: Estimate | undefined, fmt: (x: number) => string) =>
    est ? `${fmt(est.value)} [${fmt(est.ci[0])}, ${fmt(est.ci[1])}]` : '—';
  return (
    <div className="card" data-testid="policy-evaluation">
      <h3 style={{ marginTop: 0 }} data-testid="evaluation-title">
        Offline evaluation of {e.version.policy} v{e.version.version} on {e.rows.toLocaleString('en-GB')} logged
        exposures
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
        {e.orderValue.toFixed(2)}, margin {e.marginPct}%. Discounts this version would give:{' '}
        {e.discountMix.map((m) => `${m.discountPct}% to ${(m.share * 100).toFixed(0)}%`).join(', ')}. Effective sample
        size {e.proposed.diagnostics.effectiveSampleSize.toFixed(0)}.
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
          {METRICS.map(([k, label, fmt]) => (
            <tr key={k}>
              <td>{label}</td>
              <td>{show(e.proposed.estimates[k].ips, fmt)}</td>
              <td>{show(e.proposed.estimates[k].snips, fmt)}</td>
              <td>{show(e.proposed.estimates[k].dr, fmt)}</td>
              <td>{show(e.noDiscount.estimates[k].ips, fmt)}</td>
              <td>{show(e.noDiscount.estimates[k].dr, fmt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {e.curve && (
        <ChartFrame
          title="Expected profit per exposure against the discount budget (model-optimal)"
          height={260}
          testId="chart-profit-budget"
          data={e.curve}
        >
          <LineChart data={e.curve.map((p) => ({ ...p, budget: +p.budget.toFixed(2) }))}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="budget" />
            <YAxis tickFormatter={(v) => Number(v).toFixed(0)} />
            <Tooltip formatter={(v) => Number(v).toFixed(2)} />
            <Line dataKey="expectedProfit" stroke="#2b8a3e" />
          </LineChart>
        </ChartFrame>
      )}
    </div>
  );
}
