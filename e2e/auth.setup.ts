import { expect, test as setup } from '@playwright/test';
import { DEMO_PASSWORD, storageStateOf, USERS, type UserKey } from './fixtures';

for (const key of Object.keys(USERS) as UserKey[]) {
  setup(`sign in as ${key}`, async ({ page }) => {
    const u = USERS[key];
    await page.goto('/login');
    await page.getByLabel('Email').fill(u.email);
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('user-role')).toHaveText(u.role);
    await page.context().storageState({ path: storageStateOf(key) });
  });
}
