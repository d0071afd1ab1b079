/**
 * As-of dates for time features. Aggregates take data strictly before the as-of instant, so the as-of of a data
 * set is one millisecond after its latest timestamp (the last event still counts, with recency ≈ 0 days). An
 * organisation without any timestamped data gets the Unix epoch: time features are then missing, not "today".
 */
export function asOfFromLatest(latest: Date | null): Date {
  return latest ? new Date(latest.getTime() + 1) : new Date(0);
}
