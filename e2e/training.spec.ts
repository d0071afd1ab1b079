import { expect, storageStateOf, test } from './fixtures';

test.describe('analyst trains a model in the browser', () => {
  test.describe.configure({ mode: 'serial' });
  test.use({ storageState: storageStateOf('analyst') });

  test('launches a small job, watches it finish, opens and compares the models', async ({ page }) => {
    test.setTimeout(180_000);
    await page.goto('/models');
    await page.getByLabel('Model name').fill('e2e-response');
    await page.getByLabel('Grid for logistic-regression').fill('{"l2":[1]}');
    await page.getByRole('checkbox', { name: /Neural network/ }).check();
    await page.getByLabel('Grid for mlp').fill('{"hidden":[[4]],"learningRate":[0.01]}');
    await page.getByLabel('CV folds').fill('2');
    await page.getByRole('button', { name: 'Start training' }).click();
    await expect(page).toHaveURL(/\/jobs\/[a-z0-9]+$/);
    await expect(page.getByTestId('job-models')).toBeVisible({ timeout: 150_000 });
    await expect(page.getByTestId('status-badge').first()).toHaveText('succeeded');
    await expect(page.getByTestId('job-log')).toContainText('logistic-regression {"l2":1} fold 2/2: AUC');
    await expect(page.getByTestId('job-models').getByRole('link')).toHaveText([
      'e2e-response v1 (logistic-regression)',
      'e2e-response v2 (mlp)',
    ]);

    await page.getByTestId('job-models').getByRole('link').first().click();
    await expect(page.getByTestId('model-title')).toHaveText('e2e-response v1');
    await expect(page.getByTestId('chart-roc')).toBeVisible();
    await expect(page.getByTestId('chart-lift')).toBeVisible();
    const auc = Number(
      await page
        .getByTestId('metrics-table')
        .locator('tr', { hasText: 'AUC (holdout)' })
        .locator('td')
        .nth(1)
        .textContent(),
    );
    expect(auc).toBeGreaterThan(0.5);
    expect(auc).toBeLessThanOrEqual(1);
    await page.getByRole('button', { name: 'Mark as serving candidate' }).click();
    await expect(page.getByTestId('candidate-badge')).toBeVisible();

    await page.goto('/models');
    await page.getByRole('checkbox', { name: 'Compare e2e-response v1' }).check();
    await page.getByRole('checkbox', { name: 'Compare e2e-response v2' }).check();
    await expect(page.getByTestId('compare-panel').getByTestId('metrics-table').locator('th')).toHaveText([
      'Metric',
      'e2e-response v2 · mlp',
      'e2e-response v1 · logistic-regression',
    ]);
  });

  test('explains the trained model: importance, a customer, and a what-if re-scored by the served model', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await page.goto('/models');
    await page.getByRole('link', { name: 'e2e-response v1' }).click();
    await expect(page.getByRole('link', { name: 'Download ONNX' })).toBeVisible();
    await page.getByRole('main').getByRole('link', { name: 'Explain' }).click();
    await expect(page.getByTestId('explain-summary')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('chart-permutation')).toBeVisible();
    await expect(page.getByTestId('chart-coefficients')).toBeVisible();
    await page.getByLabel('Customer id').fill('C000001');
    await page.getByRole('button', { name: 'Explain', exact: true }).click();
    const score = (await page.getByTestId('customer-score').textContent())!;
    expect(score).toMatch(/^\d+\.\d\d%$/);
    await expect(page.getByTestId('chart-waterfall')).toBeVisible();
    // a category is picked by name (the model's input is its code)
    const country = page.getByRole('combobox', { name: 'country' });
    await expect(country.locator('option').first()).toHaveText('unknown');
    expect(await country.locator('option').count()).toBeGreaterThan(1);
    await page.getByRole('spinbutton', { name: 'discount_pct' }).fill('20');
    await page.getByRole('button', { name: 'Re-score' }).click();
    await expect(page.getByTestId('whatif-score')).toHaveText(/^\d+\.\d\d%$/);
    expect(await page.getByTestId('whatif-score').textContent()).not.toBe(score);
  });

  test('a manager sees models but cannot launch training', async ({ browser }) => {
    const ctx = await browser.newContext({ storageState: storageStateOf('manager') });
    const page = await ctx.newPage();
    await page.goto('/models');
    await expect(page.getByRole('heading', { name: 'Models', exact: true })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Start training' })).toHaveCount(0);
    const res = await page.request.post('/api/v1/jobs', { data: { algorithms: [{ name: 'mlp' }] } });
    expect(res.status()).toBe(403);
    await ctx.close();
  });
});
