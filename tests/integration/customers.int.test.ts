import { describe, expect, it } from 'vitest';
import * as customersRoute from '@/app/api/v1/customers/route';
import { db } from '@/lib/db';
import { createApiKey } from '@/lib/settings/api-keys';
import { call, orgContext } from './helpers';

describe('customers list: server-side paging and search', () => {
  it('pages by cursor in id order, and counts what a search matches beside the total', async () => {
    const admin = await orgContext('acme', 'ADMIN');
    const key = (await createApiKey(admin, { name: 'cust-pages', role: 'ANALYST' })).key;
    const all = await db.customer.findMany({
      where: { organizationId: admin.orgId },
      orderBy: { externalId: 'asc' },
      select: { externalId: true },
    });
    expect(all.length).toBeGreaterThan(5);

    const p1 = await call(customersRoute.GET, { url: '/api/v1/customers?limit=3', key });
    expect(p1.body.items.map((c: { externalId: string }) => c.externalId)).toEqual(
      all.slice(0, 3).map((c) => c.externalId),
    );
    expect([p1.body.total, p1.body.matching]).toEqual([all.length, all.length]);
    const p2 = await call(customersRoute.GET, { url: `/api/v1/customers?limit=3&cursor=${p1.body.nextCursor}`, key });
    expect(p2.body.items.map((c: { externalId: string }) => c.externalId)).toEqual(
      all.slice(3, 6).map((c) => c.externalId),
    );

    const needle = all[0].externalId.slice(0, -1); // e.g. "AC0000": the first nine ids share it
    const expected = all.filter((c) => c.externalId.includes(needle)).length;
    const found = await call(customersRoute.GET, { url: `/api/v1/customers?limit=50&q=${needle}`, key });
    expect([found.body.total, found.body.matching, found.body.items.length]).toEqual([all.length, expected, expected]);
    const none = await call(customersRoute.GET, { url: '/api/v1/customers?limit=50&q=zz-no-such', key });
    expect([none.body.matching, none.body.items]).toEqual([0, []]);
  });
});
