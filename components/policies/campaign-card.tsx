'use client';

import { useState } from 'react';
import { StatusBadge } from '@/components/ui/status-badge';
import { type CampaignRow, type PolicyVersionRow, usePolicyAction } from '@/lib/client/hooks/use-policies';
import { PolicyEvaluation } from './policy-evaluation';

function describeRules(r: PolicyVersionRow['rules']): string {
  const freq = r.frequencyCap as { maxOffers: number; perDays: number } | undefined;
  const extra = `${freq ? `, ≤ ${freq.maxOffers} per ${freq.perDays} d` : ''}${r.attachToTopCategory ? ', on top category' : ''}`;
  if (r.mode === 'fixed') return `${r.discountPct}% for everyone (cap ${r.maxDiscountPct}%${extra})`;
  if (r.mode === 'segments')
    return `per segment (${(r.segments as unknown[]).length} rules, default ${r.defaultDiscountPct}%${extra})`;
  return `model-optimal over ${(r.levels as number[]).join('/')}% (order value ${r.orderValue}, margin ${r.marginPct}%${r.budgetPerOffer ? `, budget ${r.budgetPerOffer} per offer` : ''}${extra})`;
}

/** One campaign: its policies' versions with status, rollout, live decision counts and the actions the role allows. */
export function CampaignCard({
  campaign,
  can,
}: {
  campaign: CampaignRow;
  can: { submit: boolean; approve: boolean; rollout: boolean };
}) {
  const act = usePolicyAction();
  const [comment, setComment] = useState('');
  const [rollout, setRollout] = useState(100);
  const [evaluating, setEvaluating] = useState<string | null>(null);
  const button = (v: PolicyVersionRow, action: string, label: string, extra: object = {}) => (
    <button
      key={action}
      className={`btn ${action === 'reject' || action === 'rollback' ? 'danger' : ''}`}
      type="button"
      disabled={act.isPending}
      onClick={() => act.mutate({ id: v.id, action, ...extra })}
    >
      {label}
    </button>
  );
  return (
    <div className="card" data-testid={`campaign-${campaign.name}`}>
      <h2 style={{ marginTop: 0 }}>
        {campaign.name} <span className="muted small">margin {campaign.marginPct}%</span>
      </h2>
      {campaign.policies.length === 0 && <p className="muted">No policy drafted yet.</p>}
      {campaign.policies.map((p) => (
        <table className="table" key={p.id} data-testid="versions-table">
          <thead>
            <tr>
              <th>{p.name}</th>
              <th>Status</th>
              <th>Rule</th>
              <th>Rollout</th>
              <th>Decisions</th>
              <th>Review</th>
              <th>Actions</th>
            </tr>
          </thead>
          <tbody>
            {p.versions.map((v) => (
              <tr key={v.id}>
                <td>v{v.version}</td>
                <td>
                  <StatusBadge status={v.status} />
                </td>
                <td className="small">{describeRules(v.rules)}</td>
                <td>{v.status === 'ACTIVE' || v.status === 'PAUSED' ? `${v.rolloutPct}%` : '—'}</td>
                <td data-testid="decision-count">{v._count.decisions.toLocaleString('en-GB')}</td>
                <td className="small">{v.reviewComment ?? ''}</td>
                <td>
                  <div className="row" style={{ gap: '0.35rem' }}>
                    <button
                      className="btn"
                      type="button"
                      onClick={() => setEvaluating(evaluating === v.id ? null : v.id)}
                    >
                      {evaluating === v.id ? 'Hide evaluation' : 'Evaluate offline'}
                    </button>
                    {v.status === 'DRAFT' && can.submit && button(v, 'submit', 'Submit for approval')}
                    {v.status === 'SUBMITTED' && can.approve && (
                      <>
                        <input
                          aria-label={`Comment on v${v.version}`}
                          placeholder="comment"
                          value={comment}
                          onChange={(e) => setComment(e.target.value)}
                          style={{ width: 140 }}
                        />
                        {button(v, 'approve', 'Approve', { comment: comment || undefined })}
                        {button(v, 'reject', 'Reject', { comment: comment || undefined })}
                      </>
                    )}
                    {v.status === 'APPROVED' && can.rollout && (
                      <>
                        <input
                          aria-label={`Rollout % for v${v.version}`}
                          type="number"
                          min={1}
                          max={100}
                          value={rollout}
                          onChange={(e) => setRollout(Number(e.target.value))}
                          style={{ width: 70 }}
                        />
                        {button(v, 'activate', 'Roll out', { rolloutPct: rollout })}
                      </>
                    )}
                    {v.status === 'ACTIVE' &&
                      can.rollout && [button(v, 'pause', 'Pause'), button(v, 'rollback', 'Roll back')]}
                    {v.status === 'PAUSED' &&
                      can.rollout && [button(v, 'resume', 'Resume'), button(v, 'rollback', 'Roll back')]}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
      {evaluating && <PolicyEvaluation versionId={evaluating} />}
      {act.error && (
        <div className="alert error" role="alert">
          {act.error.message}
        </div>
      )}
    </div>
  );
}
