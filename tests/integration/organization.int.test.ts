import { describe, expect, it } from 'vitest';
import * as orgRoute from '@/app/api/v1/organization/route';
import { db } from '@/lib/db';
import { createApiKey } from '@/lib/settings/api-keys';
import { call, orgContext } from './helpers';

describe('organisation currency and number format', () => {
  it('lets an admin change currency and locale (audited), refuses bad codes (400) and other roles (403)', async () => {
    const admin = await orgContext('acme', 'ADMIN');
    const adminKey = (await createApiKey(admin, { name: 'org-admin', role: 'ADMIN' })).key;
    const analystKey = (await createApiKey(admin, { name: 'org-analyst', role: 'ANALYST' })).key;

    const before = await call(orgRoute.GET, { url: '/api/v1/organization', key: analystKey });
    expect(before).toEqual({ status: 200, body: { name: 'Acme Outfitters', currency: 'GBP', locale: 'en-GB' } });

    const changed = await call(orgRoute.PATCH, {
      url: '/api/v1/organization',
      method: 'PATCH',
      key: adminKey,
      json: { currency: 'eur', locale: 'de-DE' },
    });
    expect(changed).toEqual({ status: 200, body: { name: 'Acme Outfitters', currency: 'EUR', locale: 'de-DE' } });
    const audit = await db.auditLog.findFirstOrThrow({
      where: { organizationId: admin.orgId, action: 'organization.settings' },
    });
    expect(audit.diff).toEqual({
      before: { currency: 'GBP', locale: 'en-GB' },
      after: { currency: 'EUR', locale: 'de-DE' },
    });

    const bad = await call(orgRoute.PATCH, {
      url: '/api/v1/organization',
      method: 'PATCH',
      key: adminKey,
      json: { currency: 'POUNDS', locale: 'not a locale!' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues.map((i: { path: string[] }) => i.path.join('.'))).toEqual(['currency', 'locale']);
    const empty = await call(orgRoute.PATCH, { url: '/api/v1/organization', method: 'PATCH', key: adminKey, json: {} });
    expect(empty.status).toBe(400);

    const forbidden = await call(orgRoute.PATCH, {
      url: '/api/v1/organization',
      method: 'PATCH',
      key: analystKey,
      json: { currency: 'USD' },
    });
    expect(forbidden.status).toBe(403);
    const globex = await orgContext('globex', 'ADMIN');
    expect(
      await db.organization.findUniqueOrThrow({ where: { id: globex.orgId }, select: { currency: true } }),
    ).toEqual({
      currency: 'GBP',
    });
  });
});
