import os from 'node:os';
import path from 'node:path';
import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it } from 'vitest';
import * as segmentRoute from '@/app/api/v1/segments/[id]/route';
import * as jobsRoute from '@/app/api/v1/segments/jobs/route';
import * as segmentsRoute from '@/app/api/v1/segments/route';
import type { OrgContext } from '@/lib/auth/context';
import { importLocalFile } from '@/lib/datasets/import-local-file';
import { db } from '@/lib/db';
import { runOneJob } from '@/lib/jobs/worker';
import { writeDemoCsvFiles } from '@/lib/seed/seed-demo-data';
import { createApiKey } from '@/lib/settings/api-keys';

let ctx: OrgContext;
let analystKey = '';

async function call(
  handler: (req: NextRequest, c: { params: Promise<Record<string, string>> }) => Promise<Response>,
  method: string,
  url: string,
  json?: unknown,
  params: Record<string, string> = {},
) {
  const req = new NextRequest(`http://localhost${url}`, {
    method,
    headers: { authorization: `Bearer ${analystKey}`, ...(json ? { 'content-type': 'application/json' } : {}) },
    body: json ? JSON.stringify(json) : undefined,
  });
  const res = await handler(req, { params: Promise.resolve(params) });
  return { status: res.status, body: await res.json() };
}

beforeAll(async () => {
  const org = await db.organization.create({
    data: { name: 'Segments Test', slug: `seg-${process.pid}`, piiSecret: 'x'.repeat(32) },
  });
  const user = await db.user.create({
    data: { email: `seg-${process.pid}@test.test`, name: 'Seg', passwordHash: 'x' },
  });
  await db.membership.create({ data: { organizationId: org.id, userId: user.id, role: 'ADMIN' } });
  ctx = { orgId: org.id, orgName: org.name, role: 'ADMIN', userId: user.id, apiKeyId: null, actorLabel: user.email };
  const files = await writeDemoCsvFiles(path.join(os.tmpdir(), `op-it-seg-${process.pid}`), {
    customers: 400,
    seed: 5,
  });
  for (const kind of ['customers', 'events', 'exposures'] as const) await importLocalFile(ctx, kind, files[kind]);
  analystKey = (await createApiKey(ctx, { name: 'an', role: 'ANALYST' })).key;
}, 120_000);

