import 'server-only';
import {
  type ComputedResultKind,
  type ComputedStatus,
  readComputed,
  requestCompute,
  storeComputed,
} from './computed-store';

/**
 * What a page or API shows of a stored result: the value (null until first computed), when it was computed, and
 * whether a newer one is on its way. Asking for a result that was never requested queues it.
 */
export interface StoredView<T> {
  value: T | null;
  status: ComputedStatus;
  computedAt: Date | null;
  durationMs: number | null;
  error: string | null;
}

export async function readOrRequest<T>(orgId: string, kind: ComputedResultKind, key = ''): Promise<StoredView<T>> {
  const s = await readComputed<T>(orgId, kind, key);
  if (!s) {
    await requestCompute(orgId, kind, [key]);
    return { value: null, status: 'STALE', computedAt: null, durationMs: null, error: null };
  }
  return { value: s.value, status: s.status, computedAt: s.computedAt, durationMs: s.durationMs, error: s.error };
}

/**
 * The stored value when there is one (whatever its status: a STALE one is shown while the worker recomputes it);
 * otherwise — never computed, or only failed — computed on this request and stored, so the next reader gets it.
 * Errors of the computation (a 404, a 422) reach the caller as before.
 */
export async function readOrCompute<T>(
  orgId: string,
  kind: ComputedResultKind,
  key: string,
  compute: () => Promise<T>,
): Promise<StoredView<T> & { value: T }> {
  const s = await readComputed<T>(orgId, kind, key);
  if (s && s.value !== null)
    return { value: s.value, status: s.status, computedAt: s.computedAt, durationMs: s.durationMs, error: s.error };
  const t0 = performance.now();
  const value = await compute();
  const durationMs = Math.round(performance.now() - t0);
  await storeComputed(orgId, kind, key, value, durationMs);
  return { value, status: 'READY', computedAt: new Date(), durationMs, error: null };
}

/** Age after which readFresh asks the worker for a newer result (model monitoring, experiment plan baselines). */
export const FRESH_MAX_AGE_MS = 10 * 60_000;

/**
 * readOrCompute for a result whose inputs also change without an event that queues it (live decisions, events):
 * a stored value older than FRESH_MAX_AGE_MS at the reader's clock `now` is still returned, and the worker is asked
 * for a newer one (status STALE), so a reader never waits for it once it exists.
 */
export async function readFresh<T>(
  orgId: string,
  kind: ComputedResultKind,
  key: string,
  compute: () => Promise<T>,
  now: Date,
): Promise<StoredView<T> & { value: T }> {
  const view = await readOrCompute(orgId, kind, key, compute);
  const age = view.computedAt ? now.getTime() - new Date(view.computedAt).getTime() : 0;
  if (view.status !== 'READY' || age <= FRESH_MAX_AGE_MS) return view;
  await requestCompute(orgId, kind, [key]);
  return { ...view, status: 'STALE' };
}
