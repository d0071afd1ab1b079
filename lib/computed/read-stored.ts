import 'server-only';
import { type ComputedResultKind, type ComputedStatus, readComputed, requestCompute } from './computed-store';

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
