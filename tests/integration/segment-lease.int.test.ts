import { afterAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { orgContext } from './helpers';
import { startWorkerProcess, type WorkerProcess, waitFor } from './worker-processes';

/**
 * Segmentation off the worker's event loop (issue 15, like training in item 1), with two real worker processes and
 * a 2-second lease: clustering 30,000 customers (k from 2 to 10 by silhouette on a 5,000-row sample) takes longer
 * than the lease. On the worker's main thread it blocked the heartbeat timer, the other worker took the job back,
 * and the job ran twice; on a compute thread the heartbeats keep coming and it runs once.
 */
const workers: WorkerProcess[] = [];

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
});

describe('two workers and a segmentation longer than the lease', () => {
  it('runs the job once: one attempt, one set of segments covering every customer', async () => {
    const ctx = await orgContext('globex', 'ANALYST');
    await db.$executeRaw`INSERT INTO "Customer" (id, "organizationId", "externalId", "signupAt")
      SELECT 'seg-' || g, ${ctx.orgId}, 'SEG' || g, '2026-01-01'::timestamptz + (g % 200) * interval '1 day'
      FROM generate_series(1, 30000) g`;
    await db.$executeRaw`INSERT INTO "Event" ("organizationId", "customerId", type, "occurredAt", category, price, quantity, "sessionId", "dwellSeconds")
      SELECT ${ctx.orgId}, 'seg-' || (1 + g % 30000),
        (ARRAY['VIEW', 'VIEW', 'SEARCH', 'PURCHASE'])[1 + (g * 7919) % 4]::"EventType",
        '2026-09-01'::timestamptz + ((g * 104729) % 5000000) * interval '1 second', 'shoes',
        CASE WHEN (g * 7919) % 4 = 3 THEN 5 + g % 90 END, 1, 's' || (g % 70000), (g * 31) % 300
      FROM generate_series(1::bigint, 120000) g`;
    const customers = await db.customer.count({ where: { organizationId: ctx.orgId } });
    const job = await db.trainingJob.create({
      data: {
        organizationId: ctx.orgId,
        createdById: ctx.userId,
        kind: 'SEGMENT',
        params: { algorithm: 'kmeans', kMin: 2, kMax: 10, sampleSize: 5000, seed: 3 },
      },
    });
    const env = { JOB_LEASE_SECONDS: '2', TRAINING_THREADS: '1' };
    workers.push(startWorkerProcess(env), startWorkerProcess(env));
    const done = await waitFor(
      () => db.trainingJob.findUniqueOrThrow({ where: { id: job.id } }),
      (j) => ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(j.status),
      600_000,
    );
    // let a second (stale) runner finish and try to save what it clustered: a worker asked to stop finishes the job
    // it is running before it exits (scripts/worker.ts), so waiting for both exits waits for any stale runner
    // (stop() kills after 15 s) instead of a fixed 5 s
    await Promise.all(workers.map((w) => w.stop()));
    const after = await db.trainingJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(
      [done.status, after.status, after.attempts, after.error],
      `worker logs:\n${workers.map((w) => w.output()).join('\n---\n')}`,
    ).toEqual(['SUCCEEDED', 'SUCCEEDED', 1, null]);
    const segments = await db.segment.findMany({ where: { jobId: job.id }, select: { size: true } });
    expect(segments.reduce((s, g) => s + g.size, 0)).toBe(customers);
  }, 700_000);
});
