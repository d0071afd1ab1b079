'use client';

import { useState } from 'react';
import { useFormat } from '@/components/ui/format-provider';
import { Select } from '@/components/ui/select';
import { type CreateExperimentBody, useCreateExperiment } from '@/lib/client/hooks/use-experiments';
import { useCampaigns } from '@/lib/client/hooks/use-policies';
import { useSegments } from '@/lib/client/hooks/use-segments';
import { type ArmDraft, ArmFields } from './arm-fields';
import { PlanPanel } from './plan-panel';

const blank = (): ArmDraft => ({ name: '', weight: 1, kind: 'discount', discountPct: 0, policyVersionId: '' });

/**
 * Create an experiment: the first variant is the control; each variant offers a fixed discount, runs a policy version
 * of the chosen campaign, the campaign's current policy, or no discount (all picked by name).
 */
export function ExperimentForm() {
  const create = useCreateExperiment();
  const [key, setKey] = useState('');
  const [name, setName] = useState('');
  const [metric, setMetric] = useState<CreateExperimentBody['primaryMetric']>('conversion');
  const [margin, setMargin] = useState(40);
  const [maxCost, setMaxCost] = useState('');
  const [maxDrop, setMaxDrop] = useState('');
  const [segmentId, setSegmentId] = useState('');
  const [type, setType] = useState<'AB' | 'BANDIT'>('AB');
  const [banditMetric, setBanditMetric] = useState<'profit' | 'conversion'>('profit');
  const [schedule, setSchedule] = useState<'hourly' | 'daily'>('daily');
  const [burnIn, setBurnIn] = useState(100);
  const [floorPct, setFloorPct] = useState(5);
  const bandit = type === 'BANDIT';
  const segments = useSegments().data?.run?.segments ?? [];
  const f = useFormat();
  const campaigns = useCampaigns().data?.items ?? [];
  const [campaignId, setCampaignId] = useState('');
  const campaign = campaigns.find((c) => c.id === campaignId);
  const [variants, setVariants] = useState<ArmDraft[]>([
    { ...blank(), name: 'Control' },
    { ...blank(), name: '10% off', discountPct: 10 },
  ]);
  const arms = bandit ? variants.map((v) => ({ ...v, kind: 'discount' as const })) : variants;
  const needsCampaign = arms.some((v) => v.kind === 'policy-version' || v.kind === 'current-policy');
  const set = (i: number, patch: Partial<(typeof variants)[number]>) =>
    setVariants(variants.map((v, j) => (j === i ? { ...v, ...patch } : v)));
  return (
    <form
      className="card"
      aria-label="New experiment"
      onSubmit={(e) => {
        e.preventDefault();
        const guardrails = {
          ...(maxCost ? { maxDiscountCostPerUser: Number(maxCost) } : {}),
          ...(maxDrop ? { maxConversionDropPct: Number(maxDrop) } : {}),
        };
        create.mutate(
          {
            key,
            name,
            type,
            primaryMetric: bandit ? banditMetric : metric,
            marginPct: margin,
            variants: arms.map((v) => ({
              name: v.name,
              weight: v.weight,
              kind: v.kind,
              ...(v.kind === 'discount' ? { discountPct: v.discountPct } : {}),
              ...(v.kind === 'policy-version' ? { policyVersionId: v.policyVersionId } : {}),
            })),
            ...(campaignId ? { campaignId } : {}),
            ...(bandit ? { bandit: { metric: banditMetric, schedule, burnIn, minShare: floorPct / 100 } } : {}),
            ...(segmentId ? { segmentId } : {}),
            ...(Object.keys(guardrails).length ? { guardrails } : {}),
          },
          {
            onSuccess: () => {
              setKey('');
              setName('');
            },
          },
        );
      }}
    >
      <h2 style={{ marginTop: 0 }}>New experiment</h2>
      <fieldset className="row" style={{ border: 0, padding: 0, margin: '0 0 0.5rem' }}>
        <legend className="small">Type</legend>
        <label>
          <input type="radio" name="exp-type" checked={!bandit} onChange={() => setType('AB')} /> A/B test — a fixed
          split, read at the end
        </label>
        <label>
          <input type="radio" name="exp-type" checked={bandit} onChange={() => setType('BANDIT')} /> Bandit — traffic
          moves to the arm most likely to be best
        </label>
      </fieldset>
      {bandit && (
        <div className="row" data-testid="bandit-settings-form">
          <div className="field">
            <label htmlFor="exp-bandit-metric">Decide on</label>
            <select
              id="exp-bandit-metric"
              value={banditMetric}
              onChange={(e) => setBanditMetric(e.target.value as 'profit' | 'conversion')}
            >
              <option value="profit">Profit per customer</option>
              <option value="conversion">Conversion rate</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="exp-bandit-schedule">Reallocate</label>
            <select
              id="exp-bandit-schedule"
              value={schedule}
              onChange={(e) => setSchedule(e.target.value as 'hourly' | 'daily')}
            >
              <option value="daily">Daily</option>
              <option value="hourly">Hourly</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="exp-bandit-burnin">Burn-in (customers per arm)</label>
            <input
              id="exp-bandit-burnin"
              type="number"
              min={0}
              step={1}
              value={burnIn}
              onChange={(e) => setBurnIn(Number(e.target.value))}
            />
          </div>
          <div className="field">
            <label htmlFor="exp-bandit-floor">Floor per arm %</label>
            <input
              id="exp-bandit-floor"
              type="number"
              min={0}
              max={50}
              step={0.5}
              value={floorPct}
              onChange={(e) => setFloorPct(Number(e.target.value))}
            />
          </div>
          <p className="small muted" style={{ flexBasis: '100%' }}>
            Every arm gets an even share until it has {f.number(burnIn, 0)} customers; then each{' '}
            {schedule === 'hourly' ? 'hour' : 'day'} the share follows the probability of being best on{' '}
            {banditMetric === 'profit' ? 'profit per customer' : 'conversion'}, never below {f.number(floorPct, 1)} %.
          </p>
        </div>
      )}
      <div className="row">
        <div className="field">
          <label htmlFor="exp-key">Key</label>
          <input
            id="exp-key"
            value={key}
            onChange={(e) => setKey(e.target.value)}
            placeholder="spring-10-off"
            required
          />
        </div>
        <div className="field">
          <label htmlFor="exp-name">Name</label>
          <input id="exp-name" value={name} onChange={(e) => setName(e.target.value)} required />
        </div>
        {!bandit && (
          <div className="field">
            <label htmlFor="exp-metric">Primary metric</label>
            <select
              id="exp-metric"
              value={metric}
              onChange={(e) => setMetric(e.target.value as CreateExperimentBody['primaryMetric'])}
            >
              <option value="conversion">Conversion rate</option>
              <option value="revenue">Revenue per user</option>
              <option value="profit">Profit per user</option>
            </select>
          </div>
        )}
        <div className="field">
          <label htmlFor="exp-margin">Gross margin %</label>
          <input
            id="exp-margin"
            type="number"
            min={0}
            max={100}
            value={margin}
            onChange={(e) => setMargin(Number(e.target.value))}
          />
        </div>
        <div className="field">
          <label htmlFor="exp-segment">Who takes part</label>
          <select id="exp-segment" value={segmentId} onChange={(e) => setSegmentId(e.target.value)}>
            <option value="">All customers</option>
            {segments.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} ({f.number(s.size)} customers)
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="exp-maxcost">Guardrail: max discount cost per user</label>
          <input
            id="exp-maxcost"
            type="number"
            min={0}
            step="any"
            value={maxCost}
            onChange={(e) => setMaxCost(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="exp-maxdrop">Guardrail: max conversion drop %</label>
          <input
            id="exp-maxdrop"
            type="number"
            min={0}
            max={100}
            value={maxDrop}
            onChange={(e) => setMaxDrop(e.target.value)}
          />
        </div>
      </div>
      <div className="row">
        <div className="field">
          <label htmlFor="exp-campaign">Campaign{needsCampaign ? '' : ' (optional until submit)'}</label>
          <Select
            id="exp-campaign"
            label="Campaign"
            value={campaignId || undefined}
            onChange={setCampaignId}
            options={campaigns.map((c) => ({ value: c.id, label: c.name }))}
          />
        </div>
        <p className="small muted" style={{ alignSelf: 'center', maxWidth: '40rem' }}>
          An arm can be a fixed discount, an approved version of the campaign&apos;s policy (its rules alone), the
          campaign&apos;s current policy (whichever version is active) or no discount — e.g. &ldquo;v2 vs current policy
          vs no discount&rdquo;. While it runs, the experiment decides for this campaign&apos;s customers.
        </p>
      </div>
      {variants.map((v, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: static rows without identity, never reordered
        <div className="row" key={i}>
          <div className="field">
            <label htmlFor={`v-name-${i}`}>
              {bandit ? `Arm ${i + 1} name` : i === 0 ? 'Control name' : `Variant ${i} name`}
            </label>
            <input id={`v-name-${i}`} value={v.name} onChange={(e) => set(i, { name: e.target.value })} required />
          </div>
          {!bandit && (
            <div className="field">
              <label htmlFor={`v-weight-${i}`}>Weight</label>
              <input
                id={`v-weight-${i}`}
                type="number"
                min={0.01}
                step={0.01}
                value={v.weight}
                onChange={(e) => set(i, { weight: Number(e.target.value) })}
              />
            </div>
          )}
          <ArmFields i={i} arm={v} set={(patch) => set(i, patch)} campaign={campaign} bandit={bandit} />
          {i >= 2 && (
            <div className="field">
              <button className="btn" type="button" onClick={() => setVariants(variants.filter((_, j) => j !== i))}>
                Remove
              </button>
            </div>
          )}
        </div>
      ))}
      <div className="row">
        {variants.length < 6 && (
          <button className="btn" type="button" onClick={() => setVariants([...variants, blank()])}>
            {bandit ? 'Add arm' : 'Add variant'}
          </button>
        )}
        <button
          className="btn primary"
          type="submit"
          disabled={
            create.isPending ||
            (needsCampaign && !campaignId) ||
            arms.some((v) => v.kind === 'policy-version' && !v.policyVersionId)
          }
        >
          {bandit ? 'Create bandit' : 'Create experiment'}
        </button>
      </div>
      {!bandit && <PlanPanel arms={variants.length} marginPct={margin} segmentId={segmentId || undefined} />}
      {create.error && (
        <div className="alert error" role="alert">
          {create.error.message}
        </div>
      )}
    </form>
  );
}
