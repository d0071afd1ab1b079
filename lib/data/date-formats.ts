/**
 * Date formats of merchant exports: ISO 8601, M/D/YYYY [H:MM[:SS]], D/M/YYYY [H:MM[:SS]], epoch seconds and
 * epoch milliseconds; detection from sample values (with the M/D vs D/M ambiguity called out); and wall-clock
 * times read in an IANA time zone. Pure: no I/O, no clock.
 */
import { daysInMonth, parseCsvDate } from './csv-values';

export const DATE_FORMATS = ['iso', 'mdy', 'dmy', 'epoch_s', 'epoch_ms'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];
export const DATE_FORMAT_LABELS: Record<DateFormat, string> = {
  iso: 'ISO 8601 (2026-04-01 or 2026-04-01T10:00:00Z)',
  mdy: 'M/D/YYYY H:MM (US, 12/31/2010 8:26)',
  dmy: 'D/M/YYYY H:MM (31/12/2010 8:26)',
  epoch_s: 'Unix epoch seconds (1291191960)',
  epoch_ms: 'Unix epoch milliseconds (1291191960000)',
};

// 1/2/2010, 01-02-2010 or 01.02.2010, optional time H:MM[:SS], optional AM/PM
const SLASHED = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$/;
const INTEGER = /^\d{1,16}(?:\.\d+)?$/;
// 1990-01-01 .. 2100-01-01
const EPOCH_S_RANGE = [631152000, 4102444800] as const;

/** Offset (ms) of a time zone from UTC at an instant, via Intl; memoised per zone and hour. */
const offsetCache = new Map<string, Map<number, number>>();
const formatters = new Map<string, Intl.DateTimeFormat>();

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function zoneOffsetMs(utcMs: number, tz: string): number {
  const hour = Math.floor(utcMs / 3_600_000);
  let byHour = offsetCache.get(tz);
  if (!byHour) {
    byHour = new Map();
    offsetCache.set(tz, byHour);
  }
  const hit = byHour.get(hour);
  if (hit !== undefined) return hit;
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(tz, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(hour * 3_600_000)).map((x) => [x.type, x.value]));
  const wall = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second);
  const off = wall - hour * 3_600_000;
  if (byHour.size > 100_000) byHour.clear();
  byHour.set(hour, off);
  return off;
}

/**
 * The instant at which the wall clock of `tz` shows the given local time (ms since epoch), with Python's fold=0
 * rule: in a DST overlap the first occurrence, in a DST gap the offset from before the change.
 */
export function wallTimeToUtc(localAsUtcMs: number, tz: string): number {
  if (tz === 'UTC' || tz === 'Etc/UTC') return localAsUtcMs;
  const before = zoneOffsetMs(localAsUtcMs - 43_200_000, tz);
  const after = zoneOffsetMs(localAsUtcMs + 43_200_000, tz);
  const valid = [before, after]
    .map((o) => localAsUtcMs - o)
    .filter((c, i) => zoneOffsetMs(c, tz) === [before, after][i]);
  return valid.length ? Math.min(...valid) : localAsUtcMs - before;
}

function slashed(s: string, order: 'mdy' | 'dmy', tz: string): Date | null {
  const m = SLASHED.exec(s);
  if (!m) return null;
  const a = +m[1],
    b = +m[2],
    y = +m[3];
  const [mo, d] = order === 'mdy' ? [a, b] : [b, a];
  if (y < 1000 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  let h = m[4] === undefined ? 0 : +m[4];
  const mi = m[5] === undefined ? 0 : +m[5],
    sec = m[6] === undefined ? 0 : +m[6];
  if (m[7]) {
    if (h < 1 || h > 12) return null;
    const pm = m[7].toLowerCase() === 'pm';
    h = (h % 12) + (pm ? 12 : 0);
  }
  if (h > 23 || mi > 59 || sec > 59) return null;
  return new Date(wallTimeToUtc(Date.UTC(y, mo - 1, d, h, mi, sec), tz));
}

/** True when an ISO value carries its own zone (Z or an offset), so the chosen time zone does not apply. */
const HAS_ZONE = /(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;

/**
 * Parses one value in a given format; wall-clock values without a zone are read in `tz` (default UTC).
 * Returns null when the value is not in that format or is not a real calendar date.
 */
export function parseDateAs(text: string, format: DateFormat, tz = 'UTC'): Date | null {
  const s = text.trim();
  switch (format) {
    case 'iso': {
      const d = parseCsvDate(s);
      if (!d || tz === 'UTC' || HAS_ZONE.test(s)) return d;
      return new Date(wallTimeToUtc(d.getTime(), tz));
    }
    case 'mdy':
    case 'dmy':
      return slashed(s, format, tz);
    case 'epoch_s':
    case 'epoch_ms': {
      if (!INTEGER.test(s)) return null;
      const v = Number(s) * (format === 'epoch_s' ? 1000 : 1);
      return v >= EPOCH_S_RANGE[0] * 1000 && v <= EPOCH_S_RANGE[1] * 1000 ? new Date(Math.floor(v)) : null;
    }
  }
}

export interface DateDetection {
  /** the best format, or null when no format reads most of the values */
  format: DateFormat | null;
  /** values read by each format, out of `sampled` */
  parsed: Record<DateFormat, number>;
  sampled: number;
  /** M/D and D/M read every value equally well (no day above 12 in the sample): the user must choose */
  ambiguous: boolean;
  message: string;
}

/** Picks the format that reads the most non-empty sample values; calls out M/D vs D/M when both fit. */
export function detectDateFormat(values: readonly string[]): DateDetection {
  const sample = values.map((v) => v.trim()).filter((v) => v !== '');
  const parsed = Object.fromEntries(
    DATE_FORMATS.map((f) => [f, sample.filter((v) => parseDateAs(v, f) !== null).length]),
  ) as Record<DateFormat, number>;
  const n = sample.length;
  if (n === 0) return { format: null, parsed, sampled: 0, ambiguous: false, message: 'No dates in the sample' };
  // epoch seconds and milliseconds cannot both hold in the plausible range: prefer the one that reads most
  const best = [...DATE_FORMATS].sort((a, b) => parsed[b] - parsed[a])[0];
  if (parsed[best] < n / 2) {
    return {
      format: null,
      parsed,
      sampled: n,
      ambiguous: false,
      message: `No known date format reads most of the ${n} sampled values (e.g. "${sample[0]}")`,
    };
  }
  const ambiguous = (best === 'mdy' || best === 'dmy') && parsed.mdy === parsed.dmy;
  const format = ambiguous ? null : best;
  const message = ambiguous
    ? `"${sample[0]}" could be month/day or day/month: no day above 12 in the first ${n} values. Choose M/D/YYYY or D/M/YYYY.`
    : `${DATE_FORMAT_LABELS[best]}: reads ${parsed[best]} of ${n} sampled values`;
  return { format, parsed, sampled: n, ambiguous, message };
}
