import { DEMO_PASSWORD, expect, storageStateOf, test, USERS } from './fixtures';

test.describe('sign in and sign out', () => {
  test('an anonymous visitor is sent to /login', async ({ page }) => {
    await page.goto('/data');
    await expect(page).toHaveURL(/\/login/);
    await expect(page.getByRole('heading', { name: 'OfferPilot' })).toBeVisible();
  });

  test('a wrong password is refused with a message', async ({ page }) => {
    await page.goto('/login');
    await page.getByLabel('Email').fill(USERS.admin.email);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').filter({ hasText: /password/ })).toHaveText('Email or password is not right.');
    await expect(page).toHaveURL(/\/login/);
  });

  test('sign in, see the shell with every section, sign out', async ({ page }) => {
    await page.goto('/login');
    await page.getByLabel('Email').fill(USERS.analyst.email);
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('org-name')).toHaveText('Acme Outfitters');
    const nav = page.getByRole('navigation', { name: 'Sections' });
    await expect(nav.getByRole('link')).toHaveText([
      'Overview',
      'Data',
      'Segments',
      'Models',
      'Jobs',
      'Explain',
      'Policies',
      'Experiments',
      'API reference',
    ]);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login/);
    await page.goto('/');
    await expect(page).toHaveURL(/\/login/);
  });
});

for (const key of ['admin', 'manager', 'analyst'] as const) {
  test.describe(`as ${key}`, () => {
    test.use({ storageState: storageStateOf(key) });
    test('sees the overview of their own organisation with its role', async ({ page }) => {
      const total = String((await (await page.request.get('/api/v1/customers?limit=1')).json()).total);
      await page.goto('/');
      await expect(page.getByTestId('user-email')).toHaveText(USERS[key].email);
      await expect(page.getByTestId('user-role')).toHaveText(USERS[key].role);
      await expect(page.getByTestId('stat-customers')).toHaveText(total);
      await page.getByRole('link', { name: 'Data' }).click();
      await expect(page.getByTestId('customer-total')).toHaveText(total);
      await expect(page.getByTestId('customers-table').locator('tbody tr').first()).toContainText('AC00001');
    });
  });
}
