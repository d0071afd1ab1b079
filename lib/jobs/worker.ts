import 'server-only';
import { hostname } from 'node:os';
import { runNextComputation } from '../computed/compute-result';
import { failInterruptedImports, runNextPendingImport } from '../datasets/run-import';
import { env } from '../env';
import { maintainEventPartitions } from '../events/event-partition-upkeep';
import { reallocateDueBandits } from '../experiments/bandit/reallocate-bandit';
import { log } from '../log';
import { runSegmentationJob } from '../segments/run-segmentation-job';
import { describeFailure, runTrainingJob } from '../training/run-training-job';
import { JobCancelled, JobTimedOut, LeaseLost } from './job-stop';
import {
  type ClaimedJob,
  claimNextJob,
  finishJob,
  heartbeat,
  type JobLease,
  leaseMs,
  leaseOf,
  reapLostJobs,
} from './queue';
import { beatWorker, forgetWorker, WORKER_BEAT_MS } from './worker-liveness';

/**
 * The worker loop: reap jobs whose worker died, claim the next job, run it, record the outcome. The job's work
 * runs off this thread (training in the compute pool), so this thread's timer heartbeats every second whatever
 * the job does; the same beat notices a cancel request, a lost lease or the time limit and aborts the job's
 * signal, which stops the fits inside their loops. When no job waits, the worker computes stale stored results
 * (lib/computed/). Beside that loop a second one imports uploaded files as they are queued (one at a time; see
 * lib/datasets/run-import.ts). `runOneJob` is the unit used by tests; `runWorker` loops.
 */
export const WORKER_ID = `${hostname()}:${process.pid}`;
let currentJobId: string | null = null;

export interface JobRun {
  lease: JobLease;
  /** aborted with JobCancelled, JobTimedOut or LeaseLost */
  signal: AbortSignal;
}

const RUNNERS: Record<ClaimedJob['kind'], (job: ClaimedJob, run: JobRun) => Promise<unknown>> = {
  TRAIN: (job, run) => runTrainingJob(job, run),
  SEGMENT: (job, run) => runSegmentationJob(job, run),
};

export interface RunOptions {
  /** per-attempt time limit (default JOB_TIME_LIMIT_MINUTES) */
  timeLimitMs?: number;
  /** how often the lease is renewed and cancellation checked (default: 1 s, or a quarter of a short lease) */
  beatMs?: number;
}

/** Claims and runs one job; returns its id, or null when the queue was empty. */
export async function runOneJob(workerId = WORKER_ID, opts: RunOptions = {}): Promise<string | null> {
  await reapLostJobs();
  const job = await claimNextJob(workerId);
  if (!job) return null;
  const lease = leaseOf(job);
  currentJobId = job.id;
  const logger = log.child({ jobId: job.id, kind: job.kind, attempt: job.attempts, workerId });
  logger.info('job started');
  const ac = new AbortController();
  const stop = (reason: Error) => {
    if (!ac.signal.aborted) ac.abort(reason);
  };
  const timeLimitMs = opts.timeLimitMs ?? env().JOB_TIME_LIMIT_MINUTES * 60_000;
  const limit = setTimeout(() => stop(new JobTimedOut(timeLimitMs)), timeLimitMs);
  const beat = setInterval(
    () =>
      void heartbeat(lease)
        .then((h) => {
          if (!h.held) stop(new LeaseLost(job.id));
          else if (h.cancelRequested) stop(new JobCancelled());
        })
        .catch((err) => logger.warn({ err }, 'heartbeat failed')),
    opts.beatMs ?? Math.min(1000, leaseMs() / 4),
  );
  try {
    await RUNNERS[job.kind](job, { lease, signal: ac.signal });
    ac.signal.throwIfAborted();
    if (!(await finishJob(lease, 'SUCCEEDED', { progress: 1, stage: 'done' }))) throw new LeaseLost(job.id);
    logger.info('job succeeded');
  } catch (caught) {
    const err = ac.signal.aborted ? ac.signal.reason : caught;
    if (err instanceof LeaseLost) logger.warn('job lease lost: another worker owns it now; nothing more written');
    else if (err instanceof JobCancelled) {
      await finishJob(lease, 'CANCELLED', { error: 'Cancelled by a user' });
      logger.info('job cancelled');
    } else {
      await finishJob(lease, 'FAILED', { error: err instanceof JobTimedOut ? err.message : describeFailure(err) });
      if (err instanceof JobTimedOut) logger.warn({ timeLimitMs }, 'job stopped at its time limit');
      else logger.warn({ err }, 'job failed');
    }
  } finally {
    clearInterval(beat);
    clearTimeout(limit);
    currentJobId = null;
  }
  return job.id;
}

