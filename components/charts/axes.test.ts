import { describe, expect, it } from 'vitest';
import { distinctSeriesColors, seriesColor, xTitle, yTitle } from './axes';

describe('distinctSeriesColors', () => {
  it('keeps each name its own colour unless taken, then moves to the next free one', () => {
    // "0% off" and "20% off" hash to the same palette colour (the bandit journey's arms)
    expect(seriesColor('0% off')).toBe(seriesColor('20% off'));
    const c = distinctSeriesColors(['0% off', '10% off', '20% off']);
    expect(c['0% off']).toBe(seriesColor('0% off'));
    expect(c['10% off']).toBe(seriesColor('10% off'));
    expect(new Set(Object.values(c)).size).toBe(3);
    expect(distinctSeriesColors(['control', 'gbdt'])).toEqual({ control: '#868e96', gbdt: '#e8590c' });
  });
});

describe('axis titles', () => {
  it('an x title takes 40 px under the ticks; a y title 18 px beside ticks of the given width', () => {
    expect(xTitle('score decile')).toEqual({
      height: 40,
      label: { value: 'score decile', position: 'insideBottom', offset: -4 },
    });
    expect(yTitle(46, 'conversion')).toEqual({
      width: 64,
      label: { value: 'conversion', angle: -90, position: 'insideLeft', offset: 4, textAnchor: 'middle' },
    });
  });
});
