import 'server-only';
import { hostname } from 'node:os';
import { log } from '../log';
import { runSegmentationJob } from '../segments/run-segmentation-job';
import { describeFailure, JobCancelled, runTrainingJob } from '../training/run-training-job';
import { type ClaimedJob, claimNextJob, heartbeat, reapLostJobs, transitionJob } from './queue';

/**
 * The worker loop: reap jobs whose worker died, claim the next job, run it with a heartbeat, record the
 * outcome. `runOneJob` is the unit used by tests; `runWorker` loops until the signal aborts.
 */
export const WORKER_ID = `${hostname()}:${process.pid}`;

const RUNNERS: Record<ClaimedJob['kind'], (job: ClaimedJob) => Promise<unknown>> = {
  TRAIN: (job) => runTrainingJob(job),
  SEGMENT: (job) => runSegmentationJob(job),
};

/** Claims and runs one job; returns its id, or null when the queue was empty. */
export async function runOneJob(workerId = WORKER_ID): Promise<string | null> {
  await reapLostJobs();
  const job = await claimNextJob(workerId);
  if (!job) return null;
  const logger = log.child({ jobId: job.id, kind: job.kind, attempt: job.attempts });
  logger.info('job started');
  const beat = setInterval(() => void heartbeat(job.id).catch(() => undefined), 10_000);
  try {
    await RUNNERS[job.kind](job);
    await transitionJob(job.id, 'RUNNING', 'SUCCEEDED', { progress: 1, stage: 'done', finishedAt: new Date() });
    logger.info('job succeeded');
  } catch (err) {
    const cancelled = err instanceof JobCancelled;
    await transitionJob(job.id, 'RUNNING', cancelled ? 'CANCELLED' : 'FAILED', {
      error: cancelled ? 'Cancelled by a user' : describeFailure(err),
      finishedAt: new Date(),
    });
    if (cancelled) logger.info('job cancelled');
    else logger.warn({ err }, 'job failed');
  } finally {
    clearInterval(beat);
  }
  return job.id;
}

export async function runWorker(signal: AbortSignal, idleMs = 1000): Promise<void> {
  log.info({ workerId: WORKER_ID }, 'worker started');
  while (!signal.aborted) {
    try {
      const ran = await runOneJob();
      if (!ran) await new Promise((r) => setTimeout(r, idleMs));
    } catch (err) {
      log.error({ err }, 'worker loop error');
      await new Promise((r) => setTimeout(r, idleMs * 5));
    }
  }
  log.info('worker stopped');
}
