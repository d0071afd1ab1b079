'use client';

import { EmptyState } from '@/components/ui/empty-state';
import { useCampaigns, usePolicyAudit } from '@/lib/client/hooks/use-policies';
import { CampaignCard } from './campaign-card';
import { PolicyDraftForm } from './policy-draft-form';

export function PoliciesBoard({ can }: { can: { draft: boolean; submit: boolean; approve: boolean; rollout: boolean; audit: boolean } }) {
  const { data, error } = useCampaigns();
  const audit = usePolicyAudit(can.audit);
  if (error) return <div className="alert error" role="alert">{error.message}</div>;
  if (!data) return <p className="muted">Loading…</p>;
  return (
    <>
      {can.draft && <PolicyDraftForm campaigns={data.items} />}
      {data.items.length === 0 && <EmptyState title="No campaign yet">A manager creates a campaign, then drafts its discount policy.</EmptyState>}
      {data.items.map((c) => <CampaignCard key={c.id} campaign={c} can={can} />)}
      {can.audit && audit.data && (
        <div className="card">
          <h2 style={{ marginTop: 0 }}>Audit log</h2>
          <table className="table" data-testid="audit-table">
            <thead><tr><th>When</th><th>Who</th><th>What</th><th>Change</th></tr></thead>
            <tbody>
              {audit.data.items.map((a) => (
                <tr key={a.id}><td>{a.createdAt.slice(0, 19).replace('T', ' ')}</td><td>{a.actor}</td><td>{a.action}</td><td className="small"><code>{JSON.stringify(a.diff)?.slice(0, 160)}</code></td></tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
