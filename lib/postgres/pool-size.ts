/**
 * Connections per pool of one server process, from the machine's cores and the number of server processes sharing
 * them: about 4 connections per core across all server processes (PostgreSQL runs on the same cores; more active
 * connections than that only queue inside the database), at least 4 per process (a request's reads and the
 * group-committed insert must not wait for each other), at most 16. An explicit `DB_POOL_SIZE` wins.
 *   2 cores, 2 processes → 4 each; 2 cores, 1 process → 8; 8 cores, 8 processes → 4 each (64 in all).
 */
export function poolSizeFor(o: { cores: number; processes: number; override?: number }): number {
  if (o.override !== undefined) return o.override;
  const cores = Math.max(1, Math.floor(o.cores));
  const processes = Math.max(1, Math.floor(o.processes));
  return Math.min(16, Math.max(4, Math.ceil((4 * cores) / processes)));
}
