'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { AttributePicker } from '@/components/customers/attribute-picker';
import { useCustomerAttributes } from '@/lib/client/hooks/use-attributes';
import { useCreateJob } from '@/lib/client/hooks/use-jobs';
import { ALGORITHM_CATALOG, ALGORITHM_NAMES, type AlgorithmName } from '@/lib/training/algorithm-catalog';

/** Launch a training job: algorithms with their grids (editable JSON), folds, holdout share, seed. */
export function TrainForm() {
  const router = useRouter();
  const create = useCreateJob();
  const [name, setName] = useState('conversion-response');
  const [picked, setPicked] = useState<Record<AlgorithmName, boolean>>(
    () =>
      Object.fromEntries(ALGORITHM_NAMES.map((a) => [a, a === 'logistic-regression'])) as Record<
        AlgorithmName,
        boolean
      >,
  );
  const [grids, setGrids] = useState<Record<AlgorithmName, string>>(
    Object.fromEntries(ALGORITHM_NAMES.map((a) => [a, JSON.stringify(ALGORITHM_CATALOG[a].defaultGrid)])) as Record<
      AlgorithmName,
      string
    >,
  );
  const [folds, setFolds] = useState(3);
  const [holdout, setHoldout] = useState(0.2);
  const [seed, setSeed] = useState(42);
  const [formError, setFormError] = useState<string | null>(null);
  /** null until the user changes the selection: then every attribute is used (the API default) */
  const [attributes, setAttributes] = useState<string[] | null>(null);
  const { data: attributeList } = useCustomerAttributes();
  const selectedAttributes = attributes ?? attributeList?.items.map((a) => a.name) ?? [];

  function submit(e: React.FormEvent) {
    e.preventDefault();
    setFormError(null);
    const algorithms: { name: AlgorithmName; grid: Record<string, unknown[]> }[] = [];
    for (const a of ALGORITHM_NAMES) {
      if (!picked[a]) continue;
      try {
        algorithms.push({ name: a, grid: JSON.parse(grids[a]) });
      } catch {
        setFormError(`The grid of ${ALGORITHM_CATALOG[a].label} is not valid JSON`);
        return;
      }
    }
    if (algorithms.length === 0) return setFormError('Pick at least one algorithm');
    create.mutate(
      { name, algorithms, folds, holdoutFraction: holdout, seed, ...(attributes ? { attributes } : {}) },
      { onSuccess: (job) => router.push(`/jobs/${job.id}`) },
    );
  }

  return (
    <form className="card" onSubmit={submit} aria-label="Train a model">
      <h2 style={{ marginTop: 0 }}>Train a response model</h2>
      <p className="muted small">
        Target: <strong>converts when offered a discount</strong>, learned from your logged offer exposures (the
        discount is a feature). Features use only behaviour before the first exposure; a stratified holdout is kept
        aside and each grid is searched by k-fold cross-validation. When your exposures name arms (treatments), the arm
        is a feature too and uplift is reported per arm against the control arm.
      </p>
      <div className="row">
        <div className="field">
          <label htmlFor="model-name">Model name</label>
          <input id="model-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={80} required />
        </div>
        <div className="field">
          <label htmlFor="folds">CV folds</label>
          <input
            id="folds"
            type="number"
            min={2}
            max={10}
            value={folds}
            onChange={(e) => setFolds(Number(e.target.value))}
          />
        </div>
        <div className="field">
          <label htmlFor="holdout">Holdout share</label>
          <input
            id="holdout"
            type="number"
            min={0.1}
            max={0.5}
            step={0.05}
            value={holdout}
            onChange={(e) => setHoldout(Number(e.target.value))}
          />
        </div>
        <div className="field">
          <label htmlFor="seed">Seed</label>
          <input id="seed" type="number" min={0} value={seed} onChange={(e) => setSeed(Number(e.target.value))} />
        </div>
      </div>
      <AttributePicker
        selected={selectedAttributes}
        onChange={(next) => setAttributes(next)}
        legend="Customer attributes used as features"
      />
      {ALGORITHM_NAMES.map((a) => (
        <div className="row" key={a} style={{ alignItems: 'center' }}>
          <label style={{ minWidth: 280 }}>
            <input
              type="checkbox"
              checked={picked[a]}
              onChange={(e) => setPicked({ ...picked, [a]: e.target.checked })}
            />{' '}
            {ALGORITHM_CATALOG[a].label}
          </label>
          <div className="field" style={{ flex: 1, margin: 0 }}>
            <input
              aria-label={`Grid for ${a}`}
              value={grids[a]}
              disabled={!picked[a]}
              onChange={(e) => setGrids({ ...grids, [a]: e.target.value })}
              style={{ fontFamily: 'monospace' }}
            />
          </div>
        </div>
      ))}
      {(formError || create.error) && (
        <div className="alert error" role="alert">
          {formError ?? create.error?.message}
        </div>
      )}
      <button className="btn primary" type="submit" disabled={create.isPending} style={{ marginTop: '0.75rem' }}>
        Start training
      </button>
    </form>
  );
}
