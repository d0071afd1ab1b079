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
      await expect(page.getByTestId('members-table').locator('tbody tr')).toHaveCount(3);
      await page.getByLabel('Name').fill('e2e storefront');
      await page.getByLabel('Role').selectOption('ANALYST');
      await page.getByRole('button', { name: 'Create key' }).click();
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
  });
});
