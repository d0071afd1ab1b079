import { describe, expect, it } from 'vitest';
import * as campaignsRoute from '@/app/api/v1/campaigns/route';
import * as customersRoute from '@/app/api/v1/customers/route';
import * as experimentsRoute from '@/app/api/v1/experiments/route';
import * as offersRoute from '@/app/api/v1/offers/route';
import { db } from '@/lib/db';
import { createApiKey } from '@/lib/settings/api-keys';
import { call, orgContext } from './helpers';

async function adminKey(slug: 'acme' | 'globex' = 'acme') {
  return (await createApiKey(await orgContext(slug, 'ADMIN'), { name: 'k', role: 'ADMIN' })).key;
}

describe('NUL bytes and lone surrogates answer 400, never 500 (issue 12 item 8)', () => {
  it('refuses them in JSON bodies and queries, naming the field, and stores nothing', async () => {
    const key = await adminKey();
    const before = await db.campaign.count();
    for (const name of ['a\u0000b', 'x\ud800']) {
      const r = await call(campaignsRoute.POST, { url: '/api/v1/campaigns', method: 'POST', key, json: { name } });
      expect(r.status).toBe(400);
      expect(r.body.error.issues).toEqual([
        { path: ['name'], message: 'contains a NUL character or a lone surrogate', code: 'bad_encoding' },
      ]);
    }
    expect(await db.campaign.count()).toBe(before);
    const exp = await call(experimentsRoute.POST, {
      url: '/api/v1/experiments',
      method: 'POST',
      key,
      json: { key: 'nul-test', name: 'n', variants: [{ name: '\u0000', weight: 1, discountPct: 0 }] },
    });
    expect([exp.status, exp.body.error.message]).toEqual([
      400,
      'Invalid body at variants.0.name: contains a NUL character or a lone surrogate (not valid text)',
    ]);
    const offer = await call(offersRoute.POST, {
      url: '/api/v1/offers',
      method: 'POST',
      key,
      json: { customerId: 'AC\u0000001' },
    });
    expect(offer.status).toBe(400);
    const q = await call(customersRoute.GET, { url: '/api/v1/customers?q=%00', key });
    expect([q.status, q.body.error.code, q.body.error.issues[0].path]).toEqual([400, 'validation_failed', ['q']]);
  });
});
