'use client';

import { useFormat } from '@/components/ui/format-provider';
import { VerdictBanner } from '@/components/ui/verdict-banner';
import { useRolloutMeasurement } from '@/lib/client/hooks/use-policies';

const ROWS = [
  ['conversion', 'Conversion'],
  ['revenue', 'Revenue per customer'],
  ['discountCost', 'Discount cost per customer'],
  ['profit', 'Profit per customer'],
] as const;

/** The live comparison of a rolled-out version with its baseline (refreshes every 10 s). */
export function RolloutMeasurement({ versionId }: { versionId: string }) {
  const f = useFormat();
  const { data: m, error, isPending } = useRolloutMeasurement(versionId);
  if (isPending) return <p className="muted">Measuring…</p>;
  if (error)
    return (
      <div className="alert error" role="alert">
        {error.message}
      </div>
    );
  const money = (x: number) => f.money(x);
  const fmt = (k: string, x: number) => (k === 'conversion' ? f.pct(x, { digits: 2 }) : money(x));
  const metrics = m.metrics;
  const diff = (k: string, x: number) =>
    k === 'conversion' ? f.pct(x, { digits: 2, signed: true }) : f.money(x, { signed: true });
  return (
    <div className="card" data-testid="rollout-measurement">
      <h3 style={{ marginTop: 0 }}>
        v{m.version.version} against its baseline, live ({f.pct(m.share, { digits: 0 })} of customers on v
        {m.version.version})
      </h3>
      {m.verdict ? (
        <VerdictBanner verdict={m.verdict} testId="rollout-verdict" />
      ) : (
        <p className="muted">{m.message}</p>
      )}
      {m.srm?.mismatch && (
        <div className="alert error" role="alert">
          The split does not match the intended shares (sample-ratio mismatch, p = {m.srm.pValue.toExponential(1)}): do
          not trust these numbers yet.
        </div>
      )}
      <table className="table" data-testid="rollout-table">
        <thead>
          <tr>
            <th>Per customer</th>
            {m.arms.map((a) => (
              <th key={a.arm}>
                {a.name} · {f.number(a.customers, 0)} customers
              </th>
            ))}
            <th>Difference (95% interval)</th>
          </tr>
        </thead>
        <tbody>
          {metrics &&
            ROWS.map(([k, label]) => {
              const r = metrics[k];
              return (
                <tr key={k}>
                  <td>{label}</td>
                  <td>
                    {fmt(k, r.baseline.mean)} ± {fmt(k, 1.96 * r.baseline.se)}
                  </td>
                  <td>
                    {fmt(k, r.new.mean)} ± {fmt(k, 1.96 * r.new.se)}
                  </td>
                  <td>
                    {diff(k, r.effect.diff)} [{diff(k, r.effect.ci[0])}, {diff(k, r.effect.ci[1])}]
                  </td>
                </tr>
              );
            })}
        </tbody>
      </table>
      {m.ips && (
        <p className="small muted">
          Inverse-propensity estimate from the logged arm probabilities: profit per customer if everyone got v
          {m.version.version} {money(m.ips.newProfit.value)} [{money(m.ips.newProfit.ci[0])},{' '}
          {money(m.ips.newProfit.ci[1])}], if everyone got the baseline {money(m.ips.baselineProfit.value)} [
          {money(m.ips.baselineProfit.ci[0])}, {money(m.ips.baselineProfit.ci[1])}].
        </p>
      )}
    </div>
  );
}
