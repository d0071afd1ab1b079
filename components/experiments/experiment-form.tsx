'use client';

import { useState } from 'react';
import { useFormat } from '@/components/ui/format-provider';
import { type CreateExperimentBody, useCreateExperiment } from '@/lib/client/hooks/use-experiments';
import { useSegments } from '@/lib/client/hooks/use-segments';
import { PlanPanel } from './plan-panel';

const blank = () => ({ name: '', weight: 1, discountPct: 0 });

/** Create an experiment: the first variant is the control; each variant offers a fixed discount. */
export function ExperimentForm() {
  const create = useCreateExperiment();
  const [key, setKey] = useState('');
  const [name, setName] = useState('');
  const [metric, setMetric] = useState<CreateExperimentBody['primaryMetric']>('conversion');
  const [margin, setMargin] = useState(40);
  const [maxCost, setMaxCost] = useState('');
  const [maxDrop, setMaxDrop] = useState('');
  const [segmentId, setSegmentId] = useState('');
  const segments = useSegments().data?.run?.segments ?? [];
  const f = useFormat();
  const [variants, setVariants] = useState([
    { name: 'Control', weight: 1, discountPct: 0 },
    { name: '10% off', weight: 1, discountPct: 10 },
  ]);
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
            primaryMetric: metric,
            marginPct: margin,
            variants,
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
      {variants.map((v, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: static rows without identity, never reordered
        <div className="row" key={i}>
          <div className="field">
            <label htmlFor={`v-name-${i}`}>{i === 0 ? 'Control name' : `Variant ${i} name`}</label>
            <input id={`v-name-${i}`} value={v.name} onChange={(e) => set(i, { name: e.target.value })} required />
          </div>
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
          <div className="field">
            <label htmlFor={`v-disc-${i}`}>Discount %</label>
            <input
              id={`v-disc-${i}`}
              type="number"
              min={0}
              max={90}
              value={v.discountPct}
              onChange={(e) => set(i, { discountPct: Number(e.target.value) })}
            />
          </div>
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
            Add variant
          </button>
        )}
        <button className="btn primary" type="submit" disabled={create.isPending}>
          Create experiment
        </button>
      </div>
      <PlanPanel arms={variants.length} marginPct={margin} segmentId={segmentId || undefined} />
      {create.error && (
        <div className="alert error" role="alert">
          {create.error.message}
        </div>
      )}
    </form>
  );
}
