import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it } from 'vitest';
import * as policyEvaluationRoute from '@/app/api/v1/policies/versions/[id]/evaluation/route';
import * as evaluationRoute from '@/app/api/v1/recommendations/evaluation/route';
import type { OrgContext } from '@/lib/auth/context';
import { runNextComputation } from '@/lib/computed/compute-result';
import { claimComputation, finishComputation, readComputed, storeComputed } from '@/lib/computed/computed-store';
import { requestAfterDataChange } from '@/lib/computed/request-recompute';
import { db } from '@/lib/db';
import { budgetLambda } from '@/lib/policies/budget-lambda';
import { evaluateCategoryRecommender } from '@/lib/policies/category-recommender';
import { ingestEvents } from '@/lib/serving/ingest-events';
import { createApiKey } from '@/lib/settings/api-keys';
import { orgContext } from './helpers';

/**
 * Issue 21 item 2: expensive reads are stored results the worker computes when their inputs change; pages and the
 * offers API read them (with "computed at"); a recompute is queued, never run on the request.
 */
let manager: OrgContext;
let analystKey = '';
let managerKey = '';
let globexKey = '';

async function route(method: 'GET' | 'POST', key: string) {
  const req = new NextRequest('http://localhost/api/v1/recommendations/evaluation?k=3', {
    method,
    headers: { authorization: `Bearer ${key}` },
  });
  const handler = method === 'GET' ? evaluationRoute.GET : evaluationRoute.POST;
  const res = await handler(req, { params: Promise.resolve({}) });
  return { status: res.status, body: await res.json() };
}

beforeAll(async () => {
  manager = await orgContext('acme', 'MANAGER');
  const admin = await orgContext('acme', 'ADMIN');
  analystKey = (await createApiKey(admin, { name: 'analyst', role: 'ANALYST' })).key;
  managerKey = (await createApiKey(admin, { name: 'manager', role: 'MANAGER' })).key;
  globexKey = (await createApiKey(await orgContext('globex', 'ADMIN'), { name: 'globex', role: 'ADMIN' })).key;
  // four customers: views of two categories, then a most recent third one (the held-out item)
  const customers = await db.customer.findMany({
    where: { organizationId: manager.orgId },
    orderBy: { externalId: 'asc' },
    take: 4,
  });
  const at = (day: number) => new Date(Date.UTC(2026, 9, day)).toISOString();
  await ingestEvents(manager, {
    events: customers.flatMap((c, i) => [
      { customerId: c.externalId, type: 'view' as const, category: 'shoes', timestamp: at(1), quantity: 1 },
      {
        customerId: c.externalId,
        type: 'view' as const,
        category: i % 2 ? 'bags' : 'hats',
        timestamp: at(2),
        quantity: 1,
      },
      {
        customerId: c.externalId,
        type: 'view' as const,
        category: i % 2 ? 'hats' : 'bags',
        timestamp: at(3),
        quantity: 1,
      },
    ]),
  });
});

