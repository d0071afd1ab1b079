import 'server-only';
import type { ComputedResultKind } from '@/generated/prisma/client';
import { pgPool } from '../pg-pool';

/**
 * Stored results of expensive reads (table ComputedResult): a request marks a result STALE (inputs changed, or a
 * user asked to recompute); a worker claims stale results with `FOR UPDATE SKIP LOCKED`, computes and stores them.
 * The previous value stays readable while a new one is computed, and a result requested again while it was being
 * computed goes back to STALE when that computation ends (its inputs changed under it). A claim older than
 * CLAIM_TIMEOUT_MS (a worker that died) is taken again.
 */
export type { ComputedResultKind };
export type ComputedStatus = 'STALE' | 'COMPUTING' | 'READY' | 'FAILED';

export interface StoredResult<T = unknown> {
  kind: ComputedResultKind;
  key: string;
  status: ComputedStatus;
  value: T | null;
  error: string | null;
  requestedAt: Date;
  computedAt: Date | null;
  durationMs: number | null;
}

export const CLAIM_TIMEOUT_MS = 10 * 60_000;

const FIELDS = `kind, key, status, value, error, "requestedAt", "computedAt", "durationMs"`;

/** Marks results as needing (re)computation; their current values stay readable until replaced. */
export async function requestCompute(orgId: string, kind: ComputedResultKind, keys: readonly string[] = ['']) {
  if (keys.length === 0) return;
  await pgPool().query(
    `INSERT INTO "ComputedResult" (id, "organizationId", kind, key, status, "requestedAt")
     SELECT gen_random_uuid()::text, $1, $2::"ComputedResultKind", k, 'STALE', now() FROM unnest($3::text[]) AS k
     ON CONFLICT ("organizationId", kind, key) DO UPDATE SET "requestedAt" = now(),
       status = CASE WHEN "ComputedResult".status = 'COMPUTING' THEN 'COMPUTING'::"ComputedResultStatus" ELSE 'STALE' END`,
    [orgId, kind, [...keys]],
  );
}

export async function readComputed<T>(
  orgId: string,
  kind: ComputedResultKind,
  key = '',
): Promise<StoredResult<T> | null> {
  const r = await pgPool().query<StoredResult<T>>(
    `SELECT ${FIELDS} FROM "ComputedResult" WHERE "organizationId" = $1 AND kind = $2::"ComputedResultKind" AND key = $3`,
    [orgId, kind, key],
  );
  return r.rows[0] ?? null;
}

/** Stores a value computed outside the worker (a first request that could not wait); marks it READY. */
export async function storeComputed(
  orgId: string,
  kind: ComputedResultKind,
  key: string,
  value: unknown,
  durationMs: number,
): Promise<void> {
  await pgPool().query(
    `INSERT INTO "ComputedResult" (id, "organizationId", kind, key, status, value, "computedAt", "durationMs", "requestedAt")
     VALUES (gen_random_uuid()::text, $1, $2::"ComputedResultKind", $3, 'READY', $4::jsonb, now(), $5, now())
     ON CONFLICT ("organizationId", kind, key) DO UPDATE SET value = EXCLUDED.value, "computedAt" = now(),
       "durationMs" = EXCLUDED."durationMs", error = NULL,
       status = CASE WHEN "ComputedResult".status = 'READY' THEN 'READY'::"ComputedResultStatus" ELSE "ComputedResult".status END`,
    [orgId, kind, key, JSON.stringify(value), durationMs],
  );
}

export interface ClaimedComputation {
  id: string;
  organizationId: string;
  kind: ComputedResultKind;
  key: string;
  claimedAt: Date;
}

/** The oldest stale result (or one whose worker vanished), now COMPUTING on behalf of `workerId`. */
export async function claimComputation(workerId: string): Promise<ClaimedComputation | null> {
  const r = await pgPool().query<ClaimedComputation>(
    `UPDATE "ComputedResult" SET status = 'COMPUTING', "claimedAt" = clock_timestamp(), "workerId" = $1
     WHERE id = (
       SELECT id FROM "ComputedResult"
       WHERE status = 'STALE' OR (status = 'COMPUTING' AND "claimedAt" < now() - make_interval(secs => $2))
       ORDER BY "requestedAt" FOR UPDATE SKIP LOCKED LIMIT 1)
     RETURNING id, "organizationId", kind, key, "claimedAt"`,
    [workerId, CLAIM_TIMEOUT_MS / 1000],
  );
  return r.rows[0] ?? null;
}

/**
 * Records the outcome of a claimed computation (only while the claim is still this worker's). Requested again
 * since the claim → STALE (computed again next); else READY, or FAILED keeping the previous value.
 */
export async function finishComputation(
  c: ClaimedComputation,
  workerId: string,
  outcome: { value: unknown; durationMs: number } | { error: string },
): Promise<boolean> {
  const ok = 'value' in outcome;
  const r = await pgPool().query(
    `UPDATE "ComputedResult" SET
       status = CASE WHEN "requestedAt" > "claimedAt" THEN 'STALE'::"ComputedResultStatus"
                     WHEN $3 THEN 'READY'::"ComputedResultStatus" ELSE 'FAILED'::"ComputedResultStatus" END,
       value = CASE WHEN $3 THEN $4::jsonb ELSE value END,
       "computedAt" = CASE WHEN $3 THEN clock_timestamp() ELSE "computedAt" END,
       "durationMs" = CASE WHEN $3 THEN $5 ELSE "durationMs" END,
       error = $6
     WHERE id = $1 AND "workerId" = $2 AND status = 'COMPUTING'`,
    [
      c.id,
      workerId,
      ok,
      ok ? JSON.stringify(outcome.value) : null,
      ok ? outcome.durationMs : null,
      ok ? null : outcome.error,
    ],
  );
  return r.rowCount === 1;
}
