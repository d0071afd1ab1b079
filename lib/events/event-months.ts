/**
 * Calendar months (UTC) as the partitions of "Event" name them: a month key `YYYY-MM`, its partition
 * `Event_YYYY_MM`, and its bounds as timestamp literals (`"occurredAt"` is a timestamp without time zone holding
 * UTC wall-clock time). Pure functions: no clock, no database.
 */
export type MonthKey = string;

const KEY = /^(\d{4})-(\d{2})$/;

export function monthKeyOf(d: Date): MonthKey {
  return `${String(d.getUTCFullYear()).padStart(4, '0')}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** The first instant (UTC) of the month. */
export function monthStart(key: MonthKey): Date {
  const m = KEY.exec(key);
  if (!m) throw new RangeError(`not a month key (YYYY-MM): ${key}`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1));
}

export function addMonths(key: MonthKey, n: number): MonthKey {
  const d = monthStart(key);
  return monthKeyOf(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1)));
}

export function partitionName(key: MonthKey): string {
  monthStart(key); // validates
  return `Event_${key.replace('-', '_')}`;
}

/** `'YYYY-MM-01 00:00:00'`: a bound of the month's range, as the timestamp literal the partition bound holds. */
export function boundLiteral(key: MonthKey): string {
  return `${monthStart(key).toISOString().slice(0, 10)} 00:00:00`;
}

/** Months from `from` (inclusive) to `to` (exclusive), in order. */
export function monthsBetween(from: MonthKey, to: MonthKey): MonthKey[] {
  const out: MonthKey[] = [];
  for (let m = from; monthStart(m) < monthStart(to); m = addMonths(m, 1)) out.push(m);
  return out;
}

/**
 * The month key of a partition bound as `pg_get_expr(relpartbound)` prints it (`FOR VALUES FROM ('2025-03-01
 * 00:00:00') TO ('2025-04-01 00:00:00')`), or null for DEFAULT and anything not on month boundaries.
 */
export function parseMonthBounds(expr: string): { from: MonthKey; to: MonthKey } | null {
  const m = /FROM \('(\d{4})-(\d{2})-01 00:00:00'\) TO \('(\d{4})-(\d{2})-01 00:00:00'\)/.exec(expr);
  if (!m) return null;
  return { from: `${m[1]}-${m[2]}`, to: `${m[3]}-${m[4]}` };
}

/**
 * The first month a retention of `retentionMonths` keeps (the current month and that many before it): a partition
 * ending on or before it is expired.
 */
export function retentionCutoff(now: Date, retentionMonths: number): MonthKey {
  if (!Number.isInteger(retentionMonths) || retentionMonths < 1)
    throw new RangeError(`retentionMonths must be a whole number ≥ 1, got ${retentionMonths}`);
  return addMonths(monthKeyOf(now), -retentionMonths);
}
