'use client';

import { RadioGroup, Tabs } from 'radix-ui';
import { useState } from 'react';
import { Select } from '@/components/ui/select';
import { useModels } from '@/lib/client/hooks/use-models';
import { type CampaignRow, useCreateCampaign, useDraftPolicy } from '@/lib/client/hooks/use-policies';
import { useSegments } from '@/lib/client/hooks/use-segments';
import { checkDraftRules } from '@/lib/policies/draft-check';
import { AdvancedJson } from './advanced-json';
import { ConstraintFields } from './constraint-fields';
import {
  ALL_LEVELS,
  type EditorState,
  fromRules,
  initialEditorState,
  type Mode,
  missingPicks,
  toRules,
} from './editor-state';
import { ModelRules } from './model-rules';
import { SegmentRules } from './segment-rules';

const MODES: { value: Mode; label: string; hint: string }[] = [
  { value: 'fixed', label: 'Same discount for everyone', hint: 'one level for every eligible customer' },
  { value: 'segments', label: 'Per segment', hint: 'pick segments by name and give each its discount' },
  {
    value: 'model-optimal',
    label: 'Model-optimal',
    hint: 'each customer gets the level with the highest expected profit',
  },
  {
    value: 'contextual',
    label: 'Contextual bandit',
    hint: "each customer's level is drawn from the model's uncertainty; every level keeps a floor chance",
  },
];

