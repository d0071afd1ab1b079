import 'server-only';
import type { Prisma } from '@/generated/prisma/client';
import { db } from '../db';
import { pgPool } from '../pg-pool';
import { afterLostWorker, canTransition, type JobStatus } from './transitions';

/**
 * A job queue on the TrainingJob table (no extra service): workers claim with `FOR UPDATE SKIP LOCKED`, so
 * several workers never take the same job; among queued jobs the one whose organisation has the fewest
 * running jobs goes first (then the oldest), so one organisation cannot starve another. Running jobs
 * heartbeat; `reapLostJobs` requeues (or fails, when out of attempts) jobs whose worker stopped.
 */
export const HEARTBEAT_TIMEOUT_MS = 60_000;
const MAX_LOG_LINES = 400;

export interface ClaimedJob {
  id: string;
  organizationId: string;
  kind: 'TRAIN' | 'SEGMENT';
  params: unknown;
  attempts: number;
  createdById: string | null;
}

export async function claimNextJob(workerId: string): Promise<ClaimedJob | null> {
  const r = await pgPool().query<ClaimedJob>(
    `UPDATE "TrainingJob" SET status = 'RUNNING', "workerId" = $1, "heartbeatAt" = now(), "startedAt" = now(),
       attempts = attempts + 1, progress = 0, stage = 'starting'
     WHERE id = (
       SELECT j.id FROM "TrainingJob" j
       WHERE j.status = 'QUEUED' AND NOT j."cancelRequested"
       ORDER BY (SELECT count(*) FROM "TrainingJob" r WHERE r."organizationId" = j."organizationId" AND r.status = 'RUNNING'), j."createdAt"
       FOR UPDATE SKIP LOCKED LIMIT 1)
     RETURNING id, "organizationId", kind, params, attempts, "createdById"`,
    [workerId],
  );
  return r.rows[0] ?? null;
}

/** Moves a job from one status to another, only if it is still in `from` (compare-and-set). */
export async function transitionJob(
  id: string,
  from: JobStatus,
  to: JobStatus,
  data: Prisma.TrainingJobUpdateManyMutationInput = {},
): Promise<boolean> {
  if (!canTransition(from, to)) throw new Error(`illegal job transition ${from} → ${to}`);
  const r = await db.trainingJob.updateMany({ where: { id, status: from }, data: { ...data, status: to } });
  return r.count === 1;
}

/** Progress report from a worker; returns true when a user asked to cancel. */
export async function reportProgress(
  id: string,
  p: { progress: number; stage: string; log?: string; point?: Record<string, number> },
): Promise<boolean> {
  const line = p.log
    ? JSON.stringify({ t: new Date().toISOString(), msg: p.log, ...(p.point ? { point: p.point } : {}) })
    : null;
  const r = await pgPool().query<{ cancelRequested: boolean }>(
    `UPDATE "TrainingJob" SET progress = $2, stage = $3, "heartbeatAt" = now(),
       logs = CASE WHEN $4::jsonb IS NULL THEN logs
                   WHEN jsonb_array_length(logs) >= $5 THEN (logs - 0) || jsonb_build_array($4::jsonb)
                   ELSE logs || jsonb_build_array($4::jsonb) END
     WHERE id = $1 RETURNING "cancelRequested"`,
    [id, p.progress, p.stage, line, MAX_LOG_LINES],
  );
  return r.rows[0]?.cancelRequested ?? false;
}

export async function heartbeat(id: string): Promise<void> {
  await pgPool().query(`UPDATE "TrainingJob" SET "heartbeatAt" = now() WHERE id = $1 AND status = 'RUNNING'`, [id]);
}

/** Jobs left RUNNING by a worker that stopped heartbeating: requeued while attempts remain, else failed. */
export async function reapLostJobs(timeoutMs = HEARTBEAT_TIMEOUT_MS): Promise<{ requeued: number; failed: number }> {
  const lost = await db.trainingJob.findMany({
    where: { status: 'RUNNING', heartbeatAt: { lt: new Date(Date.now() - timeoutMs) } },
    select: { id: true, attempts: true, maxAttempts: true },
  });
  let requeued = 0,
    failed = 0;
  for (const j of lost) {
    const to = afterLostWorker(j.attempts, j.maxAttempts);
    const ok = await transitionJob(
      j.id,
      'RUNNING',
      to,
      to === 'FAILED'
        ? {
            error: `The worker running this job stopped (${j.attempts} attempt${j.attempts > 1 ? 's' : ''}); it was not retried again.`,
            finishedAt: new Date(),
          }
        : { stage: 'requeued after its worker stopped', workerId: null },
    );
    if (ok) to === 'FAILED' ? failed++ : requeued++;
  }
  return { requeued, failed };
}
