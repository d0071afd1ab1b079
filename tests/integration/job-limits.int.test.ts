import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as cancelRoute from '@/app/api/v1/jobs/[id]/cancel/route';
import * as jobsRoute from '@/app/api/v1/jobs/route';
import { closeComputePool } from '@/lib/compute/thread-pool';
import { importLocalFile } from '@/lib/datasets/import-local-file';
import { db } from '@/lib/db';
import { runOneJob } from '@/lib/jobs/worker';
import { writeDemoCsvFiles } from '@/lib/seed/seed-demo-data';
import { createApiKey } from '@/lib/settings/api-keys';
import { call, orgContext } from './helpers';
import { waitFor } from './worker-processes';

/** Issue 15 item 2: runaway jobs — fit budget (422), per-organisation active-job limit (429), time limit, cancel. */
let key = '';
let orgId = '';
// a network whose every fold takes seconds: long enough to be stopped mid-fit
const LONG = {
  name: 'long',
  folds: 2,
  // three wide layers: one fold takes seconds even on a quiet machine, so a cancel lands inside a fit
  algorithms: [{ name: 'mlp', grid: { hidden: [[256, 256, 256]], learningRate: [0.0005] } }],
};

beforeAll(async () => {
  const ctx = await orgContext('globex', 'ADMIN');
  orgId = ctx.orgId;
  const files = await writeDemoCsvFiles(path.join(os.tmpdir(), `op-it-limits-${process.pid}`), {
    customers: 400,
    seed: 31,
  });
  for (const kind of ['customers', 'events', 'exposures'] as const) await importLocalFile(ctx, kind, files[kind]);
  key = (await createApiKey(ctx, { name: 'analyst', role: 'ANALYST' })).key;
  return () => closeComputePool();
}, 180_000);

const clearQueue = () =>
  db.trainingJob.updateMany({
    where: { organizationId: orgId, status: { in: ['QUEUED', 'RUNNING'] } },
    data: { status: 'CANCELLED' },
  });

describe('runaway jobs', () => {
  it('refuses a grid larger than the fit budget with a 422 that says how many fits and the limit', async () => {
    const res = await call(jobsRoute.POST, {
      url: '/api/v1/jobs',
      method: 'POST',
      key,
      json: {
        folds: 10,
        algorithms: [
          {
            name: 'gbdt',
            grid: { learningRate: [0.1, 0.2, 0.3, 0.4], maxLeaves: [2, 3, 4, 5], nEstimators: [1, 2, 3] },
          },
        ],
      },
    });
    expect(res.status).toBe(422);
    // 4 × 4 × 3 = 48 candidates × 10 folds + 1 refit = 481 > 200
    expect(res.body.error.code).toBe('unprocessable');
    expect(res.body.error.message).toMatch(/^This job would fit 481 models \(gbdt: 48 candidates × 10 folds \+ 1\)/);
    expect(res.body.error.message).toMatch(/the limit is 200 per job/);
    expect(res.body.error.issues).toEqual([
      { path: ['algorithms'], message: '481 fits requested; at most 200', code: 'too_many_fits' },
    ]);
    expect(
      await db.trainingJob.count({ where: { organizationId: orgId, params: { path: ['folds'], equals: 10 } } }),
    ).toBe(0);
  });

  it('lets an organisation queue at most 5 jobs at once, even from parallel requests (429 beyond)', async () => {
    await clearQueue();
    const body = { algorithms: [{ name: 'logistic-regression' }] };
    const results = await Promise.all(
      Array.from({ length: 8 }, () => call(jobsRoute.POST, { url: '/api/v1/jobs', method: 'POST', key, json: body })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 201, 201, 201, 201, 429, 429, 429]);
    const refused = results.find((r) => r.status === 429)!;
    expect(refused.body.error.message).toBe(
      'Your organisation already has 5 queued or running jobs (the limit is 5); wait for one to finish or cancel one',
    );
    expect(await db.trainingJob.count({ where: { organizationId: orgId, status: 'QUEUED' } })).toBe(5);
    await clearQueue();
  });

  it('fails a job that runs past its time limit, with a message naming the limit', async () => {
    await clearQueue();
    const created = await call(jobsRoute.POST, { url: '/api/v1/jobs', method: 'POST', key, json: LONG });
    expect(created.status).toBe(201);
    expect(await runOneJob('limit-worker', { timeLimitMs: 4000 })).toBe(created.body.id);
    const job = await db.trainingJob.findUniqueOrThrow({ where: { id: created.body.id }, include: { models: true } });
    expect([job.status, job.models.length]).toEqual(['FAILED', 0]);
    expect(job.error).toBe(
      'Stopped after the time limit of 4 s (JOB_TIME_LIMIT_MINUTES); use fewer folds, grid values or algorithms, ' +
        'or ask an admin to raise the limit',
    );
  }, 120_000);

  it('stops a running job within 2 s of a cancel request, in the middle of a fit', async () => {
    await clearQueue();
    const created = await call(jobsRoute.POST, { url: '/api/v1/jobs', method: 'POST', key, json: LONG });
    const running = runOneJob('cancel-worker');
    // wait until the fits are under way (the training set is loaded and the first fits started)
    await waitFor(
      () => db.trainingJob.findUniqueOrThrow({ where: { id: created.body.id } }),
      (j) => j.stage === 'training',
      60_000,
    );
    // shortly after the fits start (a fixed 1.5 s let a whole fold finish first on a quiet machine)
    await new Promise((r) => setTimeout(r, 300));
    const t0 = performance.now();
    const res = await call(cancelRoute.POST, {
      url: `/api/v1/jobs/${created.body.id}/cancel`,
      method: 'POST',
      key,
      params: { id: created.body.id },
    });
    expect(res.body).toEqual({ id: created.body.id, status: 'RUNNING', cancelRequested: true });
    await running;
    const stoppedAfterMs = performance.now() - t0;
    const job = await db.trainingJob.findUniqueOrThrow({ where: { id: created.body.id }, include: { models: true } });
    expect([job.status, job.error, job.models.length]).toEqual(['CANCELLED', 'Cancelled by a user', 0]);
    // no fold finished: the cancel stopped the fits inside their loops, not at a fold boundary
    expect((job.logs as { msg: string }[]).filter((l) => l.msg.includes('fold'))).toEqual([]);
    expect(stoppedAfterMs).toBeLessThan(2000);
  }, 120_000);
});
