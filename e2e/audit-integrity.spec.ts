import { expect, storageStateOf, test } from './fixtures';

/** Issue 12 item 14: admins see whether the audit log's hash chain verifies; other roles do not get the check. */
test.describe('audit log integrity', () => {
  test.describe('as admin', () => {
    test.use({ storageState: storageStateOf('admin') });
    test('the Policies page says the audit log is intact', async ({ page }) => {
      await page.goto('/policies');
      const check = page.getByTestId('audit-integrity');
      await expect(check).toContainText('Audit log intact ✓');
      await expect(check).toContainText(/all \d+ audit rows of this organisation verify/);
      await check.scrollIntoViewIfNeeded();
      await page.screenshot({ path: test.info().outputPath('audit-intact.png'), fullPage: false });
    });
  });

  test.describe('as manager', () => {
    test.use({ storageState: storageStateOf('manager') });
    test('the audit log shows without the check, and the check API answers 403', async ({ page }) => {
      await page.goto('/policies');
      await expect(page.getByTestId('audit-table')).toBeVisible();
      await expect(page.getByTestId('audit-integrity')).toHaveCount(0);
      const res = await page.request.get('/api/v1/audit/verify');
      expect(res.status()).toBe(403);
      expect((await res.json()).error.code).toBe('forbidden');
    });
  });
});