describe('segmentation jobs', () => {
  it('k-means picks k by silhouette, saves segments covering every customer, with profiles and discount response', async () => {
    const created = await call(jobsRoute.POST, 'POST', '/api/v1/segments/jobs', {
      algorithm: 'kmeans',
      kMin: 2,
      kMax: 5,
    });
    expect(created.status).toBe(201);
    expect(await runOneJob('seg-worker')).toBe(created.body.id);
    const job = await db.trainingJob.findUniqueOrThrow({ where: { id: created.body.id } });
    expect([job.status, job.error]).toEqual(['SUCCEEDED', null]);
    const res = await call(segmentsRoute.GET, 'GET', '/api/v1/segments');
    const run = res.body.run;
    const elbow = run.metrics.elbow as { k: number; silhouette: number; inertia: number }[];
    expect(elbow.map((e) => e.k)).toEqual([2, 3, 4, 5]);
    const best = elbow.reduce((a, b) => (b.silhouette > a.silhouette ? b : a));
    expect(run.metrics.k).toBe(best.k);
    for (let i = 1; i < elbow.length; i++) expect(elbow[i].inertia).toBeLessThan(elbow[i - 1].inertia);
    expect(run.segments).toHaveLength(best.k);
    const sizes = run.segments.reduce((s: number, x: { size: number }) => s + x.size, 0);
    expect(sizes).toBe(await db.customer.count({ where: { organizationId: ctx.orgId } }));
    expect(
      await db.segmentMember.count({ where: { organizationId: ctx.orgId, segment: { jobId: created.body.id } } }),
    ).toBe(sizes);
    const profile = run.segments[0].profile;
    expect(profile.features.map((f: { feature: string }) => f.feature)).toEqual([
      'recency_days',
      'purchases',
      'monetary',
      'views',
      'sessions',
      'avg_dwell_seconds',
    ]);
    expect(profile.response.map((r: { discountPct: number }) => r.discountPct)).toEqual([0, 5, 10, 15, 20]);
    expect(run.metrics.projection.length).toBe(Math.min(1500, sizes));
    // PC shares of the total variance of the 6 standardised features: eigenvalue / trace, trace = 6·n/(n−1)
    const [ev, share] = [run.metrics.explainedVariance, run.metrics.explainedVarianceRatio] as number[][];
    const trace = (6 * sizes) / (sizes - 1);
    expect(share[0]).toBeCloseTo(ev[0] / trace, 9);
    expect(share[1]).toBeCloseTo(ev[1] / trace, 9);

    const renamed = await call(
      segmentRoute.PATCH,
      'PATCH',
      `/api/v1/segments/${run.segments[0].id}`,
      { name: 'Bargain hunters' },
      { id: run.segments[0].id },
    );
    expect(renamed.body).toEqual({ id: run.segments[0].id, name: 'Bargain hunters' });
  }, 120_000);

  it('DBSCAN suggests eps from the k-distance knee and reports noise', async () => {
    const created = await call(jobsRoute.POST, 'POST', '/api/v1/segments/jobs', { algorithm: 'dbscan', minPts: 8 });
    await runOneJob('seg-worker');
    const job = await db.trainingJob.findUniqueOrThrow({ where: { id: created.body.id }, include: { segments: true } });
    expect(job.status).toBe('SUCCEEDED');
    const m = job.metrics as { eps: number; epsSuggested: number; noise: number; kDistance: number[] };
    expect(m.eps).toBe(m.epsSuggested);
    const sorted = [...m.kDistance].sort((a, b) => a - b);
    expect(m.kDistance).toEqual(sorted);
    const noise = job.segments.find((s) => s.clusterIndex === -1);
    expect(noise?.size ?? 0).toBe(m.noise);
  }, 120_000);

  it('validates parameters and roles', async () => {
    const bad = await call(jobsRoute.POST, 'POST', '/api/v1/segments/jobs', {
      algorithm: 'kmeans',
      kMin: 6,
      kMax: 3,
      features: ['recency_days'],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues.map((i: { path: string[] }) => i.path.join('.')).sort()).toEqual(['features', 'kMax']);
  });

  it('carries a name to the next run’s matching segment and keeps the old run, as policies built on it point there', async () => {
    const run = async () => {
      const created = await call(jobsRoute.POST, 'POST', '/api/v1/segments/jobs', {
        algorithm: 'kmeans',
        kMin: 3,
        kMax: 3,
      });
      expect(created.status).toBe(201);
      expect(await runOneJob('seg-worker')).toBe(created.body.id);
      return created.body.id as string;
    };
    const first = await run();
    const firstSegs = await db.segment.findMany({ where: { jobId: first }, orderBy: { clusterIndex: 'asc' } });
    // "Segment <n>", except a name carried from an earlier run of this file's organisation (the k-means test names
    // one, and tests run in a shuffled order)
    expect(firstSegs).toHaveLength(3);
    const renamed = await call(
      segmentRoute.PATCH,
      'PATCH',
      `/api/v1/segments/${firstSegs[1].id}`,
      { name: 'Loyal' },
      {
        id: firstSegs[1].id,
      },
    );
    expect(renamed.status).toBe(200);

    // same data, same seed: the same clusters (Jaccard 1), so the renamed one's name comes along; the others do not
    const second = await run();
    const secondSegs = await db.segment.findMany({ where: { jobId: second }, orderBy: { clusterIndex: 'asc' } });
    const members = async (id: string) =>
      (await db.segmentMember.findMany({ where: { segmentId: id }, select: { customerId: true } }))
        .map((m) => m.customerId)
        .sort();
    expect(secondSegs.map((s) => s.name)).toEqual(firstSegs.map((s, i) => (i === 1 ? 'Loyal' : s.name)));
    const loyal = secondSegs.filter((s) => s.name === 'Loyal');
    expect(loyal).toHaveLength(1);
    expect(await members(loyal[0].id)).toEqual(await members(firstSegs[1].id));
    const job = await db.trainingJob.findUniqueOrThrow({ where: { id: second } });
    expect(JSON.stringify(job.logs)).toContain('\\"Loyal\\" carried over from the previous run (Jaccard 1.000)');

    // the older run stays selectable with its own segments
    const old = await call(segmentsRoute.GET, 'GET', `/api/v1/segments?runId=${first}`);
    expect(old.body.run.id).toBe(first);
    expect(old.body.run.segments.map((s: { id: string }) => s.id)).toEqual(firstSegs.map((s) => s.id));
    expect(old.body.runs.map((r: { id: string }) => r.id).slice(0, 2)).toEqual([second, first]);
  }, 120_000);
});
