'use client';

import { ComputedAt } from '@/components/ui/computed-at';
import { EmptyState } from '@/components/ui/empty-state';
import { useExperiments } from '@/lib/client/hooks/use-experiments';
import { useModels } from '@/lib/client/hooks/use-models';
import {
  useCampaigns,
  useRecommenderEvaluation,
  useRecomputeRecommenderEvaluation,
} from '@/lib/client/hooks/use-policies';
import { useSegments } from '@/lib/client/hooks/use-segments';
import { describeArm } from '@/lib/experiments/arm-label';
import { AuditTable } from './audit-table';
import { CampaignCard } from './campaign-card';
import { PolicyEditor } from './editor/policy-editor';

export function PoliciesBoard({
  can,
}: {
  can: {
    draft: boolean;
    submit: boolean;
    approve: boolean;
    rollout: boolean;
    audit: boolean;
    recompute: boolean;
    verifyAudit: boolean;
  };
}) {
  const { data, error } = useCampaigns();
  const rec = useRecommenderEvaluation();
  const recompute = useRecomputeRecommenderEvaluation();
  const segments = useSegments();
  const experiments = useExperiments();
  const models = useModels();
  const segmentNames = new Map((segments.data?.segments ?? []).map((s) => [s.id, s.name]));
  const names = {
    segments: segmentNames,
    models: new Map((models.data?.items ?? []).map((m) => [m.id, `${m.name} v${m.version}`])),
    versions: new Map(
      (data?.items ?? []).flatMap((c) =>
        c.policies.flatMap((p) => p.versions.map((v) => [v.id, `${p.name} v${v.version}`])),
      ),
    ),
  };
  const running = (experiments.data?.items ?? []).filter((e) => e.status === 'RUNNING');
  const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
  // which running experiment takes which share of a campaign's traffic, and what each of its arms offers
  const experimentNote = (campaignId: string) => {
    const here = running.filter((e) => !e.campaignId || e.campaignId === campaignId);
    if (!here.length) return null;
    return here
      .map((e) => {
        const total = e.variants.reduce((t, v) => t + v.weight, 0);
        const arms = e.variants
          .map((v) => {
            const what = describeArm(v);
            return `${v.name} (${what}) ${pct(v.weight / total)}`;
          })
          .join(', ');
        return e.segmentId
          ? `Experiment "${e.name}" is running and decides for every customer in segment ${segmentNames.get(e.segmentId) ?? 'unknown'} until it is stopped — ${arms}; policies decide only for the other customers.`
          : `Experiment "${e.name}" is running and takes 100% of this campaign's traffic until it is stopped — ${arms}. No policy decides for anyone meanwhile.`;
      })
      .join(' ');
  };
  if (error)
    return (
      <div className="alert error" role="alert">
        {error.message}
      </div>
    );
  if (!data) return <p className="muted">Loading…</p>;
  return (
    <>
      {can.draft && <PolicyEditor campaigns={data.items} />}
      {data.items.length === 0 && (
        <EmptyState title="No campaign yet">A manager creates a campaign, then drafts its discount policy.</EmptyState>
      )}
      {data.items.map((c) => (
        <CampaignCard
          key={c.id}
          campaign={c}
          can={can}
          segmentNames={segmentNames}
          experimentNote={experimentNote(c.id)}
        />
      ))}
      {rec.data && (rec.data.itemItem || rec.data.status !== 'READY') && (
        <div className="card">
          <h2 style={{ marginTop: 0 }}>Category recommender</h2>
          <p className="small muted">
            Item-item collaborative filtering on views (1), carts (3) and purchases (5); each customer&apos;s most
            recent category held out ({rec.data.users.toLocaleString('en-GB')} customers).
          </p>
          <ComputedAt
            status={rec.data.status}
            computedAt={rec.data.computedAt}
            durationMs={rec.data.durationMs}
            error={rec.data.error}
            onRecompute={can.recompute ? () => recompute.mutate() : undefined}
            pending={recompute.isPending}
          />
          {rec.data.itemItem && rec.data.popularity && (
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
                  <td>{rec.data.popularity.hitRate.toFixed(3)}</td>
                  <td>{rec.data.popularity.ndcg.toFixed(3)}</td>
                </tr>
              </tbody>
            </table>
          )}
        </div>
      )}
      {can.audit && <AuditTable names={names} verify={can.verifyAudit} />}
    </>
  );
}
