import { describe, expect, it } from 'vitest';
import {
  addMonths,
  boundLiteral,
  monthKeyOf,
  monthsBetween,
  parseMonthBounds,
  partitionName,
  retentionCutoff,
} from './event-months';

describe('event months', () => {
  it('names months in UTC and steps across years', () => {
    expect(monthKeyOf(new Date('2025-12-31T23:59:59.999Z'))).toBe('2025-12');
    expect(monthKeyOf(new Date('2026-01-01T00:00:00.000Z'))).toBe('2026-01');
    expect([addMonths('2025-11', 2), addMonths('2025-01', -1), addMonths('2024-02', -14)]).toEqual([
      '2026-01',
      '2024-12',
      '2022-12',
    ]);
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01']);
    expect(monthsBetween('2025-11', '2025-11')).toEqual([]);
  });

  it('gives partition names and bounds, and reads bounds back', () => {
    expect([partitionName('2025-03'), boundLiteral('2025-03')]).toEqual(['Event_2025_03', '2025-03-01 00:00:00']);
    expect(parseMonthBounds("FOR VALUES FROM ('2025-03-01 00:00:00') TO ('2025-04-01 00:00:00')")).toEqual({
      from: '2025-03',
      to: '2025-04',
    });
    expect(parseMonthBounds('DEFAULT')).toBeNull();
    expect(parseMonthBounds("FOR VALUES FROM ('2025-03-15 00:00:00') TO ('2025-04-01 00:00:00')")).toBeNull();
    expect(() => partitionName('2025-3')).toThrow(RangeError);
  });

  it('keeps the current month and the N before it', () => {
    expect(retentionCutoff(new Date('2026-11-30T07:00:00Z'), 12)).toBe('2025-11');
    expect(retentionCutoff(new Date('2026-01-01T00:00:00Z'), 1)).toBe('2025-12');
    expect(() => retentionCutoff(new Date('2026-01-01T00:00:00Z'), 0)).toThrow(RangeError);
  });
});
