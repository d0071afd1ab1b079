import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as monitoringRoute from '@/app/api/v1/models/[id]/monitoring/route';
import type { Prisma } from '@/generated/prisma/client';
import { runNextComputation } from '@/lib/computed/compute-result';
import { readComputed } from '@/lib/computed/computed-store';
import { requestAfterDataChange } from '@/lib/computed/request-recompute';
import { db } from '@/lib/db';
import { buildFeatureSchema } from '@/lib/features/feature-schema';
import { modelMonitoring } from '@/lib/models/model-monitoring';
import { storedModelMonitoring } from '@/lib/models/stored-monitoring';
import { managerHome } from '@/lib/overview/manager-home';
import { createApiKey } from '@/lib/settings/api-keys';
import { call, orgContext } from './helpers';

/**
 * Predicted vs realised on seeded decisions with known outcomes: 20 decisions scored 0.05 … 1.00 by the model in
 * the 30 days before the organisation's latest data (the calibration unit test's numbers), plus decisions that
 * must not count (older than 30 days; scored by another model). Drift against a stored training distribution
 * whose PSI is worked out by hand.
 */
const DAY = 86_400_000;
const LAST = new Date('2027-03-10T12:00:00Z'); // after every seeded sign-up: the organisation's latest data
const Y = [0, 0, 0, 1, 0, 1, 0, 1, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1, 1];

async function model(orgId: string, name: string, distribution?: unknown) {
  const schema = buildFeatureSchema(new Date('2027-01-01'), [new Float64Array(14)], ['DE', 'GB']);
  return db.modelVersion.create({
    data: {
      organizationId: orgId,
      name,
      version: 1,
      algorithm: 'logistic-regression',
      params: {},
      metrics: (distribution ? { featureDistribution: distribution } : {}) as Prisma.InputJsonValue,
      featureSchema: schema as unknown as Prisma.InputJsonValue,
      modelJson: {},
      isActive: name === 'served',
    },
  });
}

async function decision(
  orgId: string,
  customerId: string,
  at: Date,
  score: number,
  converted: boolean,
  modelId: string,
) {
  const id = randomUUID();
  await db.policyDecision.create({
    data: {
      id,
      organizationId: orgId,
      customerId,
      discountPct: 10,
      score,
      createdAt: at,
      details: { modelVersionId: modelId },
    },
  });
  await db.offerExposure.create({
    data: { organizationId: orgId, customerId, discountPct: 10, shownAt: at, decisionId: id, converted, propensity: 1 },
  });
}

/** stored training distribution: views in (−∞, 0] 50 %, (0, 2] 30 %, (2, ∞) 20 %; every training customer in GB */
const TRAINING_DISTRIBUTION = {
  version: 1,
  rows: 200,
  features: [
    { name: 'views', type: 'numeric', edges: [0, 2], shares: [0.5, 0.3, 0.2] },
    { name: 'country', type: 'categorical', codes: [1], shares: [1, 0] },
  ],
};

