import { describe, expect, it } from 'vitest';
import { buildFeatureSchema } from '../features/feature-schema';
import { matrix } from '../ml/matrix';
import { codeLabel, describeTrainingData } from './training-distribution';

describe('describeTrainingData', () => {
  it('describes every customer input and leaves the discount out', () => {
    const schema = buildFeatureSchema(new Date('2026-01-01'), [new Float64Array(14)], ['GB', 'FR']);
    const width = schema.features.length; // 14 behaviour features, discount_pct, country
    const rows = [0, 1, 2, 3];
    const data = new Float64Array(rows.length * width);
    rows.forEach((i) => {
      data[i * width] = i + 1; // first behaviour feature: 1, 2, 3, 4
      data[i * width + 14] = 10 * i; // discount
      data[i * width + 15] = i % 2 === 0 ? 1 : -1; // GB / unknown (countries sorted: FR, GB)
    });
    const d = describeTrainingData(matrix(data, rows.length, width), schema);
    expect(d.rows).toBe(4);
    expect(d.features.map((f) => f.name)).not.toContain('discount_pct');
    expect(d.features).toHaveLength(width - 1);
    // 1…4: deciles at positions 0.3k → 1.3, 1.6, …, 3.7
    const first = d.features[0];
    expect(first.type === 'numeric' && first.edges.length).toBe(9);
    expect(first.type === 'numeric' && first.edges[0]).toBeCloseTo(1.3, 12);
    const country = d.features.find((f) => f.name === 'country')!;
    expect(country).toEqual({ name: 'country', type: 'categorical', codes: [-1, 1], shares: [0.5, 0.5, 0] });
    expect([codeLabel(schema, 'country', 1), codeLabel(schema, 'country', -1)]).toEqual(['GB', 'unknown']);
  });
});
