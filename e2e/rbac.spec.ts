import { expect, storageStateOf, test } from './fixtures';

test.describe('role checks', () => {
  test.describe('manager', () => {
    test.use({ storageState: storageStateOf('manager') });
    test('is refused the admin-only settings page and has no link to it', async ({ page }) => {
      await page.goto('/');
      await expect(
        page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Settings' }),
      ).toHaveCount(0);
      await page.goto('/settings');
      await expect(page).toHaveURL(/\/forbidden\?need=settings\.manage/);
      await expect(page.getByTestId('forbidden-message')).toContainText('settings.manage');
    });
  });

  test.describe('admin', () => {
    test.use({ storageState: storageStateOf('admin') });
    test('creates an API key in Settings, uses it, revokes it', async ({ page, playwright, baseURL }) => {
      await page.goto('/settings');
      // the seeded members are listed (other specs may have invited more)
      for (const email of ['admin@acme.test', 'manager@acme.test', 'analyst@acme.test'])
        await expect(page.getByTestId('members-table')).toContainText(email);
      const form = page.getByRole('form', { name: 'Create an API key' });
      await form.getByLabel('Name').fill('e2e storefront');
      await form.getByLabel('Role').selectOption('ANALYST');
      await form.getByRole('button', { name: 'Create key' }).click();
      const key = (await page.getByTestId('new-api-key').textContent())!.trim();
      expect(key).toMatch(/^op_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/);

      const api = await playwright.request.newContext({
        baseURL,
        extraHTTPHeaders: { Authorization: `Bearer ${key}` },
      });
      const me = await api.get('/api/v1/me');
      expect(me.status()).toBe(200);
      expect(await me.json()).toMatchObject({ organization: { name: 'Acme Outfitters' }, role: 'ANALYST' });
      // an analyst key may not manage keys
      const forbidden = await api.get('/api/v1/api-keys');
      expect(forbidden.status()).toBe(403);
      expect((await forbidden.json()).error.code).toBe('forbidden');

      const row = page.getByTestId('api-keys-table').locator('tbody tr', { hasText: 'e2e storefront' });
      await row.getByRole('button', { name: 'Revoke' }).click();
      await expect(row).toContainText('revoked');
      const after = await api.get('/api/v1/me');
      expect(after.status()).toBe(401);
      expect(await after.json()).toEqual({
        error: { code: 'unauthenticated', message: 'This API key has been revoked' },
      });
      await api.dispose();
    });

    test('creates a test (sandbox) key in Settings, sees its badge, and finds its offer in the sandbox log (API and page)', async ({
      page,
      playwright,
      baseURL,
    }) => {
      await page.goto('/settings');
      const form = page.getByRole('form', { name: 'Create an API key' });
      await form.getByLabel('Name').fill('e2e sandbox');
      await form.getByLabel('Mode').selectOption('TEST');
      await form.getByRole('button', { name: 'Create key' }).click();
      await expect(page.getByText('New test (sandbox) key')).toBeVisible();
      const key = (await page.getByTestId('new-api-key').textContent())!.trim();
      const row = page.getByTestId('api-keys-table').locator('tbody tr', { hasText: 'e2e sandbox' });
      await expect(row.getByTestId('key-sandbox')).toHaveText('test');

      const api = await playwright.request.newContext({
        baseURL,
        extraHTTPHeaders: { Authorization: `Bearer ${key}` },
      });
      const offer = await api.post('/api/v1/offers', { data: { customerId: 'AC00007' } });
      expect(offer.status()).toBe(200);
      const { decisionId } = await offer.json();
      const log = await api.get('/api/v1/sandbox/decisions?limit=5');
      expect(log.status()).toBe(200);
      const items = (await log.json()).items as { decisionId: string; customerId: string; apiKey: { name: string } }[];
      expect(items.find((i) => i.decisionId === decisionId)).toMatchObject({
        customerId: 'AC00007',
        apiKey: { name: 'e2e sandbox' },
      });
      // … and in the browser, under Settings → Sandbox log
      await page.reload();
      const logged = page.getByTestId('sandbox-log').locator('tbody tr', { hasText: 'AC00007' });
      await expect(logged.first()).toContainText('e2e sandbox');
      // a test key changes no live data: other writes are refused
      const write = await api.post('/api/v1/campaigns', { data: { name: 'from a test key', marginPct: 40 } });
      expect(write.status()).toBe(403);
      await row.getByRole('button', { name: 'Revoke' }).click();
      await expect(row).toContainText('revoked');
      await api.dispose();
    });
  });
});
