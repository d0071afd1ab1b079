'use client';

import { Fragment, useState } from 'react';
import { ConfirmButton } from '@/components/ui/confirm-dialog';
import { useFormat } from '@/components/ui/format-provider';
import { StatusBadge } from '@/components/ui/status-badge';
import { type CampaignRow, type PolicyVersionRow, usePolicyAction } from '@/lib/client/hooks/use-policies';
import { describeRollout } from '@/lib/policies/rollout-split';
import { describeRules } from './describe-rules';
import { PolicyEvaluation } from './policy-evaluation';
import { type RolloutChoice, RolloutControls } from './rollout-controls';
import { RolloutMeasurement } from './rollout-measurement';

/**
 * One campaign: its policies' versions with status, rollout, live decision counts and the actions the role allows.
 * Each version has its own comment box; live changes (roll out, pause, resume, roll back) are confirmed in words.
 */
export function CampaignCard({
  campaign,
  can,
  segmentNames,
  experimentNote,
}: {
  campaign: CampaignRow;
  can: { draft: boolean; submit: boolean; approve: boolean; rollout: boolean };
  segmentNames: Map<string, string>;
  experimentNote: string | null;
}) {
  const act = usePolicyAction();
  const f = useFormat();
  const [comments, setComments] = useState<Record<string, string>>({});
  const [rollouts, setRollouts] = useState<Record<string, RolloutChoice>>({});
  const [open, setOpen] = useState<{ id: string; panel: 'evaluation' | 'measurement' } | null>(null);
  const all = campaign.policies.flatMap((p) => p.versions);
  const byId = new Map(all.map((v) => [v.id, v]));
  const live = all.find((v) => v.status === 'ACTIVE' || v.status === 'PAUSED');
  const run = (v: PolicyVersionRow, action: string, extra: object = {}) =>
    act.mutate({ id: v.id, action, ...extra }, { onSuccess: () => setComments((c) => ({ ...c, [v.id]: '' })) });
  const toggle = (id: string, panel: 'evaluation' | 'measurement') =>
    setOpen(open?.id === id && open.panel === panel ? null : { id, panel });
  const replacedName = (v: PolicyVersionRow) => {
    const r = v.replacesVersionId ? byId.get(v.replacesVersionId) : undefined;
    return r ? r.version : null;
  };
  return (
    <div className="card" data-testid={`campaign-${campaign.name}`}>
      <h2 style={{ marginTop: 0 }}>
        {campaign.name} <span className="muted small">margin {campaign.marginPct}%</span>
      </h2>
      <p className="small" data-testid="traffic-note">
        {experimentNote ??
          (live
            ? `${describeRollout({
                version: live.version,
                rolloutPct: live.rolloutPct,
                holdoutPct: live.holdoutPct,
                baseline: live.baseline,
                replacesVersion: replacedName(live),
              })
                .replace(' will decide', ' decides')
                .replace(
                  ' keeps the rest',
                  ' serves the rest',
                )}${live.status === 'PAUSED' ? ' (paused: no discount while paused)' : ''}`
            : 'No version is live: customers of this campaign get no discount.')}
      </p>
      {campaign.policies.length === 0 && <p className="muted">No policy drafted yet.</p>}
      {campaign.policies.map((p) => (
        <table className="table" key={p.id} data-testid="versions-table">
          <thead>
            <tr>
              <th>{p.name}</th>
              <th>Status</th>
              <th>Rule</th>
              <th>Traffic</th>
              <th>Decisions</th>
              <th>Review</th>
              <th>Actions</th>
            </tr>
          </thead>
          <tbody>
            {p.versions.map((v) => {
              const servesBaseline = live?.replacesVersionId === v.id && live.baseline === 'previous';
              const choice = rollouts[v.id] ?? { rolloutPct: 50, baseline: 'previous', holdoutPct: 5 };
              const effect = describeRollout({
                version: v.version,
                ...choice,
                replacesVersion: live && live.id !== v.id ? live.version : null,
              });
              return (
                <Fragment key={v.id}>
                  <tr data-testid={`version-row-v${v.version}`}>
                    <td>v{v.version}</td>
                    <td>
                      <StatusBadge status={v.status} />
                    </td>
                    <td className="small">{describeRules(v.rules, segmentNames, f)}</td>
                    <td className="small">
                      {v.status === 'ACTIVE' || v.status === 'PAUSED'
                        ? `${v.rolloutPct < 100 ? v.rolloutPct : 100 - v.holdoutPct}%`
                        : servesBaseline
                          ? `baseline of v${live.version}`
                          : '—'}
                    </td>
                    <td data-testid="decision-count">{f.number(v._count.decisions, 0)}</td>
                    <td className="small">{v.reviewComment ?? ''}</td>
                    <td>
                      <div className="row" style={{ gap: '0.35rem' }}>
                        <button className="btn" type="button" onClick={() => toggle(v.id, 'evaluation')}>
                          {open?.id === v.id && open.panel === 'evaluation' ? 'Hide evaluation' : 'Evaluate offline'}
                        </button>
                        {(v.status === 'ACTIVE' || v.status === 'PAUSED' || v.status === 'RETIRED') &&
                          v.activatedAt && (
                            <button className="btn" type="button" onClick={() => toggle(v.id, 'measurement')}>
                              {open?.id === v.id && open.panel === 'measurement'
                                ? 'Hide measurement'
                                : 'Measure vs baseline'}
                            </button>
                          )}
                        {v.status === 'DRAFT' && can.submit && (
                          <button
                            className="btn"
                            type="button"
                            disabled={act.isPending}
                            onClick={() => run(v, 'submit')}
                          >
                            Submit for approval
                          </button>
                        )}
                        {v.status === 'SUBMITTED' && can.approve && (
                          <>
                            <input
                              aria-label={`Comment on v${v.version}`}
                              placeholder={`comment on v${v.version}`}
                              value={comments[v.id] ?? ''}
                              onChange={(e) => setComments((c) => ({ ...c, [v.id]: e.target.value }))}
                              style={{ width: 150 }}
                            />
                            <button
                              className="btn"
                              type="button"
                              disabled={act.isPending}
                              onClick={() => run(v, 'approve', { comment: comments[v.id] || undefined })}
                            >
                              Approve v{v.version}
                            </button>
                            <button
                              className="btn danger"
                              type="button"
                              disabled={act.isPending}
                              onClick={() => run(v, 'reject', { comment: comments[v.id] || undefined })}
                            >
                              Reject v{v.version}
                            </button>
                          </>
                        )}
                        {v.status === 'APPROVED' && can.rollout && (
                          <>
                            <RolloutControls
                              version={v.version}
                              value={choice}
                              hasPrevious={!!live && live.id !== v.id}
                              onChange={(c) => setRollouts((r) => ({ ...r, [v.id]: c }))}
                            />
                            <ConfirmButton
                              label={`Roll out v${v.version}`}
                              title={`Roll out v${v.version} of ${p.name}?`}
                              effect={effect}
                              confirmLabel={`Yes, roll out v${v.version}`}
                              disabled={act.isPending}
                              onConfirm={() => run(v, 'activate', choice)}
                            />
                          </>
                        )}
                        {v.status === 'ACTIVE' && can.rollout && (
                          <ConfirmButton
                            label="Pause"
                            title={`Pause v${v.version}?`}
                            effect={`v${v.version} stops deciding: customers of ${campaign.name} get no discount until you resume it.`}
                            confirmLabel={`Pause v${v.version}`}
                            disabled={act.isPending}
                            onConfirm={() => run(v, 'pause')}
                          />
                        )}
                        {v.status === 'PAUSED' && can.rollout && (
                          <ConfirmButton
                            label="Resume"
                            title={`Resume v${v.version}?`}
                            effect={`v${v.version} decides again for ${v.rolloutPct < 100 ? v.rolloutPct : 100 - v.holdoutPct}% of customers.`}
                            confirmLabel={`Resume v${v.version}`}
                            disabled={act.isPending}
                            onConfirm={() => run(v, 'resume')}
                          />
                        )}
                        {(v.status === 'ACTIVE' || v.status === 'PAUSED') && can.rollout && (
                          <ConfirmButton
                            label="Roll back"
                            danger
                            title={`Roll back v${v.version}?`}
                            effect={
                              replacedName(v) !== null
                                ? `v${v.version} stops deciding; v${replacedName(v)} comes back for the customers of ${campaign.name} it served before.`
                                : `v${v.version} stops deciding; the previously active version (if any) comes back, otherwise customers get no discount.`
                            }
                            confirmLabel={`Roll back v${v.version}`}
                            disabled={act.isPending}
                            onConfirm={() => run(v, 'rollback')}
                          />
                        )}
                      </div>
                    </td>
                  </tr>
                  {open?.id === v.id && (
                    <tr>
                      <td colSpan={7}>
                        {open.panel === 'evaluation' ? (
                          <PolicyEvaluation versionId={v.id} canRecompute={can.draft} />
                        ) : (
                          <RolloutMeasurement versionId={v.id} />
                        )}
                      </td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      ))}
      {act.error && (
        <div className="alert error" role="alert">
          {act.error.message}
        </div>
      )}
    </div>
  );
}
