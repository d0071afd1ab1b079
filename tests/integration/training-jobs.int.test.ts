import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it } from 'vitest';
import * as cancelRoute from '@/app/api/v1/jobs/[id]/cancel/route';
import * as retryRoute from '@/app/api/v1/jobs/[id]/retry/route';
import * as jobsRoute from '@/app/api/v1/jobs/route';
import { importLocalFile } from '@/lib/datasets/import-local-file';
import { db } from '@/lib/db';
import { assertLease, claimNextJob, reapLostJobs, renewLease } from '@/lib/jobs/queue';
import { runOneJob } from '@/lib/jobs/worker';
import { writeDemoCsvFiles } from '@/lib/seed/seed-demo-data';
import { createApiKey } from '@/lib/settings/api-keys';
import { ModelPipeline } from '@/lib/training/pipeline';
import { orgContext } from './helpers';

let analystKey = '';
let managerKey = '';

async function post(
  handler: typeof jobsRoute.POST,
  url: string,
  key: string,
  json?: unknown,
  params: Record<string, string> = {},
) {
  const req = new NextRequest(`http://localhost${url}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, ...(json !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: json !== undefined ? JSON.stringify(json) : undefined,
  });
  const res = await handler(req, { params: Promise.resolve(params) });
  return { status: res.status, body: await res.json() };
}

beforeAll(async () => {
  // Globex gets a small simulated merchant (≈ 600 customers, ≈ 2,400 exposures) through the upload pipeline
  const ctx = await orgContext('globex', 'ADMIN');
  const files = await writeDemoCsvFiles(path.join(os.tmpdir(), `op-it-train-${process.pid}`), {
    customers: 600,
    seed: 11,
  });
  for (const kind of ['customers', 'events', 'exposures'] as const) await importLocalFile(ctx, kind, files[kind]);
  analystKey = (await createApiKey(ctx, { name: 'analyst', role: 'ANALYST' })).key;
  managerKey = (await createApiKey(ctx, { name: 'manager', role: 'MANAGER' })).key;
}, 120_000);

describe('training jobs through the real queue and database', () => {
  it('queues a job by API, runs it in a worker, and registers a model version with its metrics', async () => {
    const created = await post(jobsRoute.POST, '/api/v1/jobs', analystKey, {
      name: 'it-response',
      algorithms: [{ name: 'logistic-regression', grid: { l2: [1, 100] } }],
      folds: 3,
    });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('QUEUED');
    expect(await runOneJob('it-worker')).toBe(created.body.id);
    const job = await db.trainingJob.findUniqueOrThrow({ where: { id: created.body.id }, include: { models: true } });
    expect([job.status, job.progress, job.attempts, job.error]).toEqual(['SUCCEEDED', 1, 1, null]);
    expect((job.logs as { msg: string }[]).filter((l) => l.msg.includes('fold')).length).toBe(6);
    expect(job.models).toHaveLength(1);
    const m = job.models[0];
    const metrics = m.metrics as { holdout: { auc: number; nTrain: number; nHoldout: number }; candidates: unknown[] };
    expect([m.name, m.version, m.algorithm, metrics.candidates.length]).toEqual([
      'it-response',
      1,
      'logistic-regression',
      2,
    ]);
    expect(metrics.holdout.nTrain + metrics.holdout.nHoldout).toBe(
      (m.metrics as { trainingData: { exposures: number } }).trainingData.exposures,
    );
    // discounts drive conversion in the simulated merchant: the model must rank better than chance
    expect(metrics.holdout.auc).toBeGreaterThan(0.6);
    const pipeline = ModelPipeline.fromJSON(m.modelJson);
    expect(pipeline.model.kind).toBe('logistic-regression');
  }, 120_000);

  it('refuses bad parameters (400) and a manager (403)', async () => {
    const bad = await post(jobsRoute.POST, '/api/v1/jobs', analystKey, {
      algorithms: [{ name: 'logistic-regression', grid: { l2: [-1] } }],
      folds: 1,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues.map((i: { path: (string | number)[] }) => i.path.join('.')).sort()).toEqual([
      'algorithms.0.grid.l2.0',
      'folds',
    ]);
    const forbidden = await post(jobsRoute.POST, '/api/v1/jobs', managerKey, { algorithms: [{ name: 'mlp' }] });
    expect(forbidden.status).toBe(403);
  });

  it('cancels a queued job at once, and retries it as a new job', async () => {
    const created = await post(jobsRoute.POST, '/api/v1/jobs', analystKey, {
      algorithms: [{ name: 'logistic-regression' }],
    });
    const cancelled = await post(cancelRoute.POST, `/api/v1/jobs/${created.body.id}/cancel`, analystKey, undefined, {
      id: created.body.id,
    });
    expect(cancelled.body).toEqual({ id: created.body.id, status: 'CANCELLED' });
    const again = await post(cancelRoute.POST, `/api/v1/jobs/${created.body.id}/cancel`, analystKey, undefined, {
      id: created.body.id,
    });
    expect(again.status).toBe(409);
    const retried = await post(retryRoute.POST, `/api/v1/jobs/${created.body.id}/retry`, analystKey, undefined, {
      id: created.body.id,
    });
    expect(retried.status).toBe(201);
    expect(retried.body.id).not.toBe(created.body.id);
    await db.trainingJob.update({ where: { id: retried.body.id }, data: { status: 'CANCELLED' } });
  });

  it('fails a job with a clear message when the organisation has no exposures', async () => {
    const acme = await orgContext('acme', 'ANALYST');
    const job = await db.trainingJob.create({
      data: { organizationId: acme.orgId, params: { algorithms: [{ name: 'logistic-regression' }] } },
    });
    const exposures = await db.offerExposure.count({ where: { organizationId: acme.orgId } });
    await runOneJob('it-worker');
    const done = await db.trainingJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(done.status).toBe('FAILED');
    expect(done.error).toMatch(exposures === 0 ? /^No offer exposures/ : /^Too little data to train/);
  });

  it('requeues a job whose worker stopped heartbeating, and fails it when attempts run out', async () => {
    const acme = await orgContext('acme', 'ANALYST');
    const stale = new Date(Date.now() - 5 * 60_000);
    const a = await db.trainingJob.create({
      data: { organizationId: acme.orgId, params: {}, status: 'RUNNING', attempts: 1, heartbeatAt: stale },
    });
    const b = await db.trainingJob.create({
      data: { organizationId: acme.orgId, params: {}, status: 'RUNNING', attempts: 2, heartbeatAt: stale },
    });
    expect(await reapLostJobs()).toEqual({ requeued: 1, failed: 1 });
    const [ra, rb] = await Promise.all([
      db.trainingJob.findUniqueOrThrow({ where: { id: a.id } }),
      db.trainingJob.findUniqueOrThrow({ where: { id: b.id } }),
    ]);
    expect([ra.status, rb.status]).toEqual(['QUEUED', 'FAILED']);
    await db.trainingJob.update({ where: { id: a.id }, data: { status: 'CANCELLED' } });
  });

  it('leaves alone a job whose worker is saving its results, and the save renews the heartbeat as it commits', async () => {
    const acme = await orgContext('acme', 'ANALYST');
    // times are injected: the heartbeat is ten minutes older than "now", the lease one minute
    const now = new Date('2026-03-01T12:10:00Z');
    const lease = { jobId: '', token: randomUUID() };
    const job = await db.trainingJob.create({
      data: {
        organizationId: acme.orgId,
        params: {},
        status: 'RUNNING',
        attempts: 1,
        heartbeatAt: new Date('2026-03-01T12:00:00Z'),
        leaseToken: lease.token,
      },
    });
    lease.jobId = job.id;
    let reapedDuringSave: Awaited<ReturnType<typeof reapLostJobs>> | null = null;
    let committedAfter = new Date(0);
    await db.$transaction(async (tx) => {
      await assertLease(tx, lease); // the worker's save holds the job row …
      reapedDuringSave = await reapLostJobs(60_000, now); // … so the reaper, in its own transaction, skips it
      committedAfter = (await tx.$queryRaw<{ t: Date }[]>`SELECT clock_timestamp() AS t`)[0].t;
      await renewLease(tx, lease);
    });
    expect(reapedDuringSave).toEqual({ requeued: 0, failed: 0 });
    const saved = await db.trainingJob.findUniqueOrThrow({ where: { id: job.id } });
    expect([saved.status, saved.attempts, saved.leaseToken]).toEqual(['RUNNING', 1, lease.token]);
    expect(saved.heartbeatAt!.getTime()).toBeGreaterThanOrEqual(committedAfter.getTime());
    // with no lock held and the heartbeat stale, the same job is taken back
    await db.trainingJob.update({ where: { id: job.id }, data: { heartbeatAt: new Date('2026-03-01T12:00:00Z') } });
    expect(await reapLostJobs(60_000, now)).toEqual({ requeued: 1, failed: 0 });
    const requeued = await db.trainingJob.findUniqueOrThrow({ where: { id: job.id } });
    expect([requeued.status, requeued.leaseToken]).toEqual(['QUEUED', null]);
    await db.trainingJob.update({ where: { id: job.id }, data: { status: 'CANCELLED' } });
  });

  it('claims fairly: a queued job of an organisation with nothing running goes before older jobs of a busy one', async () => {
    await db.trainingJob.updateMany({ where: { status: 'QUEUED' }, data: { status: 'CANCELLED' } });
    const acme = await orgContext('acme', 'ANALYST');
    const globex = await orgContext('globex', 'ANALYST');
    const t = (s: number) => new Date(Date.now() - s * 1000);
    const running = await db.trainingJob.create({
      data: { organizationId: acme.orgId, params: {}, status: 'RUNNING', heartbeatAt: new Date(), createdAt: t(100) },
    });
    const a1 = await db.trainingJob.create({ data: { organizationId: acme.orgId, params: {}, createdAt: t(90) } });
    const a2 = await db.trainingJob.create({ data: { organizationId: acme.orgId, params: {}, createdAt: t(80) } });
    const g1 = await db.trainingJob.create({ data: { organizationId: globex.orgId, params: {}, createdAt: t(10) } });
    const first = await claimNextJob('fair-1');
    expect(first?.id).toBe(g1.id); // globex has nothing running although its job is the newest
    const second = await claimNextJob('fair-2');
    // now each organisation has one running job (acme: 1 + globex: 1): the oldest queued goes next
    expect(second?.id).toBe(a1.id);
    await db.trainingJob.updateMany({
      where: { id: { in: [running.id, a1.id, a2.id, g1.id] } },
      data: { status: 'CANCELLED' },
    });
  });
});
