import { describe, expect, it } from 'vitest';
import { createNumberFormat } from '../format/number-format';
import { describeCleaningStep } from './cleaning-summary';

const f = createNumberFormat({ locale: 'en-GB', currency: 'GBP' });
const de = createNumberFormat({ locale: 'de-DE', currency: 'EUR' });
const step = (strategy: string, params: Record<string, number | string | boolean | null>) => ({
  step: 'flag_outliers' as const,
  column: 'price',
  strategy,
  params,
  affectedRows: 3,
});

describe('describeCleaningStep', () => {
  it('says each known strategy in words with its parameters in the organisation format', () => {
    expect(describeCleaningStep(step('iqr', { k: 1.5, q1: 3.25, q3: 7.75, lower: -3.5, upper: 14.5 }), f)).toBe(
      'flagged outside [-3.5, 14.5]: 1.5 × IQR beyond Q1 3.25 and Q3 7.75',
    );
    expect(describeCleaningStep(step('robust_z', { threshold: 3.5, median: 1234.5, mad: 12 }), f)).toBe(
      'flagged when the robust z-score exceeds 3.5 (median 1,234.5, MAD 12)',
    );
    expect(describeCleaningStep(step('robust_z', { threshold: 3.5, median: 1234.5, mad: 12 }), de)).toBe(
      'flagged when the robust z-score exceeds 3,5 (median 1.234,5, MAD 12)',
    );
    expect(describeCleaningStep(step('median', { value: 2 }), f)).toBe('missing values filled with the median (2)');
    expect(describeCleaningStep(step('natural-key', { key: 'customer_id' }), f)).toBe(
      'rows whose customer_id repeats an earlier row are dropped',
    );
    expect(
      describeCleaningStep(step('isolation_forest', { nTrees: 50, sampleSize: 256, threshold: 0.7, seed: 42 }), f),
    ).toBe('isolation forest of 50 trees on samples of 256 rows; flagged when the anomaly score exceeds 0.7');
    expect(describeCleaningStep(step('whole-line', {}), f)).toBe(
      'rows whose whole line repeats an earlier row are dropped (within this file and across earlier files)',
    );
    expect(
      describeCleaningStep(
        step('isolation_forest', { nTrees: 50, sampleSize: 256, threshold: 0.7, seed: 42, sampleRows: 20000 }),
        f,
      ),
    ).toBe(
      'isolation forest of 50 trees on samples of 256 rows; flagged when the anomaly score exceeds 0.7 ' +
        '(fitted and scored on 20,000 evenly spaced rows; on a larger file the count is estimated from them)',
    );
  });

  it('shows an unknown strategy with every parameter rather than hiding it', () => {
    expect(describeCleaningStep(step('winsorise', { p: 0.01, both: true }), f)).toBe('winsorise: p 0.01, both true');
    expect(describeCleaningStep(step('winsorise', {}), f)).toBe('winsorise');
  });
});
