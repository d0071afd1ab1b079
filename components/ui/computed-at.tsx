'use client';

import { useFormat } from './format-provider';

/**
 * The line under a stored result (lib/computed/): when it was computed and how long that took, whether a newer one
 * is on its way, and a "Recompute" button for those allowed to queue one.
 */
export function ComputedAt({
  status,
  computedAt,
  durationMs,
  error,
  onRecompute,
  pending,
}: {
  status: 'STALE' | 'COMPUTING' | 'READY' | 'FAILED';
  computedAt: string | null;
  durationMs: number | null;
  error: string | null;
  onRecompute?: () => void;
  pending?: boolean;
}) {
  const f = useFormat();
  const at = computedAt
    ? new Date(computedAt).toLocaleString(f.settings.locale, { dateStyle: 'medium', timeStyle: 'short' })
    : null;
  const busy = status === 'STALE' || status === 'COMPUTING';
  return (
    <p className="small muted" data-testid="computed-at">
      {at ? `Computed ${at}` : 'Not computed yet'}
      {at && durationMs !== null ? ` (took ${f.number(durationMs / 1000, 1)} s)` : ''}
      {busy ? ' · a newer result is being computed by the worker…' : ''}
      {status === 'FAILED' && error ? ` · the last recomputation failed: ${error}` : ''}
      {onRecompute && (
        <>
          {' '}
          <button className="btn" type="button" onClick={onRecompute} disabled={busy || pending}>
            Recompute
          </button>
        </>
      )}
    </p>
  );
}
