import 'server-only';
import type { Prisma } from '@/generated/prisma/client';
import { db } from '../db';
import { env } from '../env';
import { pgPool } from '../pg-pool';
import { LeaseLost } from './job-stop';
import { afterLostWorker, canTransition, type JobStatus } from './transitions';

/**
 * A job queue on the TrainingJob table (no extra service): workers claim with `FOR UPDATE SKIP LOCKED`, so
 * several workers never take the same job; among queued jobs the one whose organisation has the fewest
 * running jobs goes first (then the oldest), so one organisation cannot starve another.
 *
 * Leases: a claim writes a fresh `leaseToken`. The worker heartbeats from its main thread (training runs on
 * other threads); `reapLostJobs` takes back jobs whose heartbeat is older than the lease (JOB_LEASE_SECONDS) and
 * clears the token. Every write a job makes — progress, logs, results, its final status — names its token and is
 * refused once the token is gone, so a worker that lost its job can never overwrite the new owner's work.
 */
const MAX_LOG_LINES = 400;

/** how long a worker may go without heartbeating before its job is taken back (JOB_LEASE_SECONDS) */
export function leaseMs(): number {
  return env().JOB_LEASE_SECONDS * 1000;
}

export interface JobLease {
  jobId: string;
  token: string;
}

export interface ClaimedJob {
  id: string;
  organizationId: string;
  kind: 'TRAIN' | 'SEGMENT';
  params: unknown;
  attempts: number;
  createdById: string | null;
  leaseToken: string;
}

export async function claimNextJob(workerId: string): Promise<ClaimedJob | null> {
  const r = await pgPool().query<ClaimedJob>(
    `UPDATE "TrainingJob" SET status = 'RUNNING', "workerId" = $1, "heartbeatAt" = now(), "startedAt" = now(),
       attempts = attempts + 1, progress = 0, stage = 'starting', "leaseToken" = gen_random_uuid()
     WHERE id = (
       SELECT j.id FROM "TrainingJob" j
       WHERE j.status = 'QUEUED' AND NOT j."cancelRequested"
       ORDER BY (SELECT count(*) FROM "TrainingJob" r WHERE r."organizationId" = j."organizationId" AND r.status = 'RUNNING'), j."createdAt"
       FOR UPDATE SKIP LOCKED LIMIT 1)
     RETURNING id, "organizationId", kind, params, attempts, "createdById", "leaseToken"::text AS "leaseToken"`,
    [workerId],
  );
  return r.rows[0] ?? null;
}

