/**
 * Why a running job stops before finishing: the reason its abort signal carries (and what its runner throws).
 * `LeaseLost` means another worker may own the job now: the stopped runner writes nothing more.
 */
export class JobCancelled extends Error {
  constructor() {
    super('Cancelled by a user');
    this.name = 'JobCancelled';
  }
}

export class JobTimedOut extends Error {
  constructor(readonly limitMs: number) {
    super(
      `Stopped after the time limit of ${formatMinutes(limitMs)} (JOB_TIME_LIMIT_MINUTES); use fewer folds, ` +
        'grid values or algorithms, or ask an admin to raise the limit',
    );
    this.name = 'JobTimedOut';
  }
}

export class LeaseLost extends Error {
  constructor(readonly jobId: string) {
    super(`job ${jobId}: this worker's lease was lost (the job was taken back); its writes are refused`);
    this.name = 'LeaseLost';
  }
}

function formatMinutes(ms: number): string {
  const min = ms / 60_000;
  if (min >= 1) return `${Number.isInteger(min) ? min : min.toFixed(1)} min`;
  return `${Math.round(ms / 1000)} s`;
}
