'use client';

import { EmptyState } from '@/components/ui/empty-state';
import { useCampaigns, usePolicyAudit, useRecommenderEvaluation } from '@/lib/client/hooks/use-policies';
import { CampaignCard } from './campaign-card';
import { PolicyDraftForm } from './policy-draft-form';

export function PoliciesBoard({
  can,
}: {
  can: { draft: boolean; submit: boolean; approve: boolean; rollout: boolean; audit: boolean };
}) {
  const { data, error } = useCampaigns();
  const audit = usePolicyAudit(can.audit);
  const rec = useRecommenderEvaluation();
  if (error)
    return (
      <div className="alert error" role="alert">
        {error.message}
      </div>
    );
  if (!data) return <p className="muted">Loading…</p>;
  return (
    <>
      {can.draft && <PolicyDraftForm campaigns={data.items} />}
      {data.items.length === 0 && (
        <EmptyState title="No campaign yet">A manager creates a campaign, then drafts its discount policy.</EmptyState>
      )}
      {data.items.map((c) => (
        <CampaignCard key={c.id} campaign={c} can={can} />
      ))}
      {rec.data?.itemItem && (
        <div className="card">
          <h2 style={{ marginTop: 0 }}>Category recommender</h2>
          <p className="small muted">
            Item-item collaborative filtering on views (1), carts (3) and purchases (5); each customer&apos;s most
            recent category held out ({rec.data.users.toLocaleString('en-GB')} customers).
          </p>
          <table className="table" data-testid="recommender-table">
            <thead>
              <tr>
                <th>Recommender</th>
                <th>Hit rate@{rec.data.k}</th>
                <th>NDCG@{rec.data.k}</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <td>Item-item CF</td>
                <td>{rec.data.itemItem.hitRate.toFixed(3)}</td>
                <td>{rec.data.itemItem.ndcg.toFixed(3)}</td>
              </tr>
              <tr>
                <td>Popularity baseline</td>
                <td>{rec.data.popularity!.hitRate.toFixed(3)}</td>
                <td>{rec.data.popularity!.ndcg.toFixed(3)}</td>
              </tr>
            </tbody>
          </table>
        </div>
      )}
      {can.audit && audit.data && (
        <div className="card">
          <h2 style={{ marginTop: 0 }}>Audit log</h2>
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
              {audit.data.items.map((a) => (
                <tr key={a.id}>
                  <td>{a.createdAt.slice(0, 19).replace('T', ' ')}</td>
                  <td>{a.actor}</td>
                  <td>{a.action}</td>
                  <td className="small">
                    <code>{JSON.stringify(a.diff)?.slice(0, 160)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
