import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import * as eventsRoute from '@/app/api/v1/events/route';
import { db } from '@/lib/db';
import { readFeatures } from '@/lib/serving/feature-store';
import { createApiKey } from '@/lib/settings/api-keys';
import { orgContext } from './helpers';

async function postEvents(key: string, json: unknown) {
  const req = new NextRequest('http://localhost/api/v1/events', {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(json),
  });
  const res = await eventsRoute.POST(req, { params: Promise.resolve({}) });
  return { status: res.status, body: await res.json() };
}

describe('live events and the incremental feature store', () => {
  it('stores events and updates the customer’s features in the same request', async () => {
    const admin = await orgContext('acme', 'ADMIN');
    const key = (await createApiKey(admin, { name: 'storefront', role: 'MANAGER' })).key;
    const customer = await db.customer.findFirstOrThrow({
      where: { organizationId: admin.orgId, externalId: 'AC00007' },
    });
    const before = await readFeatures(admin.orgId, customer.id);
    const r = await postEvents(key, {
      events: [
        {
          customerId: 'AC00007',
          type: 'view',
          category: 'shoes',
          sessionId: 'live-1',
          dwellSeconds: 20,
          timestamp: '2026-11-29T10:00:00Z',
        },
        {
          customerId: 'AC00007',
          type: 'add_to_cart',
          category: 'shoes',
          sessionId: 'live-1',
          timestamp: '2026-11-29T10:01:00Z',
        },
        {
          customerId: 'AC00007',
          type: 'purchase',
          category: 'shoes',
          price: 80,
          quantity: 2,
          sessionId: 'live-1',
          timestamp: '2026-11-29T10:02:00Z',
        },
      ],
    });
    expect(r).toEqual({ status: 202, body: { accepted: 3, customers: 1, conversionsAttributed: 0 } });
    const after = await readFeatures(admin.orgId, customer.id);
    expect([
      after.views - before.views,
      after.carts - before.carts,
      after.purchases - before.purchases,
      after.monetary - before.monetary,
      after.sessions - before.sessions,
    ]).toEqual([1, 1, 1, 160, 1]);
    expect(after.lastEventAt).toBe('2026-11-29T10:02:00.000Z');
    expect(after.categoryViews.shoes - (before.categoryViews.shoes ?? 0)).toBe(1);
    expect(await db.event.count({ where: { customerId: customer.id, sessionId: 'live-1' } })).toBe(3);
  });

  it('rejects a batch naming an unknown customer (422 per index) and stores none of it', async () => {
    const admin = await orgContext('acme', 'ADMIN');
    const key = (await createApiKey(admin, { name: 'sf2', role: 'MANAGER' })).key;
    const count = await db.event.count();
    const r = await postEvents(key, {
      events: [
        { customerId: 'AC00001', type: 'view' },
        { customerId: 'GL00001', type: 'view' },
      ],
    });
    expect(r.status).toBe(422);
    expect(r.body.error.issues).toEqual([{ path: ['events', 1, 'customerId'], message: 'unknown customer GL00001' }]);
    expect(await db.event.count()).toBe(count);
    const bad = await postEvents(key, { events: [{ customerId: 'AC00001', type: 'teleport', price: -1 }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues.map((i: { path: (string | number)[] }) => i.path.join('.'))).toEqual([
      'events.0.type',
      'events.0.price',
    ]);
    const tooMany = await postEvents(key, {
      events: Array.from({ length: 1001 }, () => ({ customerId: 'AC00001', type: 'view' })),
    });
    expect(tooMany.status).toBe(400);
  });

  it('keeps counts exact under concurrent batches for the same customer', async () => {
    const admin = await orgContext('acme', 'ADMIN');
    const key = (await createApiKey(admin, { name: 'sf3', role: 'MANAGER' })).key;
    const customer = await db.customer.findFirstOrThrow({
      where: { organizationId: admin.orgId, externalId: 'AC00011' },
    });
    const before = await readFeatures(admin.orgId, customer.id);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        postEvents(key, { events: [{ customerId: 'AC00011', type: 'search', sessionId: `c${i}` }] }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(202));
    const after = await readFeatures(admin.orgId, customer.id);
    expect(after.searches - before.searches).toBe(8);
  });
});
