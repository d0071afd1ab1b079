'use client';

import { useState } from 'react';
import { type CampaignRow, useCreateCampaign, useDraftPolicy } from '@/lib/client/hooks/use-policies';

const TEMPLATES: Record<string, object> = {
  segments: {
    mode: 'segments',
    segments: [{ segmentId: '<segment id>', discountPct: 10 }],
    defaultDiscountPct: 0,
    maxDiscountPct: 20,
    excludedSegmentIds: [],
    attachToTopCategory: false,
    frequencyCap: { maxOffers: 2, perDays: 30 },
  },
  'model-optimal': {
    mode: 'model-optimal',
    modelVersionId: '<model version id>',
    levels: [0, 5, 10, 15, 20],
    orderValue: 60,
    marginPct: 40,
    maxDiscountPct: 20,
    budgetPerOffer: 1.5,
    excludedSegmentIds: [],
    attachToTopCategory: false,
  },
};

/** Managers draft: a campaign, then a policy (or a new version of one) with its rule set. */
export function PolicyDraftForm({ campaigns }: { campaigns: CampaignRow[] }) {
  const createCampaign = useCreateCampaign();
  const draft = useDraftPolicy();
  const [campaignName, setCampaignName] = useState('');
  const [campaignId, setCampaignId] = useState('');
  const [policyId, setPolicyId] = useState('');
  const [name, setName] = useState('');
  const [mode, setMode] = useState('fixed');
  const [discount, setDiscount] = useState(10);
  const [cap, setCap] = useState(20);
  const [attach, setAttach] = useState(false);
  const [cap30, setCap30] = useState('');
  const [json, setJson] = useState(JSON.stringify(TEMPLATES.segments, null, 1));
  const [error, setError] = useState<string | null>(null);
  const campaign = campaigns.find((c) => c.id === campaignId);

  function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    let rules: unknown;
    if (mode === 'fixed') {
      rules = {
        mode: 'fixed',
        discountPct: discount,
        maxDiscountPct: cap,
        excludedSegmentIds: [],
        attachToTopCategory: attach,
        ...(cap30 ? { frequencyCap: { maxOffers: Number(cap30), perDays: 30 } } : {}),
      };
    } else {
      try {
        rules = JSON.parse(json);
      } catch {
        return setError('The rules are not valid JSON');
      }
    }
    draft.mutate({
      campaignId,
      policyId: policyId || undefined,
      name: name || campaign?.policies.find((p) => p.id === policyId)?.name || 'Policy',
      rules,
    });
  }

  return (
    <div className="card">
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
      <form onSubmit={submit} aria-label="Draft policy">
        <div className="row">
          <div className="field">
            <label htmlFor="draft-campaign">Campaign</label>
            <select
              id="draft-campaign"
              value={campaignId}
              onChange={(e) => {
                setCampaignId(e.target.value);
                setPolicyId('');
              }}
              required
            >
              <option value="">— choose —</option>
              {campaigns.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="draft-policy">Policy</label>
            <select id="draft-policy" value={policyId} onChange={(e) => setPolicyId(e.target.value)}>
              <option value="">New policy</option>
              {campaign?.policies.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name} (new version)
                </option>
              ))}
            </select>
          </div>
          {!policyId && (
            <div className="field">
              <label htmlFor="draft-name">Policy name</label>
              <input id="draft-name" value={name} onChange={(e) => setName(e.target.value)} />
            </div>
          )}
          <div className="field">
            <label htmlFor="draft-mode">Rule</label>
            <select
              id="draft-mode"
              value={mode}
              onChange={(e) => {
                setMode(e.target.value);
                if (TEMPLATES[e.target.value]) setJson(JSON.stringify(TEMPLATES[e.target.value], null, 1));
              }}
            >
              <option value="fixed">Same discount for everyone</option>
              <option value="segments">Per segment</option>
              <option value="model-optimal">Model-optimal (max expected profit)</option>
            </select>
          </div>
          {mode === 'fixed' && (
            <>
              <div className="field">
                <label htmlFor="draft-discount">Discount %</label>
                <input
                  id="draft-discount"
                  type="number"
                  min={0}
                  max={90}
                  value={discount}
                  onChange={(e) => setDiscount(Number(e.target.value))}
                />
              </div>
              <div className="field">
                <label htmlFor="draft-cap">Max discount %</label>
                <input
                  id="draft-cap"
                  type="number"
                  min={0}
                  max={90}
                  value={cap}
                  onChange={(e) => setCap(Number(e.target.value))}
                />
              </div>
              <div className="field">
                <label htmlFor="draft-freq">Max discounted offers per customer per 30 days</label>
                <input
                  id="draft-freq"
                  type="number"
                  min={1}
                  max={100}
                  value={cap30}
                  onChange={(e) => setCap30(e.target.value)}
                  placeholder="no cap"
                />
              </div>
              <div className="field">
                <label>
                  <input type="checkbox" checked={attach} onChange={(e) => setAttach(e.target.checked)} /> On the
                  customer&apos;s top recommended category
                </label>
              </div>
            </>
          )}
        </div>
        {mode !== 'fixed' && (
          <div className="field">
            <label htmlFor="draft-rules">Rules (JSON)</label>
            <textarea
              id="draft-rules"
              rows={6}
              value={json}
              onChange={(e) => setJson(e.target.value)}
              style={{ fontFamily: 'monospace' }}
            />
          </div>
        )}
        <button className="btn primary" type="submit" disabled={draft.isPending || !campaignId}>
          Save draft
        </button>
      </form>
      {(error || draft.error || createCampaign.error) && (
        <div className="alert error" role="alert">
          {error ?? draft.error?.message ?? createCampaign.error?.message}
        </div>
      )}
    </div>
  );
}
