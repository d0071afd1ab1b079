'use client';

import { useAuditIntegrity } from '@/lib/client/hooks/use-audit';
import { useFormat } from '../ui/format-provider';

/**
 * Admins see whether the audit log's hash chain verifies (recomputed on the server from every row of the
 * organisation): "Audit log intact ✓" with the number of rows checked, or the first broken row and why.
 */
export function AuditIntegrity() {
  const check = useAuditIntegrity(true);
  const fmt = useFormat();
  if (check.isPending) return <p className="muted small">Checking the audit log’s hash chain…</p>;
  if (check.error) return <p className="alert error">Could not check the audit log: {check.error.message}</p>;
  const r = check.data;
  if (r.intact)
    return (
      <p className="alert success" role="status" data-testid="audit-integrity">
        <strong>Audit log intact ✓</strong> — all {fmt.number(r.verifiedRows, 0)} audit rows of this organisation verify
        against their hash chain
      </p>
    );
  const n = r.verifiedRows;
  const before =
    n === 0 ? '' : n === 1 ? ' The row before it verifies.' : ` The ${fmt.number(n, 0)} rows before it verify.`;
  return (
    <p className="alert error" role="alert" data-testid="audit-integrity">
      <strong>Audit log broken at row {fmt.number(r.brokenAt!.row, 0)}</strong> — {r.brokenAt!.message}.{before}
    </p>
  );
}
