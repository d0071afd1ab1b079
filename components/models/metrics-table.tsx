import type { ModelRow } from '@/lib/client/hooks/use-models';

const ROWS: [string, (m: ModelRow) => string][] = [
  ['AUC (holdout)', (m) => m.metrics.holdout.auc.toFixed(4)],
  ['Log loss', (m) => m.metrics.holdout.logLoss.toFixed(4)],
  ['Brier score', (m) => m.metrics.holdout.brier.toFixed(4)],
  ['Threshold (best F1 on CV)', (m) => m.metrics.threshold.toFixed(3)],
  ['Accuracy', (m) => m.metrics.holdout.accuracy.toFixed(3)],
  ['Precision', (m) => m.metrics.holdout.precision.toFixed(3)],
  ['Recall', (m) => m.metrics.holdout.recall.toFixed(3)],
  ['F1', (m) => m.metrics.holdout.f1.toFixed(3)],
  [
    'CV AUC of best candidate',
    (m) => {
      const c = m.metrics.candidates.reduce((a, b) => (b.meanAuc > a.meanAuc ? b : a));
      return `${c.meanAuc.toFixed(4)} ± ${c.stdAuc.toFixed(4)}`;
    },
  ],
  [
    'Best parameters',
    (m) =>
      JSON.stringify(
        Object.fromEntries(Object.entries(m.params).filter(([k]) => !['folds', 'holdoutFraction', 'seed'].includes(k))),
      ),
  ],
  ['Rows train / holdout', (m) => `${m.metrics.holdout.nTrain} / ${m.metrics.holdout.nHoldout}`],
  ['Training time', (m) => `${m.metrics.trainSeconds.toFixed(1)} s`],
];
/** Rows that depend on the machine and the moment, not on the model (masked by the visual regression check). */
const VOLATILE = new Set(['Training time']);

/** Metrics of one or more model versions side by side. */
export function MetricsTable({ models }: { models: ModelRow[] }) {
  return (
    <table className="table" data-testid="metrics-table">
      <thead>
        <tr>
          <th>Metric</th>
          {models.map((m) => (
            <th key={m.id}>
              {m.name} v{m.version} · {m.algorithm}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {ROWS.map(([label, get]) => (
          <tr key={label}>
            <td>{label}</td>
            {models.map((m) => (
              <td key={m.id} data-volatile={VOLATILE.has(label) || undefined}>
                {get(m)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
