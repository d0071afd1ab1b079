/**
 * Job status state machine — the one place that says which moves are legal:
 *   QUEUED  → RUNNING (a worker claims it) | CANCELLED (cancelled before it started)
 *   RUNNING → SUCCEEDED | FAILED | CANCELLED (the worker saw the cancel request)
 *           | QUEUED (its worker stopped heartbeating and attempts remain: retried)
 * SUCCEEDED, FAILED and CANCELLED are final; "retry" creates a new job with the same parameters.
 */
export type JobStatus = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

export const JOB_TRANSITIONS: Record<JobStatus, readonly JobStatus[]> = {
  QUEUED: ['RUNNING', 'CANCELLED'],
  RUNNING: ['SUCCEEDED', 'FAILED', 'CANCELLED', 'QUEUED'],
  SUCCEEDED: [],
  FAILED: [],
  CANCELLED: [],
};

export function canTransition(from: JobStatus, to: JobStatus): boolean {
  return JOB_TRANSITIONS[from].includes(to);
}

export function isFinal(s: JobStatus): boolean {
  return JOB_TRANSITIONS[s].length === 0;
}

/** What a worker that stopped heartbeating leaves behind: retried while attempts remain, else failed. */
export function afterLostWorker(attempts: number, maxAttempts: number): Extract<JobStatus, 'QUEUED' | 'FAILED'> {
  return attempts < maxAttempts ? 'QUEUED' : 'FAILED';
}
