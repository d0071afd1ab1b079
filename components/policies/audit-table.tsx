'use client';

import type { AuditRow } from '@/lib/client/hooks/use-policies';
import { describeDiff, type NameBook } from './audit-diff';
import { AuditIntegrity } from './audit-integrity';

const ACTIONS: Record<string, string> = {
  'campaign.create': 'created the campaign',
  'policy.draft': 'drafted',
  'policy.submit': 'submitted',
  'policy.approve': 'approved',
  'policy.reject': 'rejected',
  'policy.activate': 'rolled out',
  'policy.pause': 'paused',
  'policy.resume': 'resumed',
  'policy.rollback': 'rolled back',
};

/** The policy audit trail in words (names, not ids; before → after per field), raw JSON behind a toggle. */
export function AuditTable({ items, names, verify }: { items: AuditRow[]; names: NameBook; verify: boolean }) {
  return (
    <div className="card">
      <h2 style={{ marginTop: 0 }}>Audit log</h2>
      {verify && <AuditIntegrity />}
      <table className="table" data-testid="audit-table">
        <thead>
          <tr>
            <th>When</th>
            <th>Who</th>
            <th>What</th>
            <th>Change</th>
          </tr>
        </thead>
        <tbody>
          {items.map((a) => (
            <tr key={a.id}>
              <td>{a.createdAt.slice(0, 19).replace('T', ' ')}</td>
              <td>{a.actor}</td>
              <td>
                {ACTIONS[a.action] ?? a.action} <strong>{names.versions.get(a.entityId) ?? ''}</strong>
                <span className="sr-only"> ({a.action})</span>
              </td>
              <td className="small">
                <ul style={{ margin: 0, paddingLeft: '1rem' }}>
                  {describeDiff(a.diff, names).map((l) => (
                    <li key={l}>{l}</li>
                  ))}
                </ul>
                <details>
                  <summary className="muted">raw JSON</summary>
                  <code>{JSON.stringify(a.diff, null, 1)}</code>
                </details>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