export function leaseOf(job: ClaimedJob): JobLease {
  return { jobId: job.id, token: job.leaseToken };
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

/** The final status of a running job, written only while this worker still holds its lease. */
export async function finishJob(
  lease: JobLease,
  to: Extract<JobStatus, 'SUCCEEDED' | 'FAILED' | 'CANCELLED'>,
  data: Prisma.TrainingJobUpdateManyMutationInput = {},
): Promise<boolean> {
  const r = await db.trainingJob.updateMany({
    where: { id: lease.jobId, leaseToken: lease.token, status: 'RUNNING' },
    data: { ...data, status: to, finishedAt: new Date() },
  });
  return r.count === 1;
}

/**
 * Progress report from a worker (also a heartbeat); returns true when a user asked to cancel. Throws LeaseLost
 * when the job is no longer this worker's.
 */
export async function reportProgress(
  lease: JobLease,
  p: { progress: number; stage: string; log?: string; point?: Record<string, number> },
): Promise<boolean> {
  const line = p.log
    ? JSON.stringify({ t: new Date().toISOString(), msg: p.log, ...(p.point ? { point: p.point } : {}) })
    : null;
  const r = await pgPool().query<{ cancelRequested: boolean }>(
    `UPDATE "TrainingJob" SET progress = $3, stage = $4, "heartbeatAt" = now(),
       logs = CASE WHEN $5::jsonb IS NULL THEN logs
                   WHEN jsonb_array_length(logs) >= $6 THEN (logs - 0) || jsonb_build_array($5::jsonb)
                   ELSE logs || jsonb_build_array($5::jsonb) END
     WHERE id = $1 AND "leaseToken" = $2::uuid AND status = 'RUNNING' RETURNING "cancelRequested"`,
    [lease.jobId, lease.token, p.progress, p.stage, line, MAX_LOG_LINES],
  );
  if (!r.rows[0]) throw new LeaseLost(lease.jobId);
  return r.rows[0].cancelRequested;
}

/** Keeps the lease alive; says whether it is still held and whether a user asked to cancel. */
export async function heartbeat(lease: JobLease): Promise<{ held: boolean; cancelRequested: boolean }> {
  const r = await pgPool().query<{ cancelRequested: boolean }>(
    `UPDATE "TrainingJob" SET "heartbeatAt" = now()
     WHERE id = $1 AND "leaseToken" = $2::uuid AND status = 'RUNNING' RETURNING "cancelRequested"`,
    [lease.jobId, lease.token],
  );
  return r.rows[0]
    ? { held: true, cancelRequested: r.rows[0].cancelRequested }
    : { held: false, cancelRequested: false };
}

/**
 * Inside a transaction that writes a job's results: locks the job row and checks the lease is still held (a held
 * row lock tells the reaper its worker is alive, and a taken-back job refuses the write). Throws LeaseLost.
 */
export async function assertLease(tx: Prisma.TransactionClient, lease: JobLease): Promise<void> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "TrainingJob"
    WHERE id = ${lease.jobId} AND "leaseToken" = ${lease.token}::uuid AND status = 'RUNNING' FOR UPDATE`;
  if (rows.length !== 1) throw new LeaseLost(lease.jobId);
}

/**
 * The last statement of a transaction that writes a job's results: the heartbeats waited for its row lock, so the
 * heartbeat is renewed as it commits — a save longer than the lease does not leave the job looking abandoned.
 */
export async function renewLease(tx: Prisma.TransactionClient, lease: JobLease): Promise<void> {
  await tx.$executeRaw`UPDATE "TrainingJob" SET "heartbeatAt" = clock_timestamp()
    WHERE id = ${lease.jobId} AND "leaseToken" = ${lease.token}::uuid`;
}

/**
 * Jobs left RUNNING by a worker that stopped heartbeating: requeued while attempts remain, else failed. A job
 * whose row is locked is skipped: its worker is inside a transaction writing the results (its heartbeats wait
 * for that lock), and a dead worker's transaction ends with its connection.
 */
export async function reapLostJobs(
  timeoutMs = leaseMs(),
  now: Date = new Date(),
): Promise<{ requeued: number; failed: number }> {
  // its own connection of the pg pool, not Prisma's: the reaper must not wait for a connection that a saving
  // transaction of the same process holds
  const client = await pgPool().connect();
  try {
    await client.query('BEGIN');
    const lost = await client.query<{ id: string; attempts: number; maxAttempts: number }>(
      `SELECT id, attempts, "maxAttempts" FROM "TrainingJob"
       WHERE status = 'RUNNING' AND "heartbeatAt" < $1 FOR UPDATE SKIP LOCKED`,
      [new Date(now.getTime() - timeoutMs)],
    );
    let requeued = 0,
      failed = 0;
    for (const j of lost.rows) {
      if (afterLostWorker(j.attempts, j.maxAttempts) === 'FAILED') {
        const error = `The worker running this job stopped (${j.attempts} attempt${j.attempts > 1 ? 's' : ''}); it was not retried again.`;
        await client.query(
          `UPDATE "TrainingJob" SET status = 'FAILED', "leaseToken" = NULL, error = $2, "finishedAt" = $3 WHERE id = $1`,
          [j.id, error, now],
        );
        failed++;
      } else {
        await client.query(
          `UPDATE "TrainingJob" SET status = 'QUEUED', "leaseToken" = NULL, stage = 'requeued after its worker stopped', "workerId" = NULL WHERE id = $1`,
          [j.id],
        );
        requeued++;
      }
    }
    await client.query('COMMIT');
    return { requeued, failed };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}
