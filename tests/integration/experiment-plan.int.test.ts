import { describe, expect, it } from 'vitest';
import * as planRoute from '@/app/api/v1/experiments/plan/route';
import { runNextComputation } from '@/lib/computed/compute-result';
import { readComputed } from '@/lib/computed/computed-store';
import { requestAfterDataChange } from '@/lib/computed/request-recompute';
import { db } from '@/lib/db';
import { createApiKey } from '@/lib/settings/api-keys';
import { call, orgContext } from './helpers';

/*
 * Known answers (scipy 1.17): ten customers in the 28-day window, purchases 100, 50, 200, 30 (others browse),
 * margin 40 % → profit per customer [40, 20, 80, 12, 0 × 6]: mean 15.2, sd 26.3177168884807 (ddof 1);
 * MDE 10 %, α 0.05, power 0.8, 2 arms:  n = ⌈(z₀.₉₇₅ + z₀.₈)² (σ²_B + σ²_A (1.1)²) / (μ² 0.1²)⌉
 *   conversion 0.4 → 2634 per arm; profit → 5201 per arm; segment of the first five customers:
 *   conversion 0.8 → 367 per arm, profit (mean 30.4) → 1841 per arm.
 */
describe('GET /api/v1/experiments/plan', () => {
  it("plans from the organisation's own traffic and variance, per segment, and refuses bad input", async () => {
    const admin = await orgContext('globex', 'ADMIN');
    const key = (await createApiKey(admin, { name: 'plan', role: 'ANALYST' })).key;
    await db.event.deleteMany({ where: { organizationId: admin.orgId } });
    const customers = await db.customer.findMany({
      where: { organizationId: admin.orgId },
      orderBy: { externalId: 'asc' },
      take: 11,
      select: { id: true },
    });
    expect(customers.length).toBe(11);
    const last = new Date('2026-03-31T12:00:00Z');
    const at = (daysBefore: number) => new Date(last.getTime() - daysBefore * 86_400_000);
    const revenue = [100, 50, 200, 30];
    await db.event.createMany({
      data: [
        ...customers.slice(0, 10).map((c, i) => ({
          organizationId: admin.orgId,
          customerId: c.id,
          type: 'VIEW' as const,
          occurredAt: at(i),
        })),
        ...revenue.map((price, i) => ({
          organizationId: admin.orgId,
          customerId: customers[i].id,
          type: 'PURCHASE' as const,
          price,
          quantity: 1,
          occurredAt: at(i),
        })),
        // outside the window (40 days before the last event): not counted
        { organizationId: admin.orgId, customerId: customers[10].id, type: 'PURCHASE', price: 999, occurredAt: at(40) },
      ],
    });
    const res = await call(planRoute.GET, { url: '/api/v1/experiments/plan?mdePct=10&marginPct=40', key });
    expect(res.status).toBe(200);
    expect(res.body.window).toEqual({ days: 28, end: last.toISOString() });
    expect(res.body.baseline.customers).toBe(10);
    expect(res.body.baseline.dailyCustomers).toBeCloseTo(10 / 28, 12);
    expect(res.body.baseline.conversionRate).toBeCloseTo(0.4, 12);
    expect(res.body.baseline.profitPerCustomer).toBeCloseTo(15.2, 10);
    expect(res.body.baseline.profitSd).toBeCloseTo(26.3177168884807, 9);
    expect(res.body.conversion).toMatchObject({ perArm: 2634, total: 5268, days: Math.ceil(5268 / (10 / 28)) });
    expect(res.body.profit).toMatchObject({ perArm: 5201, total: 10402 });
    expect(res.body.note).toBeNull();

    const segment = await db.segment.create({
      data: { organizationId: admin.orgId, name: 'first five', algorithm: 'kmeans', clusterIndex: 0, size: 5 },
    });
    await db.segmentMember.createMany({
      data: customers
        .slice(0, 5)
        .map((c) => ({ segmentId: segment.id, customerId: c.id, organizationId: admin.orgId })),
    });
    const seg = await call(planRoute.GET, {
      url: `/api/v1/experiments/plan?mdePct=10&segmentId=${segment.id}`,
      key,
    });
    expect(seg.body.baseline.customers).toBe(5);
    expect(seg.body.conversion.perArm).toBe(367);
    expect(seg.body.profit.perArm).toBe(1841);

    // another organisation's segment is not found; bad numbers are a 400 in the one error shape
    const acme = await orgContext('acme', 'ADMIN');
    const acmeKey = (await createApiKey(acme, { name: 'plan', role: 'ANALYST' })).key;
    const foreign = await call(planRoute.GET, {
      url: `/api/v1/experiments/plan?segmentId=${segment.id}`,
      key: acmeKey,
    });
    expect(foreign.status).toBe(404);
    const bad = await call(planRoute.GET, { url: '/api/v1/experiments/plan?mdePct=-3&arms=9', key });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');
    expect(bad.body.error.issues.map((i: { path: string[] }) => i.path.join('.')).sort()).toEqual(['arms', 'mdePct']);
    const unknownKey = await call(planRoute.GET, {
      url: '/api/v1/experiments/plan',
      key: `op_00000000_${'a'.repeat(43)}`,
    });
    expect(unknownKey.status).toBe(401);

    // the window's aggregate is stored: a new purchase changes nothing until the data change queues it again and the
    // worker recomputes it (the plan for another MDE reuses it)
    expect((await readComputed(admin.orgId, 'PLAN_BASELINE', '28:'))?.value).toEqual({
      customers: 10,
      buyers: 4,
      rev: 380,
      rev2: 100 ** 2 + 50 ** 2 + 200 ** 2 + 30 ** 2,
      end: last.toISOString(),
    });
    await db.event.create({
      data: {
        organizationId: admin.orgId,
        customerId: customers[4].id,
        type: 'PURCHASE',
        price: 20,
        occurredAt: at(4),
      },
    });
    const cached = await call(planRoute.GET, { url: '/api/v1/experiments/plan?mdePct=20', key });
    expect([cached.body.baseline.conversionRate, cached.body.baselineStatus]).toEqual([0.4, 'READY']);
    await requestAfterDataChange(admin.orgId);
    const queued = await call(planRoute.GET, { url: '/api/v1/experiments/plan?mdePct=10', key });
    expect([queued.body.baseline.conversionRate, queued.body.baselineStatus]).toEqual([0.4, 'STALE']);
    while (await runNextComputation('plan-test-worker')) {}
    const fresh = await call(planRoute.GET, { url: '/api/v1/experiments/plan?mdePct=10', key });
    expect([fresh.body.baseline.conversionRate, fresh.body.baselineStatus]).toEqual([0.5, 'READY']);
    expect(fresh.body.baseline.profitPerCustomer).toBeCloseTo((0.4 * 400) / 10, 10);
  });
});