// One organisation's stored-results queue, in a fixed order: the lifecycle test claims "the next computation" and
// must find only its own; the later tests add other stored results (evaluations, λ) to the same queue.
describe('stored results', { shuffle: false }, () => {
  // one lifecycle of one stored result, in its steps: queued on first read → computed → stale on new data → recomputed;
  // as one test it cannot be reordered by the shuffled run
  it('the recommender evaluation is queued on first read, computed by the worker, then read with its computed-at; new data queues a recomputation and keeps showing the previous value meanwhile (only roles that train may ask); a result asked for again while it was being computed is computed once more afterwards', async () => {
    const first = await route('GET', analystKey);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ k: 3, status: 'STALE', computedAt: null, itemItem: null });
    // the worker runs what waits (other tests of this file, in whatever order they ran, may have queued theirs)
    expect(await runNextComputation('test-worker')).toBe(true);
    while (await runNextComputation('test-worker')) {
      /* drain */
    }
    const second = await route('GET', analystKey);
    const direct = await evaluateCategoryRecommender(manager.orgId, 3);
    expect(direct.users).toBe(4);
    expect(second.body).toMatchObject({
      status: 'READY',
      users: 4,
      itemItem: direct.itemItem,
      popularity: direct.popularity,
    });
    expect(new Date(second.body.computedAt).getTime()).toBeGreaterThan(0);

    // new data: the previous value stays readable, marked stale, until the worker recomputes it
    expect((await route('POST', managerKey)).status).toBe(403);
    await requestAfterDataChange(manager.orgId);
    const during = await route('GET', analystKey);
    expect(during.body.status).toBe('STALE');
    expect(during.body.users).toBe(4); // the previous result
    expect((await route('POST', analystKey)).status).toBe(202);
    // new data marks every stored result of the organisation stale, other tests' too: run all that waits
    expect(await runNextComputation('test-worker')).toBe(true);
    while (await runNextComputation('test-worker')) {
      /* drain */
    }
    expect((await route('GET', analystKey)).body.status).toBe('READY');

    // asked for again while being computed: computed once more afterwards
    await requestAfterDataChange(manager.orgId);
    const c = (await claimComputation('w1'))!;
    expect(c.kind).toBe('RECOMMENDER_EVALUATION');
    await new Promise((r) => setTimeout(r, 5)); // the new request is later than the claim
    await requestAfterDataChange(manager.orgId);
    expect(await finishComputation(c, 'w2', { value: 1, durationMs: 1 })).toBe(false); // not w2's claim
    expect(await finishComputation(c, 'w1', { value: { users: 99 }, durationMs: 1 })).toBe(true);
    const s = (await readComputed<{ users: number }>(manager.orgId, 'RECOMMENDER_EVALUATION', '3'))!;
    expect([s.status, s.value?.users]).toEqual(['STALE', 99]);
    expect(await runNextComputation('w1')).toBe(true);
    expect((await readComputed<{ users: number }>(manager.orgId, 'RECOMMENDER_EVALUATION', '3'))!.value?.users).toBe(4);
  });

  it('the offers path reads the stored budget multiplier instead of calibrating it', async () => {
    // a version whose model does not exist: calibrating would throw, so a returned λ can only be the stored one
    const rules = {
      mode: 'model-optimal' as const,
      modelVersionId: 'no-such-model',
      levels: [0, 10],
      maxDiscountPct: 10,
      marginPct: 40,
      orderValue: 50,
      budgetPerOffer: 1,
    };
    await expect(budgetLambda(manager, 'version-without-lambda', rules as never)).rejects.toThrow();
    await storeComputed(manager.orgId, 'BUDGET_LAMBDA', 'version-with-lambda', { lambda: 0.37, customers: 10 }, 5);
    expect(await budgetLambda(manager, 'version-with-lambda', rules as never)).toBe(0.37);
  });

  it('an offline evaluation is read from its stored result with its computed-at; other organisations get 404', async () => {
    const id = 'pv-with-stored-evaluation';
    const evaluation = async (method: 'GET' | 'POST', key: string) => {
      const req = new NextRequest(`http://localhost/api/v1/policies/versions/${id}/evaluation`, {
        method,
        headers: { authorization: `Bearer ${key}` },
      });
      const res = await (method === 'GET' ? policyEvaluationRoute.GET : policyEvaluationRoute.POST)(req, {
        params: Promise.resolve({ id }),
      });
      return { status: res.status, body: await res.json() };
    };
    await storeComputed(manager.orgId, 'POLICY_EVALUATION', id, { rows: 123 }, 7);
    const r = await evaluation('GET', analystKey);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ rows: 123, status: 'READY', durationMs: 7 });
    expect(new Date(r.body.computedAt).getTime()).toBeGreaterThan(0);
    // new data: queued again, the stored one still shown meanwhile
    await requestAfterDataChange(manager.orgId);
    expect((await evaluation('GET', analystKey)).body).toMatchObject({ rows: 123, status: 'STALE' });
    expect((await evaluation('GET', globexKey)).status).toBe(404); // computed for globex: no such version there
    expect((await evaluation('POST', analystKey)).status).toBe(403); // recompute is for roles that draft policies
    expect((await evaluation('POST', managerKey)).status).toBe(404); // not a version of this organisation
  });
});
