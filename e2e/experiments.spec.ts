import { expect, storageStateOf, test } from './fixtures';

test.describe('experiments', () => {
  test.use({ storageState: storageStateOf('analyst') });

  test('the seeded demo experiment shows per-variant numbers, the SRM check, charts and a verdict', async ({
    page,
  }) => {
    await page.goto('/experiments');
    await page.getByRole('link', { name: 'Demo: 10% off vs no discount' }).click();
    await expect(page.getByTestId('experiment-title')).toContainText('Demo: 10% off vs no discount');
    const rows = page.getByTestId('variants-table').locator('tbody tr');
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(0)).toContainText('Control (control)');
    const api = await (
      await page.request.get(page.url().replace('/experiments/', '/api/v1/experiments/') + '/results')
    ).json();
    const total = api.variants.reduce((s: number, v: { users: number }) => s + v.users, 0);
    expect(total).toBe(300);
    await expect(page.getByTestId('verdict')).toHaveText(api.verdict);
    // the page leads with profit: the first thing after the title is the profit verdict, not conversion
    await expect(page.getByTestId('experiment-title')).toContainText('stopped');
    await expect(page.getByTestId('profit-verdict')).toContainText(api.profitVerdicts[0].headline);
    await expect(page.getByTestId('srm-line')).toContainText(api.srm.mismatch ? 'MISMATCH' : 'split as intended');
    await expect(page.getByTestId('chart-cumulative')).toBeVisible();
    await expect(page.getByTestId('chart-cumulative')).toContainText('conversion rate');
    await expect(page.getByTestId('guardrails-table').locator('tbody tr')).toHaveCount(2);
    await page.getByLabel(/Always-valid/).check();
    await expect(page.getByTestId('comparisons-table')).toContainText('p-value (always valid)');
    // the Bayesian toggle: GrowthBook's Gaussian chance to win and credible interval, the API's numbers
    await page.getByLabel(/Bayesian — chance to win/).check();
    await expect(page.getByTestId('bayes-note')).toBeVisible();
    const table = page.getByTestId('comparisons-table');
    await expect(table).toContainText('95% credible interval');
    await expect(table).not.toContainText('p-value');
    const bayes = await (
      await page.request.get(
        `${page.url().replace('/experiments/', '/api/v1/experiments/')}/results?method=bayesian&sequential=false&cuped=false&mdePct=5`,
      )
    ).json();
    const c = bayes.metrics.conversion.comparisons[0];
    // profit leads the comparisons, in the organisation's currency; conversion follows
    await expect(table.locator('tbody tr').first().locator('td').first()).toHaveText('Profit per user');
    await expect(rows.nth(0).locator('td').nth(3)).toContainText('£');
    const conversionRow = table.locator('tbody tr').filter({ hasText: 'Conversion rate' });
    await expect(conversionRow.locator('td').nth(4)).toHaveText(`${(c.chanceToWin * 100).toFixed(1)}%`);
    await expect(conversionRow.locator('td').nth(6)).toHaveText(`${(c.betaChanceToWin * 100).toFixed(1)}%`);
    await page.getByLabel(/Frequentist — p-values/).check();
    await expect(table).toContainText('Adjusted p');
  });

  test('an analyst drafts, a manager submits in a campaign, an admin approves and starts', async ({
    page,
    browser,
    as,
  }) => {
    // a campaign whose active policy caps discounts at 20 %: manager drafts and submits, admin approves and rolls out
    const manager = await as('manager');
    const admin = await as('admin');
    const campaign = await (await manager.post('/api/v1/campaigns', { data: { name: 'E2E bounded campaign' } })).json();
    const version = await (
      await manager.post('/api/v1/policies', {
        data: { campaignId: campaign.id, name: 'Cap', rules: { mode: 'fixed', discountPct: 5, maxDiscountPct: 20 } },
      })
    ).json();
    const act = (ctx: typeof admin, action: string) =>
      ctx.post(`/api/v1/policies/versions/${version.id}/actions`, { data: { action, comment: 'ok' } });
    expect((await act(manager, 'submit')).status()).toBe(200);
    expect((await act(admin, 'approve')).status()).toBe(200);
    expect((await act(admin, 'activate')).status()).toBe(200);

    await page.goto('/experiments');
    await page.getByLabel('Key').fill('e2e-five-off');
    await page.getByLabel('Name', { exact: true }).fill('E2E five off');
    await page.getByLabel('Variant 1 name').fill('5% off');
    await page.getByLabel('Discount %').nth(1).fill('5');
    await page.getByRole('button', { name: 'Create experiment' }).click();
    const row = page.getByTestId('experiments-table').locator('tr', { hasText: 'E2E five off' });
    await expect(row).toContainText('draft');
    await expect(row).toContainText('a manager submits it for approval');
    await expect(row.getByRole('button', { name: /Start|Approve/ })).toHaveCount(0);

    for (const [who, act] of [
      ['manager', 'submit'],
      ['admin', 'approve'],
    ] as const) {
      const ctx = await browser.newContext({ storageState: storageStateOf(who) });
      const p = await ctx.newPage();
      await p.goto('/experiments');
      const r = p.getByTestId('experiments-table').locator('tr', { hasText: 'E2E five off' });
      if (act === 'submit') {
        await r.getByLabel('Campaign').selectOption({ label: 'E2E bounded campaign' });
        await r.getByRole('button', { name: 'Submit for approval' }).click();
        await expect(r).toContainText("Awaiting an admin's approval");
      } else {
        await r.getByRole('button', { name: 'Approve and start' }).click();
        await expect(r).toContainText('running');
      }
      await ctx.close();
    }
  });
});
