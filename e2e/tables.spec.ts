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

  test('models sort by holdout AUC and filter by algorithm; jobs search by name', async ({ page, as }) => {
    test.setTimeout(150_000);
    // a job of this spec's own (two versions), so the tables have rows whichever spec ran first
    const api = await as('analyst');
    const job = await (
      await api.post('/api/v1/jobs', {
        data: {
          name: 'tables-spec',
          folds: 2,
          algorithms: [
            { name: 'logistic-regression', grid: { l2: [1] } },
            { name: 'decision-tree', grid: { maxDepth: [3] } },
          ],
        },
      })
    ).json();
    await expect
      .poll(async () => (await (await api.get(`/api/v1/jobs/${job.id}`)).json()).status, { timeout: 120_000 })
      .toBe('SUCCEEDED');

    await page.goto('/jobs');
    await page.getByLabel('Search jobs by name').fill('tables-spec');
    await expect(page.getByTestId('jobs-table').locator('tbody tr')).toHaveCount(1);
    await page.getByLabel('Search jobs by name').fill('zz-nothing');
    await expect(page.getByTestId('jobs-table')).toContainText('No job’s name contains “zz-nothing”.');

    await page.goto('/models');
    const table = page.getByTestId('models-table');
    await expect(table.locator('tbody tr').first()).toBeVisible();
    await table.getByRole('button', { name: 'Holdout AUC' }).click();
    await expect(table.getByRole('columnheader', { name: 'Holdout AUC' })).toHaveAttribute('aria-sort', 'descending');
    // the previous order stays on screen while the sorted page loads: wait for it
    const aucs = async () => (await table.locator('tbody tr td:nth-child(4)').allTextContents()).map(Number);
    await expect.poll(async () => (await aucs()).length).toBeGreaterThan(1);
    await expect
      .poll(async () => {
        const a = await aucs();
        return a.every((v, i) => i === 0 || a[i - 1] >= v);
      })
      .toBe(true);
    await page.getByLabel('Search models by name or algorithm').fill('decision-tree');
    // the previous page stays on screen while the search loads: wait until every row is a decision tree
    await expect
      .poll(async () => [...new Set(await table.locator('tbody tr td:nth-child(3)').allTextContents())])
      .toEqual(['decision-tree']);
    await page.getByLabel('Search models by name or algorithm').fill('no-such-model');
    await expect(table).toContainText('No model’s name or algorithm contains “no-such-model”.');
  });
});
