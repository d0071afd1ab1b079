'use client';

import { Select } from '@/components/ui/select';
import type { ArmKind } from '@/lib/client/hooks/use-experiments';
import type { CampaignRow } from '@/lib/client/hooks/use-policies';

export interface ArmDraft {
  name: string;
  weight: number;
  kind: ArmKind;
  discountPct: number;
  policyVersionId: string;
}

const KIND_OPTIONS: { value: ArmKind; label: string }[] = [
  { value: 'discount', label: 'A fixed discount' },
  { value: 'policy-version', label: 'A policy version' },
  { value: 'current-policy', label: 'The current policy' },
  { value: 'none', label: 'No discount' },
];
const APPROVED = new Set(['APPROVED', 'ACTIVE', 'PAUSED', 'RETIRED']);

/** The approved policy versions of a campaign, by name, for an arm's picker (only approved ones may run). */
export function versionOptions(campaign: CampaignRow | undefined) {
  return (campaign?.policies ?? []).flatMap((p) =>
    p.versions
      .filter((v) => APPROVED.has(v.status))
      .map((v) => ({
        value: v.id,
        label: `${p.name} v${v.version} (${v.status.toLowerCase()}, ${v.rules.mode})`,
        text: `${p.name} v${v.version}`,
      })),
  );
}

/** What decides for one arm: a fixed discount, a policy version of the campaign, the current policy, or nothing. */
export function ArmFields({
  i,
  arm,
  set,
  campaign,
  bandit,
}: {
  i: number;
  arm: ArmDraft;
  set: (patch: Partial<ArmDraft>) => void;
  campaign: CampaignRow | undefined;
  bandit: boolean;
}) {
  const live = campaign?.policies
    .flatMap((p) => p.versions.map((v) => ({ p, v })))
    .find((x) => x.v.status === 'ACTIVE');
  return (
    <>
      {!bandit && (
        <div className="field">
          <label htmlFor={`v-kind-${i}`}>Decided by</label>
          <Select
            id={`v-kind-${i}`}
            label={`Arm ${i + 1} decided by`}
            value={arm.kind}
            onChange={(v) => set({ kind: v as ArmKind })}
            options={KIND_OPTIONS}
          />
        </div>
      )}
      {arm.kind === 'discount' && (
        <div className="field">
          <label htmlFor={`v-disc-${i}`}>Discount %</label>
          <input
            id={`v-disc-${i}`}
            type="number"
            min={0}
            max={90}
            value={arm.discountPct}
            onChange={(e) => set({ discountPct: Number(e.target.value) })}
          />
        </div>
      )}
      {arm.kind === 'policy-version' && (
        <div className="field">
          <label htmlFor={`v-version-${i}`}>Policy version</label>
          <Select
            id={`v-version-${i}`}
            label={`Arm ${i + 1} policy version`}
            value={arm.policyVersionId || undefined}
            onChange={(v) => set({ policyVersionId: v })}
            options={versionOptions(campaign)}
            placeholder={campaign ? 'Choose an approved version…' : 'Choose the campaign first'}
            disabled={!campaign}
          />
        </div>
      )}
      {arm.kind === 'current-policy' && (
        <p className="small muted" style={{ alignSelf: 'center' }}>
          {campaign
            ? live
              ? `Now ${live.p.name} v${live.v.version}; whichever version is active when the offer is made.`
              : 'The campaign has no active version: this arm would offer no discount.'
            : 'Choose the campaign first.'}
        </p>
      )}
    </>
  );
}
