'use client';

import { EmptyState } from '@/components/ui/empty-state';
import { useFormat } from '@/components/ui/format-provider';
import { useSandboxLog } from '@/lib/client/hooks/use-sandbox-log';

/** What test (sandbox) keys were answered: the sandbox log, apart from every live number. */
export function SandboxLogPanel() {
  const f = useFormat();
  const log = useSandboxLog();
  return (
    <div className="card">
      <h2 style={{ marginTop: 0 }}>Sandbox log</h2>
      <p className="muted small">
        Offers answered to test keys, newest first
        {log.data ? ` (${f.number(log.data.total, 0)} in all)` : ''}. They are the decisions a live key would get, but
        they count nowhere: not in decisions, experiments, policy measurements, frequency caps or features.
      </p>
      {log.error && (
        <div className="alert error" role="alert">
          {log.error.message}
        </div>
      )}
      {log.data && log.data.items.length === 0 && (
        <EmptyState title="No sandbox offers yet">
          Create a key in test mode above and ask <code>POST /api/v1/offers</code> with it.
        </EmptyState>
      )}
      {log.data && log.data.items.length > 0 && (
        <table className="table" data-testid="sandbox-log">
          <thead>
            <tr>
              <th>When (UTC)</th>
              <th>Key</th>
              <th>Customer</th>
              <th>Discount</th>
              <th>Why</th>
            </tr>
          </thead>
          <tbody>
            {log.data.items.map((d) => (
              <tr key={d.decisionId}>
                <td>{d.createdAt.slice(0, 19).replace('T', ' ')}</td>
                <td>{d.apiKey ? d.apiKey.name : 'deleted key'}</td>
                <td>{d.customerId}</td>
                <td>{f.pct(d.discountPct / 100, { digits: 0 })}</td>
                <td className="small">{d.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
