'use client';

import { useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useState } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  ComposedChart,
  ErrorBar,
  Line,
  ReferenceLine,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
  ZAxis,
} from 'recharts';
import { ChartFrame } from '@/components/ui/chart-frame';
import { EmptyState } from '@/components/ui/empty-state';
import {
  useCustomerExplanation,
  useDependence,
  useModelExplanation,
  useModels,
  useWhatIf,
} from '@/lib/client/hooks/use-models';

const f3 = (v: unknown) => Number(v).toFixed(3);

/** Pick a model version, then read its global importance, summary and dependence plots, and explain one customer. */
export function ExplainView() {
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
                {m.name} v{m.version} · {m.algorithm} · AUC {m.metrics.holdout.auc.toFixed(3)}
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
            Computed on {g.data.sampleRows} of its training rows (in-sample AUC on them {g.data.baselineAuc.toFixed(3)};
            the holdout AUC is on the model page).
          </p>
          <div className="charts">
            <ChartFrame
              title="Permutation importance (AUC drop, ± std over 5 shuffles)"
              height={360}
              testId="chart-permutation"
              data={g.data.permutation}
            >
              <BarChart
                data={g.data.permutation.map((p) => ({ ...p, err: p.std }))}
                layout="vertical"
                margin={{ left: 70 }}
              >
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis type="number" tickFormatter={f3} />
                <YAxis type="category" dataKey="feature" width={150} interval={0} />
                <Tooltip formatter={f3} />
                <Bar dataKey="mean" fill="#3b5bdb">
                  <ErrorBar dataKey="err" width={4} stroke="#212529" direction="x" />
                </Bar>
              </BarChart>
            </ChartFrame>
            {g.data.meanAbsContribution && (
              <ChartFrame
                title={`Mean |contribution| (${model?.algorithm === 'logistic-regression' ? 'exact linear, log-odds' : 'TreeSHAP'})`}
                height={360}
                testId="chart-shap-importance"
                data={g.data.meanAbsContribution}
              >
                <BarChart data={g.data.meanAbsContribution} layout="vertical" margin={{ left: 70 }}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis type="number" tickFormatter={f3} />
                  <YAxis type="category" dataKey="feature" width={150} interval={0} />
                  <Tooltip formatter={f3} />
                  <Bar dataKey="value" fill="#e8590c" />
                </BarChart>
              </ChartFrame>
            )}
            {beeswarm.length > 0 && (
              <ChartFrame
                title="Summary: each dot a customer; colour = feature value (blue low → red high)"
                height={360}
                testId="chart-beeswarm"
                data={beeswarm}
              >
                <ScatterChart margin={{ left: 70 }}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis type="number" dataKey="contribution" name="contribution" tickFormatter={f3} />
                  <YAxis
                    type="number"
                    dataKey="row"
                    domain={[0.5, top.length + 0.5]}
                    ticks={top.map((_, i) => top.length - i)}
                    tickFormatter={(v) => top[top.length - v] ?? ''}
                    width={150}
                  />
                  <ZAxis range={[12, 12]} />
                  <ReferenceLine x={0} stroke="#495057" />
                  <Scatter data={beeswarm}>
                    {beeswarm.map((p, i) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: static rows without identity, never reordered
                      <Cell key={i} fill={`hsl(${240 - 240 * p.level}, 70%, 50%)`} />
                    ))}
                  </Scatter>
                </ScatterChart>
              </ChartFrame>
            )}
            {g.data.coefficients && (
              <ChartFrame
                title="Standardised coefficients with 95% intervals (log-odds per standard deviation)"
                height={420}
                testId="chart-coefficients"
                data={g.data.coefficients}
              >
                <BarChart
                  data={g.data.coefficients.map((c) => ({ ...c, err: [c.coef - c.lo, c.hi - c.coef] }))}
                  layout="vertical"
                  margin={{ left: 70 }}
                >
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis type="number" tickFormatter={f3} />
                  <YAxis type="category" dataKey="input" width={150} interval={0} />
                  <Tooltip formatter={f3} />
                  <ReferenceLine x={0} stroke="#495057" />
                  <Bar dataKey="coef" fill="#2b8a3e">
                    <ErrorBar dataKey="err" width={4} stroke="#212529" direction="x" />
                  </Bar>
                </BarChart>
              </ChartFrame>
            )}
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
              <ChartFrame
                title={`Partial dependence and ICE of ${feature}`}
                height={300}
                testId="chart-pdp"
                data={dep.data.grid.map((x, i) => ({ value: x, pdp: dep.data!.pdp[i] }))}
              >
                <ComposedChart
                  data={dep.data.grid.map((x, i) => ({
                    x,
                    pdp: dep.data!.pdp[i],
                    ...Object.fromEntries(dep.data!.ice.map((c, r) => [`ice${r}`, c[i]])),
                  }))}
                >
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="x" tickFormatter={(v) => Number(v).toFixed(1)} />
                  <YAxis tickFormatter={f3} />
                  <Tooltip formatter={f3} />
                  {dep.data.ice.map((_, r) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: static rows without identity, never reordered
                    <Line key={r} dataKey={`ice${r}`} stroke="#ced4da" dot={false} isAnimationActive={false} />
                  ))}
                  <Line dataKey="pdp" stroke="#3b5bdb" strokeWidth={3} dot />
                </ComposedChart>
              </ChartFrame>
              {dep.data.dependence && (
                <ChartFrame
                  title={`Dependence: contribution of ${feature} against its value`}
                  height={300}
                  testId="chart-dependence"
                  data={dep.data.dependence}
                >
                  <ScatterChart>
                    <CartesianGrid strokeDasharray="3 3" />
                    <XAxis type="number" dataKey="value" name={feature} tickFormatter={(v) => Number(v).toFixed(1)} />
                    <YAxis type="number" dataKey="contribution" tickFormatter={f3} />
                    <ZAxis range={[16, 16]} />
                    <Tooltip formatter={f3} />
                    <Scatter data={dep.data.dependence} fill="#ae3ec9" />
                  </ScatterChart>
                </ChartFrame>
              )}
            </div>
          )}
          {modelId && <CustomerPanel modelId={modelId} />}
        </>
      )}
    </>
  );
}