/** How often the scheduler looks for bandits whose reallocation is due (their own schedule is hourly or daily). */
export const BANDIT_TICK_MS = 60_000;

/** How often the scheduler prepares, tidies and (with EVENT_RETENTION_MONTHS) expires the monthly partitions of Event. */
export const PARTITION_TICK_MS = 10 * 60_000;

/** How often an idle worker looks for a queued upload (what a merchant waits for after the upload itself). */
export const IMPORT_POLL_MS = 300;

export async function runWorker(signal: AbortSignal, idleMs = 1000): Promise<void> {
  log.info({ workerId: WORKER_ID }, 'worker started');
  const beat = () => beatWorker(WORKER_ID, currentJobId).catch((err) => log.warn({ err }, 'worker heartbeat failed'));
  await beat();
  const liveness = setInterval(() => void beat(), WORKER_BEAT_MS);
  // the scheduler: its clock is read here and passed in; the lib never reads the time itself
  const reallocate = () =>
    reallocateDueBandits(new Date())
      .then((n) => n > 0 && log.info({ bandits: n }, 'bandit traffic reallocated'))
      .catch((err) => log.warn({ err }, 'bandit reallocation failed'));
  const bandits = setInterval(() => void reallocate(), BANDIT_TICK_MS);
  const upkeep = () =>
    maintainEventPartitions(new Date(), { retentionMonths: env().EVENT_RETENTION_MONTHS ?? null })
      .then((r) => {
        if (r && (r.ensured.created.length || r.detached.length || r.dropped.length))
          log.info(
            { created: r.ensured.created, movedFromDefault: r.ensured.moved, detached: r.detached, dropped: r.dropped },
            'event partitions maintained',
          );
      })
      .catch((err) => log.warn({ err }, 'event partition upkeep failed'));
  void upkeep();
  const partitions = setInterval(() => void upkeep(), PARTITION_TICK_MS);
  // an import this worker's previous run left half done (killed) is failed, so its file can be uploaded again
  await failInterruptedImports()
    .then((n) => n > 0 && log.warn({ interrupted: n }, 'imports interrupted by the last stop marked failed'))
    .catch((err) => log.warn({ err }, 'could not recover interrupted imports'));
  // uploads are imported beside the jobs (a training run must not hold up a merchant's file): one at a time
  const imports = (async () => {
    while (!signal.aborted) {
      try {
        if (!(await runNextPendingImport())) await new Promise((r) => setTimeout(r, IMPORT_POLL_MS));
      } catch (err) {
        log.error({ err }, 'import loop error');
        await new Promise((r) => setTimeout(r, idleMs * 5));
      }
    }
  })();
  while (!signal.aborted) {
    try {
      // jobs first; between them, stored results whose inputs changed (lib/computed/)
      const ran = (await runOneJob()) ?? (await runNextComputation(WORKER_ID));
      if (!ran) await new Promise((r) => setTimeout(r, idleMs));
    } catch (err) {
      log.error({ err }, 'worker loop error');
      await new Promise((r) => setTimeout(r, idleMs * 5));
    }
  }
  await imports; // a running import ends (it is not cut short: its file is imported or it fails as a whole)
  clearInterval(liveness);
  clearInterval(bandits);
  clearInterval(partitions);
  await forgetWorker(WORKER_ID).catch(() => undefined);
  log.info('worker stopped');
}
