import { describe, expect, it } from 'vitest';
import { detectDateFormat, parseDateAs, wallTimeToUtc } from './date-formats';

const iso = (d: Date | null) => d?.toISOString() ?? null;

describe('parseDateAs', () => {
  it('reads the UCI Online Retail layout M/D/YYYY H:MM', () => {
    expect(iso(parseDateAs('12/1/2010 8:26', 'mdy'))).toBe('2010-12-01T08:26:00.000Z');
    expect(iso(parseDateAs('12/13/2010 17:05', 'mdy'))).toBe('2010-12-13T17:05:00.000Z');
    expect(iso(parseDateAs('2/29/2012', 'mdy'))).toBe('2012-02-29T00:00:00.000Z');
    expect(iso(parseDateAs('1/2/2011 1:05 PM', 'mdy'))).toBe('2011-01-02T13:05:00.000Z');
    expect(iso(parseDateAs('1/2/2011 12:05 AM', 'mdy'))).toBe('2011-01-02T00:05:00.000Z');
  });
  it('reads D/M/YYYY and refuses impossible dates', () => {
    expect(iso(parseDateAs('13/12/2010 08:26:59', 'dmy'))).toBe('2010-12-13T08:26:59.000Z');
    expect(iso(parseDateAs('31.12.2010', 'dmy'))).toBe('2010-12-31T00:00:00.000Z');
    for (const s of ['12/13/2010', '29/2/2011', '1/1/2010 24:00', '2010-12-01', '']) {
      expect(parseDateAs(s, 'dmy'), s).toBeNull();
    }
  });
  it('reads epoch seconds and milliseconds in a plausible range', () => {
    // 2010-12-01T08:26:00Z = 1291191960 s (python: datetime(2010,12,1,8,26,tzinfo=utc).timestamp())
    expect(iso(parseDateAs('1291191960', 'epoch_s'))).toBe('2010-12-01T08:26:00.000Z');
    expect(iso(parseDateAs('1291191960123', 'epoch_ms'))).toBe('2010-12-01T08:26:00.123Z');
    expect(parseDateAs('1291191960123', 'epoch_s')).toBeNull();
    expect(parseDateAs('12', 'epoch_ms')).toBeNull();
  });
  it('reads wall-clock times in a time zone (references from python zoneinfo)', () => {
    expect(iso(parseDateAs('6/15/2011 14:05', 'mdy', 'Europe/London'))).toBe('2011-06-15T13:05:00.000Z');
    expect(iso(parseDateAs('2024-07-04 09:00', 'iso', 'America/New_York'))).toBe('2024-07-04T13:00:00.000Z');
    expect(iso(parseDateAs('5/1/2024 23:30', 'dmy', 'Australia/Sydney'))).toBe('2024-01-05T12:30:00.000Z');
    // a value with its own zone ignores the chosen one
    expect(iso(parseDateAs('2024-07-04T09:00:00Z', 'iso', 'America/New_York'))).toBe('2024-07-04T09:00:00.000Z');
  });
  it('follows fold=0 at DST changes: gap uses the earlier offset, overlap the first occurrence', () => {
    expect(new Date(wallTimeToUtc(Date.UTC(2011, 2, 27, 1, 30), 'Europe/London')).toISOString()).toBe(
      '2011-03-27T01:30:00.000Z',
    );
    expect(new Date(wallTimeToUtc(Date.UTC(2011, 9, 30, 1, 30), 'Europe/London')).toISOString()).toBe(
      '2011-10-30T00:30:00.000Z',
    );
  });
});

describe('detectDateFormat', () => {
  it('calls out M/D vs D/M when no day is above 12', () => {
    const d = detectDateFormat(['12/1/2010 8:26', '12/1/2010 8:28', '12/2/2010 9:00']);
    expect(d.format).toBeNull();
    expect(d.ambiguous).toBe(true);
    expect(d.parsed).toEqual({ iso: 0, mdy: 3, dmy: 3, epoch_s: 0, epoch_ms: 0 });
    expect(d.message).toMatch(/month\/day or day\/month/);
  });
  it('settles M/D once a second part is above 12, D/M once a first part is', () => {
    expect(detectDateFormat(['12/1/2010 8:26', '12/13/2010 9:00']).format).toBe('mdy');
    expect(detectDateFormat(['1/12/2010', '13/12/2010']).format).toBe('dmy');
  });
  it('detects ISO and epochs, and gives up when most values are unreadable', () => {
    expect(detectDateFormat(['2026-04-01', '2026-04-01T10:00:00Z', '']).format).toBe('iso');
    expect(detectDateFormat(['1291191960', '1291191961']).format).toBe('epoch_s');
    expect(detectDateFormat(['1291191960000']).format).toBe('epoch_ms');
    const bad = detectDateFormat(['C536379', 'C536383', '536365']);
    expect([bad.format, bad.ambiguous, bad.sampled]).toEqual([null, false, 3]);
  });
});
