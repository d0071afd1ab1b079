'use client';

import { Pager, SortTh, TableSearch, useTableState } from '@/components/ui/table-controls';
import { type AuditRow, usePolicyAudit } from '@/lib/client/hooks/use-policies';
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
export function AuditTable({ names, verify }: { names: NameBook; verify: boolean }) {
  const table = useTableState({ sort: 'createdAt', dir: 'desc', pageSize: 25 });
  const { data, error, isPlaceholderData } = usePolicyAudit(true, table.params);
  return (
    <div className="card">
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <h2 style={{ margin: 0 }}>Audit log</h2>
        <TableSearch table={table} label="Search the audit log by action or person" />
      </div>
      {verify && <AuditIntegrity />}
      {error && (
        <div className="alert error" role="alert">
          {error.message}
        </div>
      )}
      {!data && !error && <p className="muted">Loading…</p>}
      {data && (
        <table className="table" data-testid="audit-table">
          <thead>
            <tr>
              <SortTh table={table} column="createdAt" label="When" />
              <th>Who</th>
              <SortTh table={table} column="action" label="What" firstDir="asc" />
              <th>Change</th>
            </tr>
          </thead>
          <tbody>
            {data.items.length === 0 && (
              <tr>
                <td colSpan={4} className="muted">
                  {table.params.q ? `Nothing in the audit log matches “${table.params.q}”.` : 'Nothing audited yet.'}
                </td>
              </tr>
            )}
            {data.items.map((a: AuditRow) => (
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
      )}
      {data && <Pager table={table} page={data} busy={isPlaceholderData} noun="entries" testId="audit-pager" />}
    </div>
  );
}
