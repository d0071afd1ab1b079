import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import * as eventsRoute from '@/app/api/v1/events/route';
import * as offersRoute from '@/app/api/v1/offers/route';
import { db } from '@/lib/db';
import { readFeatures } from '@/lib/serving/feature-store';
import { createApiKey } from '@/lib/settings/api-keys';
import { orgContext } from './helpers';

type Route = { POST: (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response> };

async function post(route: Route, path: string, key: string, json: unknown, idempotencyKey?: string) {
  const req = new NextRequest(`http://localhost${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${key}`,
      'content-type': 'application/json',
      ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
    },
    body: JSON.stringify(json),
  });
  const res = await route.POST(req, { params: Promise.resolve({}) });
  return { status: res.status, replayed: res.headers.get('idempotent-replayed'), body: await res.json() };
}

const batch = (customerId: string, session: string) => ({
  events: [
    { customerId, type: 'view', category: 'hats', sessionId: session, timestamp: '2026-11-29T09:00:00Z' },
    { customerId, type: 'add_to_cart', category: 'hats', sessionId: session, timestamp: '2026-11-29T09:01:00Z' },
    {
      customerId,
      type: 'purchase',
      category: 'hats',
      price: 25,
      quantity: 2,
      sessionId: session,
      timestamp: '2026-11-29T09:02:00Z',
    },
  ],
});

describe('Idempotency-Key on POST /api/v1/events and /api/v1/offers', () => {
  it('replays an event batch: same answer, events and features counted once', async () => {
    const admin = await orgContext('acme', 'ADMIN');
    const key = (await createApiKey(admin, { name: 'idem-events', role: 'MANAGER' })).key;
    const customer = await db.customer.findFirstOrThrow({
      where: { organizationId: admin.orgId, externalId: 'AC00011' },
    });
    const before = await readFeatures(admin.orgId, customer.id);
    const first = await post(eventsRoute, '/api/v1/events', key, batch('AC00011', 'idem-1'), 'batch-0001');
    expect(first).toEqual({
      status: 202,
      replayed: null,
      body: { accepted: 3, customers: 1, conversionsAttributed: 0 },
    });
    // the same batch again, with keys in another order: same canonical body, same answer, nothing stored twice
    const reordered = {
      events: batch('AC00011', 'idem-1').events.map((e) => Object.fromEntries(Object.entries(e).reverse())),
    };
    for (const body of [batch('AC00011', 'idem-1'), reordered]) {
      const again = await post(eventsRoute, '/api/v1/events', key, body, 'batch-0001');
      expect(again).toEqual({ ...first, replayed: 'true' });
    }
    expect(await db.event.count({ where: { customerId: customer.id, sessionId: 'idem-1' } })).toBe(3);
    const after = await readFeatures(admin.orgId, customer.id);
    expect([after.views - before.views, after.purchases - before.purchases, after.monetary - before.monetary]).toEqual([
      1, 1, 50,
    ]);

    // another body under the same key: 422, and still nothing more stored
    const other = await post(eventsRoute, '/api/v1/events', key, batch('AC00011', 'idem-2'), 'batch-0001');
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('unprocessable');
    expect(await db.event.count({ where: { customerId: customer.id, sessionId: 'idem-2' } })).toBe(0);

    // without a key the same batch is new data each time (the header is what makes retries safe)
    await post(eventsRoute, '/api/v1/events', key, batch('AC00011', 'idem-3'));
    await post(eventsRoute, '/api/v1/events', key, batch('AC00011', 'idem-3'));
    expect(await db.event.count({ where: { customerId: customer.id, sessionId: 'idem-3' } })).toBe(6);
  });

  it('stores concurrent duplicates once: one runs, the others replay or are told to retry (409)', async () => {
    const admin = await orgContext('acme', 'ADMIN');
    const key = (await createApiKey(admin, { name: 'idem-race', role: 'MANAGER' })).key;
    const customer = await db.customer.findFirstOrThrow({
      where: { organizationId: admin.orgId, externalId: 'AC00012' },
    });
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => post(eventsRoute, '/api/v1/events', key, batch('AC00012', 'race'), 'race-1')),
    );
    expect(answers.filter((a) => a.status === 202 && a.replayed === null)).toHaveLength(1);
    for (const a of answers) expect([202, 409]).toContain(a.status);
    expect(await db.event.count({ where: { customerId: customer.id, sessionId: 'race' } })).toBe(3);
  });

  it('a failed request releases its key; keys are per organisation; a bad key is a 400', async () => {
    const acme = await orgContext('acme', 'ADMIN');
    const globex = await orgContext('globex', 'ADMIN');
    const acmeKey = (await createApiKey(acme, { name: 'idem-a', role: 'MANAGER' })).key;
    const globexKey = (await createApiKey(globex, { name: 'idem-g', role: 'MANAGER' })).key;
    const unknown = await post(eventsRoute, '/api/v1/events', acmeKey, batch('NOPE', 's'), 'shared-key');
    expect(unknown.status).toBe(422);
    expect(await db.idempotencyKey.count({ where: { organizationId: acme.orgId, key: 'shared-key' } })).toBe(0);
    const ok = await post(eventsRoute, '/api/v1/events', acmeKey, batch('AC00013', 'per-org'), 'shared-key');
    expect(ok.status).toBe(202);
    const g = await db.customer.findFirstOrThrow({
      where: { organizationId: globex.orgId },
      orderBy: { externalId: 'asc' },
    });
    const other = await post(eventsRoute, '/api/v1/events', globexKey, batch(g.externalId, 'per-org'), 'shared-key');
    expect(other).toEqual({
      status: 202,
      replayed: null,
      body: { accepted: 3, customers: 1, conversionsAttributed: 0 },
    });
    const bad = await post(eventsRoute, '/api/v1/events', acmeKey, batch('AC00013', 'x'), 'has space');
    expect(bad.status).toBe(400);
  });

  it('replays an offer: the same decision id, one decision and one exposure logged', async () => {
    const admin = await orgContext('acme', 'ADMIN');
    const key = (await createApiKey(admin, { name: 'idem-offers', role: 'MANAGER' })).key;
    const customer = await db.customer.findFirstOrThrow({
      where: { organizationId: admin.orgId, externalId: 'AC00014' },
    });
    const decisions = () => db.policyDecision.count({ where: { customerId: customer.id } });
    const exposures = () => db.offerExposure.count({ where: { customerId: customer.id, decisionId: { not: null } } });
    const [d0, e0] = [await decisions(), await exposures()];
    const first = await post(offersRoute, '/api/v1/offers', key, { customerId: 'AC00014' }, 'offer-1');
    expect(first.status).toBe(200);
    const again = await post(offersRoute, '/api/v1/offers', key, { customerId: 'AC00014' }, 'offer-1');
    expect(again).toEqual({ ...first, replayed: 'true' });
    expect([await decisions(), await exposures()]).toEqual([d0 + 1, e0 + 1]);
    // the same key on the other route is another request: 422
    const cross = await post(eventsRoute, '/api/v1/events', key, batch('AC00014', 'c'), 'offer-1');
    expect(cross.status).toBe(422);
  });
});
