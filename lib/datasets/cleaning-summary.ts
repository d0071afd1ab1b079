import type { CleaningStep } from '../data/cleaning';
import type { NumberFormat } from '../format/number-format';

/**
 * A recorded cleaning step's strategy and parameters in words, for the dataset page ("fill with the median
 * (12.5)", "robust z-score above 3.5 (median 40, MAD 12)"), instead of raw JSON. Unknown strategies and
 * parameters are still shown, as "name value" pairs, so nothing recorded is hidden.
 */
export function describeCleaningStep(step: CleaningStep, f: NumberFormat): string {
  const p = step.params;
  const num = (k: string, digits = 4) => (typeof p[k] === 'number' ? f.number(p[k] as number, digits) : '—');
  switch (step.strategy) {
    case 'natural-key':
      return `rows whose ${typeof p.key === 'string' ? p.key : 'key'} repeats an earlier row are dropped`;
    case 'whole-line':
      return 'rows whose whole line repeats an earlier row are dropped (within this file and across earlier files)';
    case 'keep_first':
      return 'exact repeats dropped, the first one kept';
    case 'median':
      return `missing values filled with the median (${num('value' in p ? 'value' : 'fillValue')})`;
    case 'mean':
      return `missing values filled with the mean (${num('fillValue' in p ? 'fillValue' : 'value')})`;
    case 'zero':
      return 'missing values filled with 0';
    case 'robust_z':
      return `flagged when the robust z-score exceeds ${num('threshold', 2)} (median ${num('median')}, MAD ${num('mad')})`;
    case 'iqr':
      return `flagged outside [${num('lower')}, ${num('upper')}]: ${num('k', 2)} × IQR beyond Q1 ${num('q1')} and Q3 ${num('q3')}`;
    case 'isolation_forest':
      return (
        `isolation forest of ${num('nTrees', 0)} trees on samples of ${num('sampleSize', 0)} rows; flagged when the anomaly score exceeds ${num('threshold', 2)}` +
        (typeof p.sampleRows === 'number'
          ? ` (fitted and scored on ${num('sampleRows', 0)} evenly spaced rows; on a larger file the count is estimated from them)`
          : '')
      );
    default: {
      const pairs = Object.entries(p).map(([k, v]) => `${k} ${typeof v === 'number' ? f.number(v, 4) : String(v)}`);
      return pairs.length ? `${step.strategy}: ${pairs.join(', ')}` : step.strategy;
    }
  }
}