function CustomerPanel({ modelId }: { modelId: string }) {
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
            Score from the served ONNX model:{' '}
            <strong data-testid="customer-score">{(c.data.probability * 100).toFixed(2)}%</strong> chance to convert at{' '}
            {c.data.discountPct}% off
            {c.data.explanation && (
              <>
                {' '}
                · contributions in {c.data.explanation.outputSpace} from a baseline of{' '}
                {c.data.explanation.expectedValue.toFixed(3)} ({c.data.explanation.method})
              </>
            )}
            .
          </p>
          {waterfall.length > 0 && (
            <ChartFrame
              title="Largest contributions for this customer"
              height={320}
              testId="chart-waterfall"
              data={waterfall}
            >
              <BarChart data={waterfall} layout="vertical" margin={{ left: 70 }}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis type="number" tickFormatter={f3} />
                <YAxis type="category" dataKey="name" width={150} interval={0} />
                <Tooltip formatter={f3} />
                <ReferenceLine x={0} stroke="#495057" />
                <Bar dataKey="contribution">
                  {waterfall.map((w, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: static rows without identity, never reordered
                    <Cell key={i} fill={w.contribution! >= 0 ? '#2b8a3e' : '#c92a2a'} />
                  ))}
                </Bar>
              </BarChart>
            </ChartFrame>
          )}
          <h3>What if…</h3>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              whatIf.mutate({
                modelVersionId: modelId,
                features: c.data!.features.map((f) =>
                  edits[f.name] !== undefined && edits[f.name] !== '' ? Number(edits[f.name]) : f.value,
                ),
              });
            }}
          >
            <div className="grid" style={{ gridTemplateColumns: 'repeat(auto-fill, minmax(190px, 1fr))' }}>
              {c.data.features.map((f) => (
                <div className="field" key={f.name}>
                  <label htmlFor={`whatif-${f.name}`}>{f.name}</label>
                  <input
                    id={`whatif-${f.name}`}
                    type="number"
                    step="any"
                    value={edits[f.name] ?? String(+f.value.toFixed(4))}
                    onChange={(e) => setEdits({ ...edits, [f.name]: e.target.value })}
                  />
                </div>
              ))}
            </div>
            <button className="btn primary" type="submit" disabled={whatIf.isPending}>
              Re-score
            </button>
            {whatIf.data && (
              <span style={{ marginLeft: 12 }}>
                New score:{' '}
                <strong data-testid="whatif-score">{(whatIf.data.scores[0].probability * 100).toFixed(2)}%</strong>
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
