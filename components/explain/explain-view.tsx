'use client';

import { useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useState } from 'react';
import { EmptyState } from '@/components/ui/empty-state';
import { useFormat } from '@/components/ui/format-provider';
import {
  useCustomerExplanation,
  useDependence,
  useModel,
  useModelExplanation,
  useModels,
  useWhatIf,
} from '@/lib/client/hooks/use-models';
import { categoryLabels } from '@/lib/features/feature-schema';
import {
  BeeswarmChart,
  CoefficientsChart,
  ContributionImportanceChart,
  DependenceScatter,
  PdpChart,
  PermutationChart,
  WaterfallChart,
} from './explain-charts';

/** Pick a model version, then read its global importance, summary and dependence plots, and explain one customer. */
export function ExplainView() {
  const f = useFormat();
  const router = useRouter();
  const params = useSearchParams();
  const models = useModels();
  const modelId = params.get('model') ?? models.data?.items[0]?.id ?? null;
  const g = useModelExplanation(modelId);
  const [feature, setFeature] = useState('discount_pct');
  const dep = useDependence(modelId, feature);
  if (models.data && models.data.items.length === 0)
    return <EmptyState title="Nothing to explain yet">Train a model in Models first.</EmptyState>;
  const model = models.data?.items.find((m) => m.id === modelId);
  // what a contribution is measured in: tree and forest models explain the probability, GBDT and LR the log-odds
  const unit =
    model?.algorithm === 'random-forest' || model?.algorithm === 'decision-tree' ? 'probability' : 'log-odds';
  const top =
    g.data?.meanAbsContribution?.slice(0, 8).map((x) => x.feature) ??
    g.data?.permutation.slice(0, 8).map((x) => x.feature) ??
    [];
  const beeswarm = g.data?.summary
    ? top.flatMap((f, row) => {
        const pts = g.data!.summary!.find((s) => s.feature === f)!.points;
        const sorted = pts.map((p) => p.value).sort((a, b) => a - b);
        const rank = (v: number) => (sorted.length > 1 ? sorted.indexOf(v) / (sorted.length - 1) : 0.5);
        return pts.map((p, i) => ({
          contribution: p.contribution,
          row: top.length - row + (((i * 37) % 17) - 8) / 40,
          level: rank(p.value),
          feature: f,
        }));
      })
    : [];
  return (
    <>
      <div className="row">
        <div className="field">
          <label htmlFor="explain-model">Model version</label>
          <select
            id="explain-model"
            value={modelId ?? ''}
            onChange={(e) => router.replace(`/explain?model=${e.target.value}`)}
          >
            {models.data?.items.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name} v{m.version} · {m.algorithm} · AUC {f.number(m.metrics.holdout.auc, 3)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {g.isPending && modelId && <p className="muted">Computing explanations on a sample of the training data…</p>}
      {g.error && (
        <div className="alert error" role="alert">
          {g.error.message}
        </div>
      )}
      {g.data && (
        <>
          <p className="subtitle" data-testid="explain-summary">
            Computed on {f.number(g.data.sampleRows, 0)} of its training rows (in-sample AUC on them{' '}
            {f.number(g.data.baselineAuc, 3)}; the holdout AUC is on the model page).
          </p>
          <div className="charts wide">
            <PermutationChart data={g.data.permutation} />
            {g.data.meanAbsContribution && (
              <ContributionImportanceChart
                data={g.data.meanAbsContribution}
                method={model?.algorithm === 'logistic-regression' ? 'exact linear' : 'TreeSHAP'}
                unit={unit}
              />
            )}
            {beeswarm.length > 0 && <BeeswarmChart points={beeswarm} features={top} unit={unit} />}
            {g.data.coefficients && <CoefficientsChart data={g.data.coefficients} />}
          </div>
          <div className="row" style={{ marginTop: '1rem' }}>
            <div className="field">
              <label htmlFor="explain-feature">Feature for dependence plots</label>
              <select id="explain-feature" value={feature} onChange={(e) => setFeature(e.target.value)}>
                {g.data.featureNames.map((f) => (
                  <option key={f} value={f}>
                    {f}
                  </option>
                ))}
              </select>
            </div>
          </div>
          {dep.data && (
            <div className="charts">
              <PdpChart dep={dep.data} feature={feature} />
              {dep.data.dependence && <DependenceScatter points={dep.data.dependence} feature={feature} unit={unit} />}
            </div>
          )}
          {modelId && <CustomerPanel modelId={modelId} />}
        </>
      )}
    </>
  );
}

function CustomerPanel({ modelId }: { modelId: string }) {
  const f = useFormat();
  const detail = useModel(modelId);
  const schema = detail.data?.featureSchema;
  const modelLabel = detail.data ? `${detail.data.name} v${detail.data.version}` : 'loading';
  const [input, setInput] = useState('');
  const [customerId, setCustomerId] = useState('');
  const [discount, setDiscount] = useState(0);
  const c = useCustomerExplanation(modelId, customerId, discount);
  const whatIf = useWhatIf();
  const [edits, setEdits] = useState<Record<string, string>>({});
  // biome-ignore lint/correctness/useExhaustiveDependencies: clear the what-if edits whenever the customer, discount or model changes (the trigger values are the dependencies; whatIf.reset is stable in effect)
  useEffect(() => {
    setEdits({});
    whatIf.reset();
  }, [customerId, discount, modelId]);
  const waterfall =
    c.data?.features
      .filter((f) => f.contribution !== null)
      .sort((a, b) => Math.abs(b.contribution!) - Math.abs(a.contribution!))
      .slice(0, 10) ?? [];
  return (
    <div className="card" style={{ marginTop: '1rem' }}>
      <h2 style={{ marginTop: 0 }}>Explain one customer</h2>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          setCustomerId(input.trim());
        }}
      >
        <div className="field">
          <label htmlFor="explain-customer">Customer id</label>
          <input id="explain-customer" value={input} onChange={(e) => setInput(e.target.value)} placeholder="C000042" />
        </div>
        <div className="field">
          <label htmlFor="explain-discount">Offered discount %</label>
          <input
            id="explain-discount"
            type="number"
            min={0}
            max={90}
            value={discount}
            onChange={(e) => setDiscount(Number(e.target.value))}
          />
        </div>
        <div className="field">
          <button className="btn primary" type="submit">
            Explain
          </button>
        </div>
      </form>
      {c.error && (
        <div className="alert error" role="alert">
          {c.error.message}
        </div>
      )}
      {c.data && (
        <>
          <p>
            Score from this version’s ONNX model ({modelLabel}):{' '}
            <strong data-testid="customer-score">{f.pct(c.data.probability, { digits: 2 })}</strong> chance to convert
            at {c.data.discountPct}% off
            {c.data.explanation && (
              <>
                {' '}
                · contributions in {c.data.explanation.outputSpace} from a baseline of{' '}
                {f.number(c.data.explanation.expectedValue, 3)} ({c.data.explanation.method})
              </>
            )}
            .
          </p>
          {waterfall.length > 0 && (
            <WaterfallChart
              rows={waterfall.map((w) => ({ name: w.name, contribution: w.contribution ?? 0 }))}
              unit={c.data.explanation?.outputSpace ?? 'contribution'}
            />
          )}
          <h3>What if…</h3>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              whatIf.mutate({
                modelVersionId: modelId,
                features: c.data!.features.map((feat) =>
                  edits[feat.name] !== undefined && edits[feat.name] !== '' ? Number(edits[feat.name]) : feat.value,
                ),
              });
            }}
          >
            <div className="grid" style={{ gridTemplateColumns: 'repeat(auto-fill, minmax(190px, 1fr))' }}>
              {c.data.features.map((feat) => {
                const labels = schema ? categoryLabels(schema, feat.name) : null;
                const value = edits[feat.name] ?? String(+feat.value.toFixed(4));
                return (
                  <div className="field" key={feat.name}>
                    <label htmlFor={`whatif-${feat.name}`}>{feat.name}</label>
                    {labels ? (
                      // a categorical input is a code: pick the category by name, never type the code
                      <select
                        id={`whatif-${feat.name}`}
                        value={value}
                        onChange={(e) => setEdits({ ...edits, [feat.name]: e.target.value })}
                      >
                        <option value="-1">unknown</option>
                        {labels.map((l, i) => (
                          <option key={l} value={String(i)}>
                            {l}
                          </option>
                        ))}
                      </select>
                    ) : (
                      <input
                        id={`whatif-${feat.name}`}
                        type="number"
                        step="any"
                        value={value}
                        onChange={(e) => setEdits({ ...edits, [feat.name]: e.target.value })}
                      />
                    )}
                  </div>
                );
              })}
            </div>
            <button className="btn primary" type="submit" disabled={whatIf.isPending}>
              Re-score
            </button>
            {whatIf.data && (
              <span style={{ marginLeft: 12 }}>
                New score:{' '}
                <strong data-testid="whatif-score">{f.pct(whatIf.data.scores[0].probability, { digits: 2 })}</strong>
              </span>
            )}
            {whatIf.error && (
              <div className="alert error" role="alert">
                {whatIf.error.message}
              </div>
            )}
          </form>
        </>
      )}
    </div>
  );
}
