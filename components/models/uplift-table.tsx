'use client';

import { useFormat } from '@/components/ui/format-provider';
import type { ModelMetrics } from '@/lib/client/hooks/use-models';

/**
 * Uplift quality on the holdout: one row per discount level (against no discount) or per arm (against the control
 * arm), with observed conversion of both groups, the model's AUUC, the T-learner's and random rankings'.
 */
export function UpliftTable({ uplift }: { uplift: NonNullable<ModelMetrics['uplift']> }) {
  const f = useFormat();
  if (uplift.length === 0) return null;
  const byArm = uplift[0].arm !== undefined;
  const auuc = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '—' : f.number(v, 3));
  return (
    <div className="card">
      <h2 style={{ marginTop: 0 }}>Uplift quality (holdout)</h2>
      {byArm && (
        <p className="muted small">
          Each arm against the control arm <strong>{uplift[0].control}</strong>. A random ranking scores an AUUC of
          about 0; the observed conversion of each group is shown beside it.
        </p>
      )}
      <table className="table" data-testid="uplift-table">
        <thead>
          <tr>
            <th>{byArm ? 'Arm vs control' : 'Discount vs none'}</th>
            <th>Rows</th>
            <th>Conversion: treated vs control</th>
            <th>AUUC (normalised Qini)</th>
            <th>T-learner AUUC</th>
            <th>Random ranking AUUC</th>
            <th>Observed uplift in the top 20%</th>
          </tr>
        </thead>
        <tbody>
          {uplift.map((u) => (
            <tr key={u.arm ?? u.discountPct}>
              <td>{byArm ? `${u.arm} vs ${u.control}` : `${f.number(u.discountPct, 0)}%`}</td>
              <td>{f.number(u.rows, 0)}</td>
              <td>
                {u.treatedRate !== undefined && u.controlRate !== undefined
                  ? `${f.pct(u.treatedRate, { digits: 2 })} vs ${f.pct(u.controlRate, { digits: 2 })}`
                  : '—'}
              </td>
              <td>{auuc(u.auuc)}</td>
              <td>{auuc(u.tLearnerAuuc)}</td>
              <td>{auuc(u.randomAuuc)}</td>
              <td>{Number.isFinite(u.upliftTop20) ? `${f.number(u.upliftTop20 * 100, 1)} pts` : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
