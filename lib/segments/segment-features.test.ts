import { describe, expect, it } from 'vitest';
import { BEHAVIOUR_FEATURES } from '../features/customer-features';
import { segmentationColumns } from './segment-features';

describe('segmentationColumns', () => {
  const b = (recency: number) => Float64Array.from(BEHAVIOUR_FEATURES, (_, j) => (j === 0 ? recency : j));
  const specs = [
    { name: 'history', type: 'numeric' as const },
    { name: 'channel', type: 'categorical' as const },
  ];
  it('behaviour and numeric attributes median-filled; categoricals one-hot by sorted category', () => {
    const out = segmentationColumns(
      ['recency_days', 'history', 'channel'],
      [b(1), b(NaN), b(5), b(9)],
      [{ history: 100, channel: 'Web' }, { channel: 'Phone' }, { history: 300 }, { history: 200, channel: 'Web' }],
      specs,
    );
    expect(out.names).toEqual(['recency_days', 'history', 'channel=Phone', 'channel=Web']);
    // recency observed [1, 5, 9] -> median 5; history observed [100, 200, 300] -> 200
    expect(out.rows.map((r) => Array.from(r))).toEqual([
      [1, 100, 0, 1],
      [5, 200, 1, 0],
      [5, 300, 0, 0],
      [9, 200, 0, 1],
    ]);
  });
  it('refuses an unknown feature', () => {
    expect(() => segmentationColumns(['shoe_size'], [b(1)], [{}], specs)).toThrow(RangeError);
  });
});
