import { expect, storageStateOf, test } from './fixtures';

test.describe('analyst sorts, searches and pages tables on the server', () => {
  test.use({ storageState: storageStateOf('analyst') });

  test('customers sort by country both ways and page on', async ({ page, as }) => {
    const api = await as('analyst');
    const expected = async (dir: 'asc' | 'desc') =>
      (
        (await (await api.get(`/api/v1/customers?sort=country&dir=${dir}&limit=50`)).json()).items as {
          externalId: string;
        }[]
      ).map((c) => c.externalId);
    await page.goto('/data');
    const table = page.getByTestId('customers-table');
    await table.getByRole('button', { name: 'Country' }).click();
    await expect(table.getByRole('columnheader', { name: 'Country' })).toHaveAttribute('aria-sort', 'ascending');
    await expect(table.locator('tbody tr td:first-child')).toHaveText(await expected('asc'));
    await table.getByRole('button', { name: 'Country' }).click();
    await expect(table.getByRole('columnheader', { name: 'Country' })).toHaveAttribute('aria-sort', 'descending');
    await expect(table.locator('tbody tr td:first-child')).toHaveText(await expected('desc'));
    await page.getByTestId('customers-pager').getByRole('button', { name: 'Next' }).click();
    await expect(page.getByTestId('customers-pager')).toContainText('51–100 of');
  });

  test('models sort by holdout AUC and filter by algorithm; the served version is marked', async ({ page }) => {
    await page.goto('/models');
    const table = page.getByTestId('models-table');
    await expect(table.locator('tbody tr').first()).toBeVisible();
    await table.getByRole('button', { name: 'Holdout AUC' }).click();
    await expect(table.getByRole('columnheader', { name: 'Holdout AUC' })).toHaveAttribute('aria-sort', 'descending');
    const aucs = (await table.locator('tbody tr td:nth-child(4)').allTextContents()).map(Number);
    expect(aucs.length).toBeGreaterThan(0);
    expect(aucs).toEqual([...aucs].sort((a, b) => b - a));
    await table.getByRole('button', { name: 'Served' }).click();
    await expect(table.locator('tbody tr').first().getByText('served', { exact: true })).toBeVisible();
    await page.getByLabel('Search models by name or algorithm').fill('no-such-model');
    await expect(table).toContainText('No model’s name or algorithm contains “no-such-model”.');
  });

  test('jobs search by name says when nothing matches', async ({ page }) => {
    await page.goto('/jobs');
    await page.getByLabel('Search jobs by name').fill('zz-nothing');
    await expect(page.getByTestId('jobs-table')).toContainText('No job’s name contains “zz-nothing”.');
  });
});
