import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importLocalFile } from '@/lib/datasets/import-local-file';
import { db } from '@/lib/db';
import { writeDemoCsvFiles } from '@/lib/seed/seed-demo-data';
import { orgContext } from './helpers';
import { startWorkerProcess, type WorkerProcess, waitFor } from './worker-processes';

/**
 * Issue 15 item 1, reproduced with two real worker processes and a 3-second lease: every fold of this job takes
 * longer than the lease. Before training moved off the worker's event loop, the heartbeat timer could not fire
 * during a fold, the second worker took the job back, both finished, and the one-algorithm job registered two
 * model versions.
 */
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  const ctx = await orgContext('globex', 'ADMIN');
  const files = await writeDemoCsvFiles(path.join(os.tmpdir(), `op-it-lease-${process.pid}`), {
    customers: 600,
    seed: 23,
  });
  for (const kind of ['customers', 'events', 'exposures'] as const) await importLocalFile(ctx, kind, files[kind]);
}, 120_000);

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
});

describe('two workers and a fold longer than the lease', () => {
  it('trains the job once and registers exactly one model version for its one algorithm', async () => {
    const ctx = await orgContext('globex', 'ANALYST');
    const job = await db.trainingJob.create({
      data: {
        organizationId: ctx.orgId,
        createdById: ctx.userId,
        params: {
          name: 'lease-test',
          folds: 2,
          // each fold of this network takes several seconds: longer than the 3-second lease
          algorithms: [{ name: 'mlp', grid: { hidden: [[256, 256]], learningRate: [0.001] } }],
        },
      },
    });
    const env = { JOB_LEASE_SECONDS: '3', TRAINING_THREADS: '1' };
    workers.push(startWorkerProcess(env), startWorkerProcess(env));
    const done = await waitFor(
      () => db.trainingJob.findUniqueOrThrow({ where: { id: job.id }, include: { models: true } }),
      (j) => ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(j.status),
      840_000,
    );
    // let a second (stale) runner finish and register what it trained: a worker asked to stop finishes the job it
    // is running before it exits (scripts/worker.ts), so waiting for both exits waits for any stale runner
    // (stop() kills after 15 s) instead of a fixed 8 s
    await Promise.all(workers.map((w) => w.stop()));
    const models = await db.modelVersion.findMany({ where: { trainingJobId: job.id } });
    const after = await db.trainingJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(
      [done.status, after.status, after.attempts],
      `job error: ${after.error}\nworker logs:\n${workers.map((w) => w.output()).join('\n---\n')}`,
    ).toEqual(['SUCCEEDED', 'SUCCEEDED', 1]);
    expect(models.map((m) => [m.name, m.version, m.algorithm])).toEqual([['lease-test', 1, 'mlp']]);
    const folds = (after.logs as { msg: string }[]).filter((l) => /fold \d\/2/.test(l.msg));
    expect(folds).toHaveLength(2);
  }, 900_000);
});
