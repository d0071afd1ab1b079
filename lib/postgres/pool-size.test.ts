import { describe, expect, it } from 'vitest';
import { poolSizeFor } from './pool-size';

describe('poolSizeFor', () => {
  it('shares about 4 connections per core among the server processes, 4 to 16 per process', () => {
    expect(poolSizeFor({ cores: 2, processes: 2 })).toBe(4);
    expect(poolSizeFor({ cores: 2, processes: 1 })).toBe(8);
    expect(poolSizeFor({ cores: 8, processes: 8 })).toBe(4);
    expect(poolSizeFor({ cores: 3, processes: 2 })).toBe(6); // ⌈12 / 2⌉
    expect(poolSizeFor({ cores: 1, processes: 1 })).toBe(4); // never below 4
    expect(poolSizeFor({ cores: 64, processes: 1 })).toBe(16); // never above 16
    expect(poolSizeFor({ cores: 2, processes: 2, override: 12 })).toBe(12);
  });
});
