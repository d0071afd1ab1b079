import { expect, storageStateOf, test } from './fixtures';

test.describe('analyst segments customers', () => {
  test.use({ storageState: storageStateOf('analyst') });

  test('runs k-means in the browser, sees segments with charts, names one', async ({ page }) => {
    test.setTimeout(200_000);
    await page.goto('/segments');
    await page.getByLabel('k from').fill('2');
    await page.getByLabel('k to').fill('4');
    await page.getByRole('button', { name: 'Run segmentation' }).click();
    await expect(page).toHaveURL(/\/jobs\//);
    await expect(page.getByTestId('job-segments')).toBeVisible({ timeout: 90_000 });
    await page.getByRole('link', { name: 'open Segments' }).click();
    await expect(page.getByTestId('segmentation-summary')).toContainText('k-means, k = ');
    const rows = page.getByTestId('segments-table').locator('tbody tr');
    const k = Number((await page.getByTestId('segmentation-summary').textContent())!.match(/k = (\d+)/)![1]);
    await expect(rows).toHaveCount(k);
    await expect(page.getByTestId('chart-pca')).toBeVisible();
    await expect(page.getByTestId('chart-elbow')).toBeVisible();
    await expect(page.getByTestId('chart-response')).toBeVisible();
    await page.getByLabel('Name of Segment 1').fill('Loyal big spenders');
    await rows.first().getByRole('button', { name: 'Save' }).click();
    await expect(page.getByLabel('Name of Loyal big spenders')).toHaveValue('Loyal big spenders');

    // a second run over the same data finds the same clusters: the name comes along, the first run stays selectable
    await page.getByLabel('k from').fill('2');
    await page.getByLabel('k to').fill('4');
    await page.getByRole('button', { name: 'Run segmentation' }).click();
    await expect(page).toHaveURL(/\/jobs\//);
    await expect(page.getByTestId('job-segments')).toBeVisible({ timeout: 90_000 });
    await expect(page.getByTestId('job-log')).toContainText('"Loyal big spenders" carried over from the previous run');
    await page.getByRole('link', { name: 'open Segments' }).click();
    await expect(page.getByLabel('Name of Loyal big spenders')).toBeVisible();
    await page.getByRole('combobox', { name: 'Segmentation run' }).click();
    const options = page.getByRole('option');
    expect(await options.count()).toBeGreaterThanOrEqual(2);
    await expect(options.first()).toContainText('(latest)');
    await options.nth(1).click();
    await expect(page.getByTestId('segmentation-summary')).toContainText('Older run: k-means, k = ');
  });
});
