import { expect, test } from '../fixtures';

test.describe('tenant isolation over real HTTP', () => {
  test('an unauthenticated call gets 401 with the error body', async ({ request }) => {
    const res = await request.get('/api/v1/customers');
    expect(res.status()).toBe(401);
    expect((await res.json()).error.code).toBe('unauthenticated');
  });

  test('each organisation lists only its own customers', async ({ as }) => {
    const acme = await (await as('admin')).get('/api/v1/customers?limit=500');
    const globex = await (await as('globexAdmin')).get('/api/v1/customers?limit=500');
    const a = await acme.json();
    const g = await globex.json();
    // Globex has its 12 seeded customers (plus the real export another spec may have imported there); Acme its 40
    // plus whatever other specs uploaded: neither ever lists the other's seeded customers
    expect(g.total).toBeGreaterThanOrEqual(12);
    expect(a.total).toBeGreaterThanOrEqual(40);
    expect(g.items.some((c: { externalId: string }) => c.externalId.startsWith('AC'))).toBe(false);
    expect(a.items.some((c: { externalId: string }) => c.externalId.startsWith('GL'))).toBe(false);
    const globexSeeded = await (await as('globexAdmin')).get('/api/v1/customers?limit=50&q=GL');
    expect((await globexSeeded.json()).matching).toBe(12);
    const acmeIds = new Set(a.items.map((c: { id: string }) => c.id));
    expect(g.items.some((c: { id: string }) => acmeIds.has(c.id))).toBe(false);
  });

  test('a user of Globex cannot read an Acme customer: 404, not the row', async ({ as }) => {
    const acme = await as('admin');
    const list = await (await acme.get('/api/v1/customers?limit=1')).json();
    const acmeCustomerId = list.items[0].id as string;
    expect((await acme.get(`/api/v1/customers/${acmeCustomerId}`)).status()).toBe(200);

    const globex = await as('globexAdmin');
    for (const id of [acmeCustomerId, 'AC00001']) {
      const res = await globex.get(`/api/v1/customers/${id}`);
      expect(res.status()).toBe(404);
      expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'Customer not found' } });
    }
  });

  test('bad input is a 400 with zod issues', async ({ as }) => {
    const res = await (await as('admin')).get('/api/v1/customers?limit=100000');
    expect(res.status()).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.issues[0].path).toEqual(['limit']);
  });

  test('a manager calling an admin-only API gets 403 JSON', async ({ as }) => {
    const res = await (await as('manager')).post('/api/v1/api-keys', { data: { name: 'x' } });
    expect(res.status()).toBe(403);
    expect((await res.json()).error).toEqual({
      code: 'forbidden',
      message: 'Your role (MANAGER) does not have the permission "settings.manage"',
    });
  });

  test('health reports the database', async ({ request }) => {
    const res = await request.get('/api/health');
    expect(res.status()).toBe(200);
    expect((await res.json()).database.ok).toBe(true);
  });
});
