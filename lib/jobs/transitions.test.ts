import { describe, expect, it } from 'vitest';
import { afterLostWorker, canTransition, isFinal, JOB_TRANSITIONS, type JobStatus } from './transitions';

describe('job state machine', () => {
  it('allows exactly the documented moves', () => {
    const all = Object.keys(JOB_TRANSITIONS) as JobStatus[];
    const allowed = all.flatMap((a) => all.filter((b) => canTransition(a, b)).map((b) => `${a}->${b}`));
    expect(allowed).toEqual([
      'QUEUED->RUNNING',
      'QUEUED->CANCELLED',
      'RUNNING->QUEUED',
      'RUNNING->SUCCEEDED',
      'RUNNING->FAILED',
      'RUNNING->CANCELLED',
    ]);
    expect(all.filter(isFinal)).toEqual(['SUCCEEDED', 'FAILED', 'CANCELLED']);
  });
  it('retries a job whose worker died until attempts run out', () => {
    expect([afterLostWorker(1, 2), afterLostWorker(2, 2)]).toEqual(['QUEUED', 'FAILED']);
  });
});
