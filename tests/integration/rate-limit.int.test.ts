import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import * as apiKeyRoute from '@/app/api/v1/api-keys/[id]/route';
import * as meRoute from '@/app/api/v1/me/route';
import { db } from '@/lib/db';
import { createApiKey } from '@/lib/settings/api-keys';
import { orgContext } from './helpers';

async function me(key: string) {
  const req = new Request('http://localhost/api/v1/me', { headers: { authorization: `Bearer ${key}` } });
  const res = await meRoute.GET(new NextRequest(req), { params: Promise.resolve({}) });
  const h = (n: string) => res.headers.get(n);
  return {
    status: res.status,
    limit: h('ratelimit-limit'),
    remaining: h('ratelimit-remaining'),
    retryAfter: h('retry-after'),
    body: await res.json(),
  };
}

describe('rate limits per API key', () => {
  it('lets a burst through, answers 429 with Retry-After past it, and applies a changed limit at once', async () => {
    const admin = await orgContext('acme', 'ADMIN');
    // refills one token per 1,000 s: nothing comes back while the test runs
    const slow = await createApiKey(admin, {
      name: 'slow',
      role: 'ANALYST',
      rateLimitPerSecond: 0.001,
      rateLimitBurst: 2,
    });
    const other = await createApiKey(admin, { name: 'other', role: 'ANALYST' });
    const a = await me(slow.key);
    const b = await me(slow.key);
    expect([a.status, a.limit, a.remaining, b.status, b.remaining]).toEqual([200, '2', '1', 200, '0']);
    const refused = await me(slow.key);
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('rate_limited');
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(990);
    expect(Number(refused.retryAfter)).toBeLessThanOrEqual(1000);
    expect(refused.remaining).toBe('0');

    // another key has its own bucket (default 50/s, bursts of 100)
    const o = await me(other.key);
    expect([o.status, o.limit, o.remaining]).toEqual([200, '100', '99']);

    // an admin raises the limit: the next call passes with the new bucket
    const adminKey = (await createApiKey(admin, { name: 'adm', role: 'ADMIN' })).key;
    const patch = await apiKeyRoute.PATCH(
      new NextRequest('http://localhost/api/v1/api-keys/x', {
        method: 'PATCH',
        headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ rateLimitPerSecond: 1000, rateLimitBurst: 5 }),
      }),
      { params: Promise.resolve({ id: slow.id }) },
    );
    expect(patch.status).toBe(200);
    expect(await db.apiKey.findUniqueOrThrow({ where: { id: slow.id } })).toMatchObject({
      rateLimitPerSecond: 1000,
      rateLimitBurst: 5,
    });
    const after = await me(slow.key);
    expect([after.status, after.limit, after.remaining]).toEqual([200, '5', '4']);
    const audit = await db.auditLog.findFirstOrThrow({ where: { entityId: slow.id, action: 'api_key.limits' } });
    expect(audit.diff).toEqual({ rateLimitPerSecond: [0.001, 1000], rateLimitBurst: [2, 5] });
  });

  it('refuses a non-positive limit with 400', async () => {
    const admin = await orgContext('acme', 'ADMIN');
    const adminKey = (await createApiKey(admin, { name: 'adm2', role: 'ADMIN' })).key;
    const k = await createApiKey(admin, { name: 'x', role: 'ANALYST' });
    const res = await apiKeyRoute.PATCH(
      new NextRequest('http://localhost/api/v1/api-keys/x', {
        method: 'PATCH',
        headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ rateLimitPerSecond: 0, rateLimitBurst: 1.5 }),
      }),
      { params: Promise.resolve({ id: k.id }) },
    );
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.issues.map((i: { path: string[] }) => i.path.join('.'))).toEqual([
      'rateLimitPerSecond',
      'rateLimitBurst',
    ]);
  });
});
