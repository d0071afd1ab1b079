/**
 * A tiny time-bounded memo for the serving hot path (running experiments, the active policy, the served model's
 * row). Keys start with the organisation id. A change made in this process (activation, policy action,
 * experiment start/stop) clears that organisation's entries at once; other server processes see it within
 * `ttlMs` (1 s by default) — no restart either way.
 */
const all = new Set<Map<string, unknown>>();

export function ttlCache<T>(ttlMs = 1000) {
  const entries = new Map<string, { at: number; value: Promise<T> }>();
  all.add(entries);
  return (key: string, load: () => Promise<T>): Promise<T> => {
    const hit = entries.get(key);
    if (hit && Date.now() - hit.at < ttlMs) return hit.value;
    const value = load();
    value.catch(() => entries.delete(key));
    entries.set(key, { at: Date.now(), value });
    return value;
  };
}

/** Forgets every cached serving entry of an organisation (call after changing what it serves). */
export function invalidateServingCaches(orgId: string): void {
  for (const m of all) for (const k of [...m.keys()]) if (k.startsWith(`${orgId}:`)) m.delete(k);
}
