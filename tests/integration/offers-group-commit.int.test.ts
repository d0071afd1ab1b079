import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as offersRoute from '@/app/api/v1/offers/route';
import type { OrgContext } from '@/lib/auth/context';
import { db } from '@/lib/db';
import { pgPool } from '@/lib/pg-pool';
import { applyPolicyAction, createCampaign, draftPolicyVersion } from '@/lib/policies/policy-store';
import { configureDecisionLog, flushDecisionLog, waitingLiveDecisions } from '@/lib/serving/decision-log';
import { createApiKey } from '@/lib/settings/api-keys';
import { call, orgContext } from './helpers';

/**
 * Group-committed decisions through the real route handler (lib/serving/decision-log.ts): concurrent requests are
 * answered only after their batch's one INSERT committed, every answered decision id is stored, sandbox decisions
 * go to their own log, a customer's frequency cap counts its own decision waiting in the same batch, and a batch
 * whose statement fails answers an error only to the request whose rows cannot be stored.
 */
let admin: OrgContext;
let live = '';
let test = '';
let campaignId = '';
const customers = Array.from({ length: 30 }, (_, i) => `GC-${String(i + 1).padStart(3, '0')}`);

const offer = (key: string, customerId: string) =>
  call(offersRoute.POST, { url: '/api/v1/offers', method: 'POST', key, json: { customerId, campaignId } });

const decisionInserts = (spy: { mock: { calls: unknown[][] } }) =>
  spy.mock.calls.filter((c) => String(c[0]).includes('INSERT INTO "PolicyDecision"')).length;

beforeAll(async () => {
  admin = await orgContext('globex', 'ADMIN');
  const user = await db.user.create({ data: { email: 'gc-second@globex.test', name: 'Second', passwordHash: 'x' } });
  await db.membership.create({ data: { organizationId: admin.orgId, userId: user.id, role: 'ADMIN' } });
  const second = { ...admin, userId: user.id, actorLabel: user.email };
  const campaign = await createCampaign(admin, { name: 'Group commit', marginPct: 40 });
  campaignId = campaign.id;
  const v = await draftPolicyVersion(admin, {
    campaignId,
    name: 'Capped',
    rules: { mode: 'fixed', discountPct: 10, frequencyCap: { maxOffers: 1, perDays: 30 } },
  });
  await applyPolicyAction(admin, v.id, { action: 'submit' });
  await applyPolicyAction(second, v.id, { action: 'approve' });
  await applyPolicyAction(admin, v.id, { action: 'activate', rolloutPct: 100, holdoutPct: 0 });
  const limits = { rateLimitPerSecond: 1000, rateLimitBurst: 1000 };
  live = (await createApiKey(admin, { name: 'gc live', role: 'MANAGER', ...limits })).key;
  test = (await createApiKey(admin, { name: 'gc test', role: 'MANAGER', mode: 'TEST', ...limits })).key;
  await db.customer.createMany({
    data: [...customers, 'GC-031', 'GC-032'].map((externalId) => ({ organizationId: admin.orgId, externalId })),
  });
});

afterEach(async () => {
  vi.restoreAllMocks();
  await configureDecisionLog({}); // back to 256 rows / 5 ms
});

describe('group-committed offers', () => {
  it('N concurrent requests (live and sandbox): exactly N decisions stored, each answered id in its own table', async () => {
    const before = await db.policyDecision.count({ where: { organizationId: admin.orgId } });
    const [liveAnswers, testAnswers] = await Promise.all([
      Promise.all(customers.slice(0, 20).map((c) => offer(live, c))),
      Promise.all(customers.slice(20).map((c) => offer(test, c))),
    ]);
    expect([...liveAnswers, ...testAnswers].map((a) => a.status)).toEqual(Array(30).fill(200));
    const liveIds = liveAnswers.map((a) => a.body.decisionId as string);
    const testIds = testAnswers.map((a) => a.body.decisionId as string);
    const stored = await db.policyDecision.findMany({ where: { id: { in: liveIds } }, select: { id: true } });
    expect(stored.map((d) => d.id).sort()).toEqual([...liveIds].sort());
    expect(await db.policyDecision.count({ where: { organizationId: admin.orgId } })).toBe(before + 20);
    expect(await db.offerExposure.count({ where: { decisionId: { in: liveIds } } })).toBe(20);
    const sandbox = await db.sandboxDecision.findMany({ where: { id: { in: testIds } }, select: { id: true } });
    expect(sandbox.map((d) => d.id).sort()).toEqual([...testIds].sort());
    expect(await db.policyDecision.count({ where: { id: { in: testIds } } })).toBe(0);
  });

  it('two requests of one capped customer in one batch: the second sees the first (10 % then 0), one INSERT', async () => {
    await configureDecisionLog({ maxDelayMs: 60_000 }); // the batch is written when the test flushes it
    const inserts = vi.spyOn(pgPool(), 'query');
    const who = 'GC-031';
    const first = offer(live, who);
    await vi.waitFor(() => expect(waitingLiveDecisions()).toBe(1), { timeout: 10_000 });
    const second = offer(live, who);
    await vi.waitFor(() => expect(waitingLiveDecisions()).toBe(2), { timeout: 10_000 });
    expect(await db.policyDecision.count({ where: { customer: { externalId: who } } })).toBe(0); // nothing stored
    await flushDecisionLog();
    const [a, b] = await Promise.all([first, second]);
    expect([a.body.discountPct, b.body.discountPct]).toEqual([10, 0]);
    expect(b.body.reason).toBe('policy version 1: frequency cap: 1 discounted offer(s) per 30 day(s) reached');
    expect(decisionInserts(inserts)).toBe(1);
    const stored = await db.policyDecision.findMany({
      where: { customer: { externalId: who } },
      select: { id: true, discountPct: true },
    });
    expect(stored.map((d) => [d.id, d.discountPct]).sort()).toEqual(
      [
        [a.body.decisionId, 10],
        [b.body.decisionId, 0],
      ].sort(),
    );
    await configureDecisionLog({}); // 5 ms batches again
    const third = await offer(live, who); // committed now: counted from the table, not twice
    expect(third.body.discountPct).toBe(0);
  });

  it('a batch whose INSERT fails answers the error only to the request whose rows cannot be stored', async () => {
    const doomed = await db.customer.create({ data: { organizationId: admin.orgId, externalId: 'GC-DOOMED' } });
    await configureDecisionLog({ maxDelayMs: 60_000 });
    const inserts = vi.spyOn(pgPool(), 'query');
    const ok = offer(live, 'GC-032');
    const bad = offer(live, 'GC-DOOMED');
    await vi.waitFor(() => expect(waitingLiveDecisions()).toBe(2));
    await db.customer.delete({ where: { id: doomed.id } }); // its decision now violates the foreign key
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await flushDecisionLog();
    const [a, b] = await Promise.all([ok, bad]);
    expect(a.status).toBe(200);
    expect(b.status).toBe(500);
    expect(b.body).toEqual({
      error: { code: 'internal', message: 'Something went wrong on our side; the error was logged' },
    });
    expect(decisionInserts(inserts)).toBe(3); // the batch, then each request's rows alone
    expect(await db.policyDecision.count({ where: { id: a.body.decisionId } })).toBe(1);
    expect(await db.offerExposure.count({ where: { decisionId: a.body.decisionId } })).toBe(1);
  });
});
