import { describe, expect, it } from 'vitest';
import * as apiKeysRoute from '@/app/api/v1/api-keys/route';
import * as customerRoute from '@/app/api/v1/customers/[id]/route';
import * as customersRoute from '@/app/api/v1/customers/route';
import * as meRoute from '@/app/api/v1/me/route';
import { hashApiKey } from '@/lib/auth/api-key-format';
import { db } from '@/lib/db';
import { createApiKey, revokeApiKey } from '@/lib/settings/api-keys';
import { call, orgContext } from './helpers';

describe('API keys, roles and tenancy through the real route handlers', () => {
  it('stores only the SHA-256 of a new key, and audits its creation', async () => {
    const admin = await orgContext('acme', 'ADMIN');
    const k = await createApiKey(admin, { name: 'storefront', role: 'MANAGER' });
    const row = await db.apiKey.findUniqueOrThrow({ where: { id: k.id } });
    expect(row.keyHash).toBe(hashApiKey(k.key));
    // the secret is everything after "op_<prefix>_": base64url may itself contain "_"
    const secret = k.key.slice(k.key.indexOf('_', 3) + 1);
    expect(secret.length).toBeGreaterThanOrEqual(40);
    expect(JSON.stringify(row)).not.toContain(secret);
    const audit = await db.auditLog.findFirstOrThrow({ where: { entityId: k.id } });
    expect([audit.action, audit.actorUserId, audit.organizationId]).toEqual([
      'api_key.create',
      admin.userId,
      admin.orgId,
    ]);
  });

  it('isolates organisations: a Globex key gets 404 for an Acme customer, by id and by external id', async () => {
    const acmeKey = (await createApiKey(await orgContext('acme', 'ADMIN'), { name: 'a', role: 'ANALYST' })).key;
    const globexKey = (await createApiKey(await orgContext('globex', 'ADMIN'), { name: 'g', role: 'ANALYST' })).key;
    const acmeCustomer = await db.customer.findFirstOrThrow({
      where: { organization: { slug: 'acme' } },
      orderBy: { externalId: 'asc' },
    });

    const own = await call(customerRoute.GET, {
      url: `/api/v1/customers/${acmeCustomer.id}`,
      key: acmeKey,
      params: { id: acmeCustomer.id },
    });
    expect(own.status).toBe(200);
    expect(own.body.externalId).toBe('AC00001');
    expect(own.body).not.toHaveProperty('emailHash');

    for (const id of [acmeCustomer.id, 'AC00001']) {
      const other = await call(customerRoute.GET, { url: `/api/v1/customers/${id}`, key: globexKey, params: { id } });
      expect(other).toEqual({ status: 404, body: { error: { code: 'not_found', message: 'Customer not found' } } });
    }
    const list = await call(customersRoute.GET, { url: '/api/v1/customers?limit=500', key: globexKey });
    const globexOrg = await db.organization.findUniqueOrThrow({ where: { slug: 'globex' } });
    expect(list.body.total).toBe(await db.customer.count({ where: { organizationId: globexOrg.id } }));
    const ids = list.body.items.map((c: { id: string }) => c.id);
    expect(await db.customer.count({ where: { id: { in: ids }, organizationId: { not: globexOrg.id } } })).toBe(0);
    expect(ids.length).toBe(Math.min(500, list.body.total));
  });

  it('answers 401 for missing, malformed, unknown and revoked keys', async () => {
    const admin = await orgContext('acme', 'ADMIN');
    const k = await createApiKey(admin, { name: 'soon revoked', role: 'MANAGER' });
    await revokeApiKey(admin, k.id);
    const cases: [string | undefined, Record<string, string>, string][] = [
      [undefined, { authorization: 'Basic abc' }, 'Authorization header must be "Bearer <api key>"'],
      ['op_nothex!_x', {}, 'Malformed API key'],
      [`op_00000000_${'a'.repeat(43)}`, {}, 'Unknown API key'],
      [k.key, {}, 'This API key has been revoked'],
    ];
    for (const [key, headers, message] of cases) {
      const r = await call(meRoute.GET, { url: '/api/v1/me', key, headers });
      expect(r).toEqual({ status: 401, body: { error: { code: 'unauthenticated', message } } });
    }
    await expect(revokeApiKey(admin, k.id)).rejects.toThrow('already revoked');
  });

  it('answers 403 when the role lacks the permission, and 400 with issues for a bad body', async () => {
    const admin = await orgContext('acme', 'ADMIN');
    const managerKey = (await createApiKey(admin, { name: 'm', role: 'MANAGER' })).key;
    const adminKey = (await createApiKey(admin, { name: 'adm', role: 'ADMIN' })).key;
    const forbidden = await call(apiKeysRoute.POST, {
      url: '/api/v1/api-keys',
      method: 'POST',
      key: managerKey,
      json: { name: 'x' },
    });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.code).toBe('forbidden');

    const bad = await call(apiKeysRoute.POST, {
      url: '/api/v1/api-keys',
      method: 'POST',
      key: adminKey,
      json: { name: '', role: 'OWNER' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues.map((i: { path: string[] }) => i.path.join('.'))).toEqual(['name', 'role']);

    const notJson = await call(apiKeysRoute.POST, {
      url: '/api/v1/api-keys',
      method: 'POST',
      key: adminKey,
      headers: { 'content-type': 'text/plain' },
    });
    expect(notJson.status).toBe(415);

    // a valid body, but keys are minted only by a signed-in admin (issue 12 item 16)
    const minted = await call(apiKeysRoute.POST, {
      url: '/api/v1/api-keys',
      method: 'POST',
      key: adminKey,
      json: { name: 'made by API' },
    });
    expect([minted.status, minted.body.error.code]).toEqual([403, 'forbidden']);
  });
});
