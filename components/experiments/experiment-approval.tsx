'use client';

import { useState } from 'react';
import { type ExperimentRow, useExperimentAction } from '@/lib/client/hooks/use-experiments';
import { useCampaigns } from '@/lib/client/hooks/use-policies';

export interface ApprovalRights {
  userId: string | null;
  canSubmit: boolean;
  canApprove: boolean;
}

/**
 * The live-change workflow of a draft experiment: a manager submits it in a campaign (whose maximum discount bounds
 * the arms); an admin other than the submitter approves, which starts it. The server enforces all of it.
 */
export function ExperimentApproval({ e, rights }: { e: ExperimentRow; rights: ApprovalRights }) {
  const action = useExperimentAction();
  const campaigns = useCampaigns();
  const [campaignId, setCampaignId] = useState(e.campaignId ?? '');
  const error = action.error && (
    <div className="alert error" role="alert">
      {action.error.message}
    </div>
  );
  if (!e.submittedAt) {
    if (!rights.canSubmit) return <span className="muted">Draft — a manager submits it for approval</span>;
    return (
      <div className="row">
        <label htmlFor={`exp-campaign-${e.id}`}>Campaign</label>
        <select id={`exp-campaign-${e.id}`} value={campaignId} onChange={(ev) => setCampaignId(ev.target.value)}>
          <option value="">Choose…</option>
          {campaigns.data?.items.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
        <button
          className="btn"
          type="button"
          disabled={!campaignId || action.isPending}
          onClick={() => action.mutate({ id: e.id, action: 'submit', json: { campaignId } })}
        >
          Submit for approval
        </button>
        {error}
      </div>
    );
  }
  if (!rights.canApprove) return <span className="muted">Awaiting an admin&apos;s approval</span>;
  if (rights.userId === e.submittedById)
    return <span className="muted">You submitted it: another admin must approve it</span>;
  return (
    <div className="row">
      <button
        className="btn primary"
        type="button"
        disabled={action.isPending}
        onClick={() => action.mutate({ id: e.id, action: 'start' })}
      >
        Approve and start
      </button>
      {error}
    </div>
  );
}
