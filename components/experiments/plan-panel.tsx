'use client';

import { useState } from 'react';
import { useFormat } from '@/components/ui/format-provider';
import { type SampleSizePlan, useExperimentPlan } from '@/lib/client/hooks/use-experiments';

/**
 * "How long will this take?" beside the creation form: customers per arm and days for a minimum detectable
 * effect on conversion and on profit per customer, from the organisation's last 28 days (and segment).
 */
export function PlanPanel({ arms, marginPct, segmentId }: { arms: number; marginPct: number; segmentId?: string }) {
  const f = useFormat();
  const [mdePct, setMdePct] = useState(5);
  const { data: plan, error, isFetching } = useExperimentPlan({ mdePct, marginPct, arms, segmentId });
  const row = (label: string, p: SampleSizePlan | null) => (
    <tr>
      <th scope="row">{label}</th>
      <td>{p ? f.number(p.perArm) : '—'}</td>
      <td>{p ? f.number(p.total) : '—'}</td>
      <td>{p?.days === null || p === null ? '—' : `${f.number(p.days)} days`}</td>
    </tr>
  );
  return (
    <section className="card" aria-label="Plan before launch" data-testid="plan-panel">
      <h3 style={{ marginTop: 0 }}>Plan before launch</h3>
      <div className="field">
        <label htmlFor="plan-mde">Smallest lift worth detecting (%)</label>
        <input
          id="plan-mde"
          type="number"
          min={0.5}
          max={200}
          step={0.5}
          value={mdePct}
          onChange={(e) => setMdePct(Number(e.target.value))}
        />
      </div>
      {error && (
        <div className="alert error" role="alert">
          {error.message}
        </div>
      )}
      {plan && (
        <>
          <p className="small muted">
            From {f.number(plan.baseline.customers)} customers active in the last {plan.window.days} days of data (
            {f.number(plan.baseline.dailyCustomers, 1)} a day): conversion {f.pct(plan.baseline.conversionRate)}, profit
            per customer {f.money(plan.baseline.profitPerCustomer)} (sd {f.money(plan.baseline.profitSd)}). 95 %
            confidence, 80 % power, {arms} arms with an equal split.
          </p>
          <table className="table" data-testid="plan-table">
            <thead>
              <tr>
                <th scope="col">To detect a {f.pct(mdePct / 100)} lift on</th>
                <th scope="col">Customers per arm</th>
                <th scope="col">In total</th>
                <th scope="col">Duration</th>
              </tr>
            </thead>
            <tbody>
              {row('Conversion rate', plan.conversion)}
              {row('Profit per customer', plan.profit)}
            </tbody>
          </table>
          {plan.note && <p className="small muted">{plan.note}</p>}
        </>
      )}
      {isFetching && !plan && <p className="muted">Computing…</p>}
    </section>
  );
}
