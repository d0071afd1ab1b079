'use client';

import { Checkbox } from '@/components/ui/checkbox';
import { Select } from '@/components/ui/select';
import { ALL_LEVELS, type EditorState } from './editor-state';

/** Limits that apply to every mode: maximum discount, frequency cap, attaching to the top recommended category. */
export function ConstraintFields({ state, set }: { state: EditorState; set: (patch: Partial<EditorState>) => void }) {
  const cap = state.frequencyCap;
  return (
    <div className="row">
      <div className="field">
        <label htmlFor="max-discount">Never more than</label>
        <Select
          id="max-discount"
          label="Maximum discount"
          value={String(state.maxDiscountPct)}
          onChange={(v) => set({ maxDiscountPct: Number(v) })}
          options={ALL_LEVELS.map((d) => ({ value: String(d), label: `${d}% off` }))}
        />
      </div>
      <div className="field">
        <Checkbox
          id="freq-on"
          label="Limit discounted offers per customer"
          checked={cap !== null}
          onChange={(c) => set({ frequencyCap: c ? { maxOffers: 2, perDays: 30 } : null })}
        />
      </div>
      {cap && (
        <>
          <div className="field">
            <label htmlFor="freq-max">At most (offers)</label>
            <input
              id="freq-max"
              type="number"
              min={1}
              max={100}
              value={cap.maxOffers}
              onChange={(e) => set({ frequencyCap: { ...cap, maxOffers: Number(e.target.value) || 1 } })}
            />
          </div>
          <div className="field">
            <label htmlFor="freq-days">Per (days)</label>
            <input
              id="freq-days"
              type="number"
              min={1}
              max={365}
              value={cap.perDays}
              onChange={(e) => set({ frequencyCap: { ...cap, perDays: Number(e.target.value) || 1 } })}
            />
          </div>
        </>
      )}
      <div className="field">
        <Checkbox
          id="attach-category"
          label="Attach the discount to the customer's top recommended category"
          checked={state.attachToTopCategory}
          onChange={(c) => set({ attachToTopCategory: c })}
        />
      </div>
    </div>
  );
}
