import { describe, expect, it } from 'vitest';
import { GrowableColumn } from './growable';

describe('GrowableColumn', () => {
  it('keeps every value across chunk boundaries, missing as NaN, and joins them once', () => {
    const c = new GrowableColumn();
    const n = 65_536 * 2 + 10; // two full chunks and a partial one
    for (let i = 0; i < n; i++) c.push(i % 1000 === 0 ? null : i * 0.5);
    const v = c.values();
    expect(v.length).toBe(n);
    expect([v[1], v[65_535], v[65_536], v[131_081]]).toEqual([0.5, 32_767.5, 32_768, 65_540.5]);
    expect(Number.isNaN(v[131_000])).toBe(true);
    expect(c.values()).toBe(v); // already joined: the same array
    c.push(7);
    expect(c.values().length).toBe(n + 1);
    expect(c.values()[n]).toBe(7);
  });

  it('is empty when nothing was pushed', () => {
    expect(new GrowableColumn().values().length).toBe(0);
  });
});
