'use client';

import { useState } from 'react';
import { Checkbox } from '@/components/ui/checkbox';
import { useFormat } from '@/components/ui/format-provider';
import { Select } from '@/components/ui/select';
import { useSegments } from '@/lib/client/hooks/use-segments';
import { ALL_LEVELS, type EditorState } from './editor-state';

const levelOptions = ALL_LEVELS.map((d) => ({ value: String(d), label: `${d}% off` }));

/**
 * Segments by name, from the latest segmentation (older runs selectable): size, share and observed conversion at
 * each logged discount, a tick to give the segment its own discount, and a tick to exclude it from any discount.
 */
export function SegmentRules({
  state,
  set,
  perSegment,
}: {
  state: EditorState;
  set: (patch: Partial<EditorState>) => void;
  /** true in per-segment mode (discount per segment); false shows exclusions only */
  perSegment: boolean;
}) {
  const f = useFormat();
  const [runId, setRunId] = useState<string | undefined>(undefined);
  const { data, isPending, error } = useSegments(runId);
  if (isPending) return <p className="muted">Loading segments…</p>;
  if (error)
    return (
      <div className="alert error" role="alert">
        {error.message}
      </div>
    );
  const run = data.run;
  if (!run)
    return (
      <p className="muted">
        No segmentation has run yet: an analyst runs one in Segments, then its segments show here.
      </p>
    );
  const runOptions = data.runs.map((r, i) => ({
    value: r.id,
    label: `${i === 0 ? 'Latest: ' : ''}${r.algorithm}, ${r.segments} segments, ${r.finishedAt.slice(0, 16).replace('T', ' ')}`,
  }));
  const picked = state.segmentDiscounts;
  const toggle = (id: string, on: boolean) => {
    const next = { ...picked };
    if (on) next[id] = 10;
    else delete next[id];
    set({ segmentDiscounts: next });
  };
  const exclude = (id: string, on: boolean) =>
    set({
      excludedSegmentIds: on ? [...state.excludedSegmentIds, id] : state.excludedSegmentIds.filter((x) => x !== id),
    });
  return (
    <div data-testid="segment-picker">
      <div className="row">
        <div className="field">
          <label htmlFor="segment-run">Segmentation run</label>
          <Select
            id="segment-run"
            label="Segmentation run"
            value={runId ?? run.id}
            onChange={setRunId}
            options={runOptions}
          />
        </div>
      </div>
      <table className="table">
        <thead>
          <tr>
            {perSegment && <th>Give a discount</th>}
            <th>Segment</th>
            <th>Customers</th>
            <th>Share</th>
            <th>Observed conversion by discount</th>
            {perSegment && <th>Discount</th>}
            <th>Exclude</th>
          </tr>
        </thead>
        <tbody>
          {run.segments.map((s) => {
            const on = s.id in picked;
            const excluded = state.excludedSegmentIds.includes(s.id);
            return (
              <tr key={s.id}>
                {perSegment && (
                  <td>
                    <Checkbox
                      id={`seg-pick-${s.id}`}
                      label={<span className="sr-only">Give {s.name} a discount</span>}
                      checked={on}
                      disabled={excluded}
                      onChange={(c) => toggle(s.id, c)}
                    />
                  </td>
                )}
                <td>
                  <strong>{s.name}</strong>
                </td>
                <td>{f.number(s.size, 0)}</td>
                <td>{f.pct(s.profile.share)}</td>
                <td className="small">
                  {s.profile.response
                    .filter((r) => r.exposures > 0)
                    .map((r) => `${r.discountPct}%: ${f.pct(r.rate)}`)
                    .join(' · ') || '—'}
                </td>
                {perSegment && (
                  <td>
                    {on ? (
                      <Select
                        id={`seg-discount-${s.id}`}
                        label={`Discount for ${s.name}`}
                        value={String(picked[s.id])}
                        onChange={(v) => set({ segmentDiscounts: { ...picked, [s.id]: Number(v) } })}
                        options={levelOptions}
                      />
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                )}
                <td>
                  <Checkbox
                    id={`seg-exclude-${s.id}`}
                    label={<span className="sr-only">Exclude {s.name}</span>}
                    checked={excluded}
                    disabled={on}
                    onChange={(c) => exclude(s.id, c)}
                  />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
