'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { AttributePicker } from '@/components/customers/attribute-picker';
import { useRunSegmentation } from '@/lib/client/hooks/use-segments';
import { BEHAVIOUR_FEATURES } from '@/lib/features/customer-features';

const DEFAULT = ['recency_days', 'purchases', 'monetary', 'views', 'sessions', 'avg_dwell_seconds'];

export function SegmentRunForm() {
  const router = useRouter();
  const run = useRunSegmentation();
  const [algorithm, setAlgorithm] = useState<'kmeans' | 'dbscan'>('kmeans');
  const [kMin, setKMin] = useState(2);
  const [kMax, setKMax] = useState(6);
  const [minPts, setMinPts] = useState(8);
  const [eps, setEps] = useState('');
  const [features, setFeatures] = useState<string[]>(DEFAULT);
  const [attributes, setAttributes] = useState<string[]>([]);
  const [asOf, setAsOf] = useState('');
  return (
    <form
      className="card"
      aria-label="Run a segmentation"
      onSubmit={(e) => {
        e.preventDefault();
        const chosen = [...features, ...attributes];
        const when = asOf ? { asOf: new Date(`${asOf}T00:00:00Z`).toISOString() } : {};
        const body =
          algorithm === 'kmeans'
            ? { algorithm, kMin, kMax, features: chosen, ...when }
            : { algorithm, minPts, features: chosen, ...when, ...(eps ? { eps: Number(eps) } : {}) };
        run.mutate(body, { onSuccess: (job) => router.push(`/jobs/${job.id}`) });
      }}
    >
      <h2 style={{ marginTop: 0 }}>Find customer segments</h2>
      <div className="row">
        <div className="field">
          <label htmlFor="seg-algo">Algorithm</label>
          <select id="seg-algo" value={algorithm} onChange={(e) => setAlgorithm(e.target.value as 'kmeans' | 'dbscan')}>
            <option value="kmeans">k-means (k chosen by silhouette)</option>
            <option value="dbscan">DBSCAN (density; finds noise)</option>
          </select>
        </div>
        {algorithm === 'kmeans' ? (
          <>
            <div className="field">
              <label htmlFor="seg-kmin">k from</label>
              <input
                id="seg-kmin"
                type="number"
                min={2}
                max={20}
                value={kMin}
                onChange={(e) => setKMin(Number(e.target.value))}
              />
            </div>
            <div className="field">
              <label htmlFor="seg-kmax">k to</label>
              <input
                id="seg-kmax"
                type="number"
                min={2}
                max={20}
                value={kMax}
                onChange={(e) => setKMax(Number(e.target.value))}
              />
            </div>
          </>
        ) : (
          <>
            <div className="field">
              <label htmlFor="seg-minpts">minPts</label>
              <input
                id="seg-minpts"
                type="number"
                min={2}
                max={100}
                value={minPts}
                onChange={(e) => setMinPts(Number(e.target.value))}
              />
            </div>
            <div className="field">
              <label htmlFor="seg-eps">eps (blank: suggested)</label>
              <input id="seg-eps" value={eps} onChange={(e) => setEps(e.target.value)} />
            </div>
          </>
        )}
      </div>
      <div className="row small" style={{ gap: '0.8rem' }}>
        {BEHAVIOUR_FEATURES.map((f) => (
          <label key={f}>
            <input
              type="checkbox"
              checked={features.includes(f)}
              onChange={(e) => setFeatures(e.target.checked ? [...features, f] : features.filter((x) => x !== f))}
            />{' '}
            {f}
          </label>
        ))}
      </div>
      <AttributePicker selected={attributes} onChange={setAttributes} legend="Your customer attributes" />
      <div className="row">
        <div className="field">
          <label htmlFor="seg-asof">Time features as of (blank: the data's last event)</label>
          <input id="seg-asof" type="date" value={asOf} onChange={(e) => setAsOf(e.target.value)} />
        </div>
      </div>
      <p className="muted small">
        Category attributes become one column per category. Recency and days since signup are measured as of the data's
        cut-off, not today. Features are standardised; missing values take the median. Silhouette is computed on a
        2,000-customer sample when there are more (the page says so).
      </p>
      <button className="btn primary" type="submit" disabled={run.isPending}>
        Run segmentation
      </button>
      {run.error && (
        <div className="alert error" role="alert">
          {run.error.message}
        </div>
      )}
    </form>
  );
}