describe('model monitoring on logged decisions', () => {
  it('compares predicted with realised conversion by decile over the 30 days before the latest data, and PSI per feature', async () => {
    const admin = await orgContext('acme', 'ADMIN');
    const served = await model(admin.orgId, 'served', TRAINING_DISTRIBUTION);
    const other = await model(admin.orgId, 'other');
    const customers = await db.customer.findMany({
      where: {
        organizationId: admin.orgId,
        externalId: { in: Array.from({ length: 20 }, (_, i) => `AC${String(i + 1).padStart(5, '0')}`) },
      },
      orderBy: { externalId: 'asc' },
      select: { id: true },
    });
    // the 20 scored decisions, the last of them the organisation's latest data
    for (let i = 0; i < 20; i++)
      await decision(
        admin.orgId,
        customers[i].id,
        new Date(LAST.getTime() - (19 - i) * DAY),
        (i + 1) / 20,
        Y[i] === 1,
        served.id,
      );
    // not counted: 31 days before the latest data; scored by another model
    await decision(admin.orgId, customers[0].id, new Date(LAST.getTime() - 31 * DAY), 0.5, true, served.id);
    await decision(admin.orgId, customers[1].id, new Date(LAST.getTime() - DAY), 0.5, true, other.id);

    const r = await modelMonitoring(admin, served.id);
    expect(r.window.asOf.toISOString()).toBe(new Date(LAST.getTime() + 1).toISOString());
    expect(r.calibration.n).toBe(20);
    expect(r.calibration.bins.map((b) => b.n)).toEqual(new Array(10).fill(2));
    expect(r.calibration.bins.map((b) => b.realised)).toEqual([0, 0.5, 0.5, 0.5, 1, 0.5, 1, 0.5, 1, 1]);
    r.calibration.bins.forEach((b, k) => {
      expect(b.meanPredicted).toBeCloseTo((4 * (k + 1) - 1) / 40, 6); // scores are stored as float8
    });
    expect(r.calibration.bins[1].ci[0]).toBeCloseTo(0.09453120573423074, 9);
    expect(r.calibration.ece).toBeCloseTo(0.21, 6);

    // drift of the 20 scored customers (no events: 0 views; countries GB, DE, FR, US, NL, ES in turn → 4 in GB)
    expect([r.drift.population, r.drift.customers, r.drift.source, r.drift.trainingRows]).toEqual([
      'scored',
      20,
      'stored',
      200,
    ]);
    const byName = Object.fromEntries(r.drift.features.map((f) => [f.name, f]));
    // views: 0.5 ln 2 + (1e-4 − 0.3) ln(1e-4 / 0.3) + (1e-4 − 0.2) ln(1e-4 / 0.2)
    expect(byName.views.psi).toBeCloseTo(4.267103625480744, 9);
    // country: (0.2 − 1) ln 0.2 + (0.8 − 1e-4) ln(0.8 / 1e-4)
    expect(byName.country.psi).toBeCloseTo(8.476409066794792, 9);
    expect(byName.country.bins).toEqual([
      { label: 'GB', training: 1, recent: 0.2 },
      { label: 'other', training: 0, recent: 0.8 },
    ]);
    expect(r.drift.worst?.name).toBe('country');
    expect(r.drift.worst?.level).toBe('drift');

    // the Overview summarises the served model with the same numbers
    const home = await managerHome(admin, { now: new Date('2027-03-11T00:00:00Z') });
    expect(home.live.model?.calibration).toMatchObject({ decisions: 20, deciles: 10, miscalibratedDeciles: 0 });
    expect(home.live.model?.calibration?.realised).toBeCloseTo(13 / 20, 12);
    expect(home.live.model?.worstDrift).toMatchObject({ feature: 'country', level: 'drift' });

    // a chosen as-of date moves the window: 9.5 days earlier it holds the first ten and the one 31 days old
    const earlier = await modelMonitoring(admin, served.id, { asOf: new Date(LAST.getTime() - 9.5 * DAY) });
    expect(earlier.calibration.n).toBe(11);

    // over the API, and another organisation's model is not found
    const key = (await createApiKey(admin, { name: 'mon', role: 'ANALYST' })).key;
    const res = await call(monitoringRoute.GET, {
      url: `/api/v1/models/${served.id}/monitoring?days=30`,
      key,
      params: { id: served.id },
    });
    expect(res.status).toBe(200);
    expect(res.body.calibration.n).toBe(20);
    const globex = await orgContext('globex', 'ADMIN');
    const foreign = await call(monitoringRoute.GET, {
      url: `/api/v1/models/${served.id}/monitoring`,
      key: (await createApiKey(globex, { name: 'g', role: 'ADMIN' })).key,
      params: { id: served.id },
    });
    expect(foreign.status).toBe(404);
    const bad = await call(monitoringRoute.GET, {
      url: `/api/v1/models/${served.id}/monitoring?days=0`,
      key,
      params: { id: served.id },
    });
    expect(bad.status).toBe(400);
  });

  it('stores the default window: read again as stored, stale after 10 minutes or an import, recomputed by the worker', async () => {
    const admin = await orgContext('acme', 'ADMIN');
    const m = await model(admin.orgId, `stored-${randomUUID().slice(0, 8)}`, TRAINING_DISTRIBUTION);
    const row = () => readComputed(admin.orgId, 'MODEL_MONITORING', m.id);
    const plain = (x: unknown) => JSON.parse(JSON.stringify(x));
    const { stored: _first, ...first } = await storedModelMonitoring(admin, m.id, new Date());
    // the first read computes it on the request and stores it: the same numbers as a live computation
    expect(plain(first)).toEqual(plain(await modelMonitoring(admin, m.id)));
    const at = (await row())!.computedAt!;
    expect((await row())!.status).toBe('READY');

    // read again within 10 minutes: the stored result as it is
    const soon = await storedModelMonitoring(admin, m.id, new Date(at.getTime() + 9 * 60_000));
    expect([soon.stored.status, new Date(soon.stored.computedAt!).getTime()]).toEqual(['READY', at.getTime()]);
    // after 10 minutes the stored one is still shown, and the worker is asked for a newer one
    const late = await storedModelMonitoring(admin, m.id, new Date(at.getTime() + 11 * 60_000));
    expect([late.stored.status, new Date(late.stored.computedAt!).getTime()]).toEqual(['STALE', at.getTime()]);
    expect((await row())!.status).toBe('STALE');
    while (await runNextComputation('monitoring-test-worker')) {}
    const again = (await row())!;
    expect(again.status).toBe('READY');
    expect(again.computedAt!.getTime()).toBeGreaterThan(at.getTime());

    // an import (any data change) queues it again
    await requestAfterDataChange(admin.orgId);
    expect((await row())!.status).toBe('STALE');
    while (await runNextComputation('monitoring-test-worker')) {}

    // over the API: the default window carries `stored`, another window is computed for the request; an analyst may
    // ask for a recomputation, another organisation's key gets 404
    const key = (await createApiKey(admin, { name: `mon-${randomUUID()}`, role: 'ANALYST' })).key;
    const url = `/api/v1/models/${m.id}/monitoring`;
    const byDefault = await call(monitoringRoute.GET, { url, key, params: { id: m.id } });
    expect([byDefault.status, byDefault.body.stored.status]).toEqual([200, 'READY']);
    const week = await call(monitoringRoute.GET, { url: `${url}?days=7`, key, params: { id: m.id } });
    expect([week.status, week.body.window.days, 'stored' in week.body]).toEqual([200, 7, false]);
    const post = await call(monitoringRoute.POST, { url, method: 'POST', key, params: { id: m.id } });
    expect([post.status, post.body, (await row())!.status]).toEqual([202, { id: m.id, status: 'STALE' }, 'STALE']);
    const globex = await orgContext('globex', 'ADMIN');
    const foreign = await call(monitoringRoute.POST, {
      url,
      method: 'POST',
      key: (await createApiKey(globex, { name: `g-${randomUUID()}`, role: 'ADMIN' })).key,
      params: { id: m.id },
    });
    expect(foreign.status).toBe(404);
  });

  it("has the worker compute the served model's monitoring and the default plan after a data change, before any reader", async () => {
    const globex = await orgContext('globex', 'ADMIN');
    const served = await model(globex.orgId, 'served', TRAINING_DISTRIBUTION); // the active one of Globex
    expect(await readComputed(globex.orgId, 'MODEL_MONITORING', served.id)).toBeNull();
    await requestAfterDataChange(globex.orgId);
    expect((await readComputed(globex.orgId, 'MODEL_MONITORING', served.id))?.status).toBe('STALE');
    expect((await readComputed(globex.orgId, 'PLAN_BASELINE', '28:'))?.status).toBe('STALE');
    while (await runNextComputation('monitoring-test-worker')) {}
    const monitoring = await readComputed<{ model: { id: string } }>(globex.orgId, 'MODEL_MONITORING', served.id);
    expect([monitoring?.status, monitoring?.value?.model.id]).toEqual(['READY', served.id]);
    expect((await readComputed(globex.orgId, 'PLAN_BASELINE', '28:'))?.status).toBe('READY');
  });
});
