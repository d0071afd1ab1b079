import { describe, expect, it, vi } from 'vitest';
import { invalidateServingCaches, ttlCache } from './ttl-cache';

describe('ttlCache', () => {
  it('reuses a value within its time-to-live and reloads after it', async () => {
    vi.useFakeTimers();
    const cache = ttlCache<number>(1000);
    let loads = 0;
    const load = async () => ++loads;
    expect(await cache('k', load)).toBe(1);
    vi.advanceTimersByTime(999);
    expect(await cache('k', load)).toBe(1);
    vi.advanceTimersByTime(2);
    expect(await cache('k', load)).toBe(2);
    expect(await cache('other', load)).toBe(3);
    vi.useRealTimers();
  });
  it("forgets an organisation's entries when told its serving changed", async () => {
    const cache = ttlCache<number>(60_000);
    let loads = 0;
    const load = async () => ++loads;
    await cache('org1:a', load);
    await cache('org2:a', load);
    invalidateServingCaches('org1');
    expect([await cache('org1:a', load), await cache('org2:a', load)]).toEqual([3, 2]);
  });
  it('forgets a failed load', async () => {
    const cache = ttlCache<number>(1000);
    await expect(cache('k', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache('k', async () => 7)).toBe(7);
  });
});
