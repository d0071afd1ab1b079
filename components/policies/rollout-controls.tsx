'use client';

import { Select } from '@/components/ui/select';

export interface RolloutChoice {
  rolloutPct: number;
  baseline: 'previous' | 'none';
  holdoutPct: number;
}

/** How much traffic the new version takes, what the rest gets, and the holdout of a full rollout. */
export function RolloutControls({
  version,
  value,
  hasPrevious,
  onChange,
}: {
  version: number;
  value: RolloutChoice;
  hasPrevious: boolean;
  onChange: (v: RolloutChoice) => void;
}) {
  return (
    <>
      <Select
        id={`rollout-share-v${version}`}
        label={`Share of customers for v${version}`}
        value={String(value.rolloutPct)}
        onChange={(x) => onChange({ ...value, rolloutPct: Number(x) })}
        options={[10, 25, 50, 75, 100].map((p) => ({ value: String(p), label: `${p}% of customers` }))}
      />
      {hasPrevious && (
        <Select
          id={`rollout-baseline-v${version}`}
          label={`The other customers of v${version}`}
          value={value.baseline}
          onChange={(x) => onChange({ ...value, baseline: x as 'previous' | 'none' })}
          options={[
            { value: 'previous', label: 'rest keep the current version' },
            { value: 'none', label: 'rest get no discount' },
          ]}
        />
      )}
      {value.rolloutPct === 100 && (
        <input
          aria-label={`Holdout % for v${version}`}
          type="number"
          min={0}
          max={50}
          value={value.holdoutPct}
          onChange={(e) => onChange({ ...value, holdoutPct: Number(e.target.value) })}
          style={{ width: 60 }}
          title="share kept on the baseline so the effect stays measurable"
        />
      )}
    </>
  );
}
