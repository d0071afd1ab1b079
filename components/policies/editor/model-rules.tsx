'use client';

import { RadioGroup } from 'radix-ui';
import { Checkbox } from '@/components/ui/checkbox';
import { useFormat } from '@/components/ui/format-provider';
import { useModels } from '@/lib/client/hooks/use-models';
import { ALL_LEVELS, type EditorState } from './editor-state';

/**
 * Model-optimal rules: the model that predicts conversion (by name, algorithm, holdout AUC, "served" badge), the
 * discount levels it may choose from (checkboxes), the order value and margin (in the organisation's currency)
 * and an optional budget per offer. Contextual rules: the same, with logistic-regression versions only (their
 * posterior is what is sampled) and the floor chance of each level instead of a budget.
 */
export function ModelRules({
  state,
  set,
  contextual = false,
}: {
  state: EditorState;
  set: (patch: Partial<EditorState>) => void;
  contextual?: boolean;
}) {
  const { data, isPending, error } = useModels();
  const sym = useFormat().currencySymbol();
  if (isPending) return <p className="muted">Loading models…</p>;
  if (error)
    return (
      <div className="alert error" role="alert">
        {error.message}
      </div>
    );
  const models = [...data.items]
    .filter((m) => !contextual || m.algorithm === 'logistic-regression')
    .sort((a, b) => Number(b.isActive) - Number(a.isActive));
  const eligible = state.levels.filter((d) => d <= state.maxDiscountPct).length;
  const num = (v: string) => (v === '' ? 0 : Number(v));
  return (
    <div data-testid="model-picker">
      <h3 className="small muted">Model that predicts conversion</h3>
      {contextual && (
        <p className="small muted">
          Logistic-regression versions only: each offer samples the model's coefficients from their uncertainty (a
          Laplace posterior) and shows the level that is most profitable under that sample. A version trained before
          posteriors were stored must be retrained.
        </p>
      )}
      {models.length === 0 && (
        <p className="muted">
          {contextual
            ? 'No logistic-regression model yet: an analyst trains one in Models.'
            : 'No model yet: an analyst trains one in Models.'}
        </p>
      )}
      <RadioGroup.Root
        aria-label="Model"
        value={state.modelVersionId}
        onValueChange={(v) => set({ modelVersionId: v })}
        style={{ display: 'grid', gap: '0.4rem', marginBottom: '0.9rem' }}
      >
        {models.map((m) => (
          <RadioGroup.Item key={m.id} value={m.id} className="radio-card" aria-label={`${m.name} v${m.version}`}>
            <strong>
              {m.name} v{m.version}
            </strong>
            <span className="muted small">{m.algorithm}</span>
            <span className="small">AUC {m.metrics.holdout.auc.toFixed(3)}</span>
            {m.isActive && <span className="badge ok">served</span>}
            {m.isCandidate && !m.isActive && <span className="badge">candidate</span>}
          </RadioGroup.Item>
        ))}
      </RadioGroup.Root>
      <fieldset style={{ border: 'none', padding: 0, margin: '0 0 0.9rem' }}>
        <legend className="small muted">
          {contextual ? 'Discount levels to draw from' : 'Discount levels the model may choose'}
        </legend>
        <div className="row">
          {ALL_LEVELS.map((d) => (
            <Checkbox
              key={d}
              id={`level-${d}`}
              label={`${d}%`}
              checked={state.levels.includes(d)}
              onChange={(c) => set({ levels: c ? [...state.levels, d] : state.levels.filter((x) => x !== d) })}
            />
          ))}
        </div>
      </fieldset>
      <div className="row">
        <div className="field">
          <label htmlFor="order-value">Average order value ({sym})</label>
          <input
            id="order-value"
            type="number"
            min={1}
            step="0.01"
            value={state.orderValue}
            onChange={(e) => set({ orderValue: num(e.target.value) })}
          />
        </div>
        <div className="field">
          <label htmlFor="margin">Gross margin (%)</label>
          <input
            id="margin"
            type="number"
            min={0}
            max={100}
            value={state.marginPct}
            onChange={(e) => set({ marginPct: num(e.target.value) })}
          />
        </div>
        {contextual ? (
          <div className="field">
            <label htmlFor="floor">Smallest chance of each level (%)</label>
            <input
              id="floor"
              type="number"
              min={0}
              max={eligible ? Math.floor(100 / eligible) : 50}
              step="0.5"
              value={state.floorPct}
              onChange={(e) => set({ floorPct: num(e.target.value) })}
            />
            <span className="small muted">
              keeps every level estimable; at most {eligible ? Math.floor((100 / eligible) * 10) / 10 : 50}% with{' '}
              {eligible} level{eligible === 1 ? '' : 's'}
            </span>
          </div>
        ) : (
          <div className="field">
            <label htmlFor="budget">Discount budget per offer ({sym}, optional)</label>
            <input
              id="budget"
              type="number"
              min={0}
              step="0.01"
              value={state.budgetPerOffer ?? ''}
              placeholder="no budget"
              onChange={(e) => set({ budgetPerOffer: e.target.value === '' ? null : num(e.target.value) })}
            />
          </div>
        )}
      </div>
    </div>
  );
}