/** Managers build a rule set with pickers (no ids, no JSON unless they open the advanced view) and save a draft. */
export function PolicyEditor({ campaigns }: { campaigns: CampaignRow[] }) {
  const createCampaign = useCreateCampaign();
  const draft = useDraftPolicy();
  const segments = useSegments();
  const models = useModels();
  const [campaignName, setCampaignName] = useState('');
  const [campaignId, setCampaignId] = useState('');
  const [policyId, setPolicyId] = useState('new');
  const [name, setName] = useState('');
  const [tab, setTab] = useState('build');
  const campaign = campaigns.find((c) => c.id === campaignId);
  const [state, setState] = useState<EditorState>(() => initialEditorState(40));
  const set = (patch: Partial<EditorState>) => setState((s) => ({ ...s, ...patch }));
  const rules = toRules(state);
  const known = {
    segmentIds: segments.data?.segments.map((s) => s.id) ?? [],
    modelVersionIds: models.data?.items.map((m) => m.id) ?? [],
  };
  const missing = missingPicks(state);
  const check = checkDraftRules(rules, known);
  const problems = [
    ...(campaignId ? [] : ['Choose a campaign.']),
    ...(policyId === 'new' && !name.trim() ? ['Name the policy.'] : []),
    ...missing,
    ...(missing.length ? [] : check.issues.map((i) => `${i.path}: ${i.message}`)),
  ];

  function save(e: React.FormEvent) {
    e.preventDefault();
    if (problems.length) return;
    draft.mutate(
      {
        campaignId,
        policyId: policyId === 'new' ? undefined : policyId,
        name: policyId === 'new' ? name.trim() : (campaign?.policies.find((p) => p.id === policyId)?.name ?? 'Policy'),
        rules,
      },
      { onSuccess: () => setName('') },
    );
  }

  return (
    <div className="card" data-testid="policy-editor">
      <h2 style={{ marginTop: 0 }}>Draft a discount policy</h2>
      <form
        className="row"
        aria-label="Create a campaign"
        onSubmit={(e) => {
          e.preventDefault();
          createCampaign.mutate(
            { name: campaignName, marginPct: 40 },
            {
              onSuccess: (c) => {
                setCampaignId(c.id);
                setPolicyId('new');
                setCampaignName('');
              },
            },
          );
        }}
      >
        <div className="field">
          <label htmlFor="campaign-name">New campaign</label>
          <input
            id="campaign-name"
            value={campaignName}
            onChange={(e) => setCampaignName(e.target.value)}
            placeholder="e.g. Winter sale"
            required
          />
        </div>
        <div className="field">
          <button className="btn" type="submit">
            Create campaign
          </button>
        </div>
      </form>
      <form onSubmit={save} aria-label="Draft policy">
        <div className="row">
          <div className="field">
            <label htmlFor="draft-campaign">Campaign</label>
            <Select
              id="draft-campaign"
              label="Campaign"
              value={campaignId}
              onChange={(v) => {
                setCampaignId(v);
                setPolicyId('new');
                const c = campaigns.find((x) => x.id === v);
                if (c) set({ marginPct: c.marginPct });
              }}
              options={campaigns.map((c) => ({ value: c.id, label: c.name }))}
              placeholder="Choose a campaign"
            />
          </div>
          <div className="field">
            <label htmlFor="draft-policy">Policy</label>
            <Select
              id="draft-policy"
              label="Policy"
              value={policyId}
              onChange={setPolicyId}
              options={[
                { value: 'new', label: 'New policy' },
                ...(campaign?.policies.map((p) => ({ value: p.id, label: `${p.name} (new version)` })) ?? []),
              ]}
            />
          </div>
          {policyId === 'new' && (
            <div className="field">
              <label htmlFor="draft-name">Policy name</label>
              <input id="draft-name" value={name} onChange={(e) => setName(e.target.value)} />
            </div>
          )}
        </div>
        <Tabs.Root value={tab} onValueChange={setTab}>
          <Tabs.List className="tabs-list" aria-label="How to edit the rules">
            <Tabs.Trigger className="tabs-trigger" value="build">
              Build
            </Tabs.Trigger>
            <Tabs.Trigger className="tabs-trigger" value="json">
              Advanced JSON
            </Tabs.Trigger>
          </Tabs.List>
          <Tabs.Content value="build">
            <RadioGroup.Root
              aria-label="Rule"
              value={state.mode}
              onValueChange={(v) => set({ mode: v as Mode })}
              className="row"
              style={{ marginBottom: '0.9rem', alignItems: 'stretch' }}
            >
              {MODES.map((m) => (
                <RadioGroup.Item
                  key={m.value}
                  value={m.value}
                  className="radio-card"
                  style={{ width: 'auto', flexDirection: 'column', alignItems: 'flex-start' }}
                  aria-label={m.label}
                >
                  <strong>{m.label}</strong>
                  <span className="small muted">{m.hint}</span>
                </RadioGroup.Item>
              ))}
            </RadioGroup.Root>
            {state.mode === 'fixed' && (
              <div className="field">
                <label htmlFor="fixed-discount">Discount for everyone</label>
                <Select
                  id="fixed-discount"
                  label="Discount for everyone"
                  value={String(state.discountPct)}
                  onChange={(v) => set({ discountPct: Number(v) })}
                  options={ALL_LEVELS.map((d) => ({ value: String(d), label: `${d}% off` }))}
                />
              </div>
            )}
            {(state.mode === 'model-optimal' || state.mode === 'contextual') && (
              <ModelRules key={state.mode} state={state} set={set} contextual={state.mode === 'contextual'} />
            )}
            <h3 className="small muted">
              {state.mode === 'segments' ? 'Segments' : 'Exclude segments (they never get a discount)'}
            </h3>
            <SegmentRules state={state} set={set} perSegment={state.mode === 'segments'} />
            {state.mode === 'segments' && (
              <div className="field">
                <label htmlFor="default-discount">Everyone else gets</label>
                <Select
                  id="default-discount"
                  label="Discount for customers in no picked segment"
                  value={String(state.defaultDiscountPct)}
                  onChange={(v) => set({ defaultDiscountPct: Number(v) })}
                  options={ALL_LEVELS.map((d) => ({ value: String(d), label: d ? `${d}% off` : 'no discount' }))}
                />
              </div>
            )}
            <ConstraintFields state={state} set={set} />
          </Tabs.Content>
          <Tabs.Content value="json">
            <AdvancedJson
              key={JSON.stringify(rules)}
              rules={rules}
              known={known}
              onApply={(r) => setState((s) => fromRules(r, s))}
            />
          </Tabs.Content>
        </Tabs.Root>
        {problems.length > 0 && (
          <ul className="issues" data-testid="draft-problems">
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        )}
        <button className="btn primary" type="submit" disabled={draft.isPending || problems.length > 0}>
          Save draft
        </button>
      </form>
      {(draft.error || createCampaign.error) && (
        <div className="alert error" role="alert">
          {draft.error?.message ?? createCampaign.error?.message}
        </div>
      )}
    </div>
  );
}
