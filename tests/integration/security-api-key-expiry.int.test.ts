import { describe, expect, it } from 'vitest';
import * as apiKeysRoute from '@/app/api/v1/api-keys/route';
import * as meRoute from '@/app/api/v1/me/route';
import { db } from '@/lib/db';
import { createApiKey } from '@/lib/settings/api-keys';
import { call, orgContext } from './helpers';

/** Issue 12 item 16: keys expire (default 90 days, shown in the list); only signed-in admins create keys. */
describe('API key expiry and who may create keys', () => {
  it('an ADMIN key cannot mint keys: 403, nothing stored', async () => {
    const admin = await orgContext('acme', 'ADMIN');
    const adminKey = await createApiKey(admin, { name: 'automation', role: 'ADMIN' });
    const before = await db.apiKey.count();
    const r = await call(apiKeysRoute.POST, {
      url: '/api/v1/api-keys',
      method: 'POST',
      key: adminKey.key,
      json: { name: 'minted', role: 'ADMIN' },
    });
    expect(r).toEqual({
      status: 403,
      body: { error: { code: 'forbidden', message: 'API keys are created by a signed-in admin, not with an API key' } },
    });
    expect(await db.apiKey.count()).toBe(before);
  });

  it('expires 90 days after creation by default, lists the expiry, and refuses an expired key', async () => {
    const admin = await orgContext('acme', 'ADMIN');
    const created = new Date('2026-01-10T12:00:00Z');
    const k = await createApiKey(admin, { name: 'default-life', role: 'ANALYST' }, created);
    expect(k.expiresAt?.toISOString()).toBe('2026-04-10T12:00:00.000Z');
    const never = await createApiKey(admin, { name: 'forever', role: 'ANALYST', expiresInDays: null }, created);
    expect(never.expiresAt).toBeNull();
    const list = await call(apiKeysRoute.GET, { url: '/api/v1/api-keys', key: never.key });
    expect(list.status).toBe(403); // analysts do not manage keys
    const adminKey = await createApiKey(admin, { name: 'lister', role: 'ADMIN' });
    const rows = (await call(apiKeysRoute.GET, { url: '/api/v1/api-keys', key: adminKey.key })).body.items as {
      id: string;
      expiresAt: string | null;
    }[];
    expect(rows.find((r) => r.id === k.id)?.expiresAt).toBe('2026-04-10T12:00:00.000Z');
    expect(rows.find((r) => r.id === never.id)?.expiresAt).toBeNull();

    const old = await createApiKey(admin, { name: 'old', role: 'ANALYST', expiresInDays: 30 }, new Date('2020-01-01'));
    expect(await call(meRoute.GET, { url: '/api/v1/me', key: old.key })).toEqual({
      status: 401,
      body: { error: { code: 'unauthenticated', message: 'This API key expired on 2020-01-31' } },
    });
    expect((await call(meRoute.GET, { url: '/api/v1/me', key: never.key })).status).toBe(200);
  });
});
