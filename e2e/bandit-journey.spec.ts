import type { APIRequestContext } from '@playwright/test';
import { createDemoGenerator } from '../lib/data/demo-generator';
import { trueConversionProbability } from '../lib/data/demo-model';
import { Rng } from '../lib/ml/rng';
import { expect, storageStateOf, test } from './fixtures';

/**
 * Issue 16 item 2, as users do it: a manager creates a bandit in the creation form (type, arms, decision metric,
 * schedule, burn-in, floor) and submits it in a campaign; an admin approves, which starts it; offers traffic from the
 * demo generator's known response goes through POST /api/v1/offers in two rounds, each followed by the admin's
 * "Reallocate now" on the results page, which then shows each arm's posterior, probability of being best, expected
 * loss, the IPS estimates and the allocation over time — the same numbers as the API. The bandit is stopped at the
 * end so later journeys' offers are not decided by it.
 */
const NAME = 'E2E bandit 0/10/20';
const MARGIN = 0.4;

async function traffic(api: APIRequestContext, customers: { customerExternalId: string }[], rng: Rng) {
  const truth = new Map(
    createDemoGenerator({ customers: 300 })
      .groundTruth()
      .map((t) => [t.customerExternalId, t]),
  );
  const res = await api.post('/api/v1/offers', {
    data: { customers: customers.map((c) => ({ customerId: c.customerExternalId })) },
  });
  expect(res.status()).toBe(200);
  const { decisions } = (await res.json()) as {
    decisions: { customerId: string; decisionId: string; discountPct: number; experiment: { key: string } | null }[];
  };
  const events = [];
  for (const d of decisions) {
    expect(d.experiment?.key).toBe('e2e-bandit');
    const t = truth.get(d.customerId)!;
    if (rng.next() < trueConversionProbability(t, d.discountPct))
      events.push({
        customerId: d.customerId,
        type: 'purchase',
        price: Math.round(t.baselineOrderValue * (1 - d.discountPct / 100) * 100) / 100,
        quantity: 1,
        decisionId: d.decisionId,
      });
  }
  if (events.length) expect((await api.post('/api/v1/events', { data: { events } })).status()).toBe(202);
  return decisions;
}

test.describe('bandit journey', () => {
  test.use({ storageState: storageStateOf('manager') });

  test('a manager creates a bandit, an admin approves and reallocates, the results page reads it', async ({
    page,
    browser,
    as,
  }) => {
    test.setTimeout(180_000);
    const manager = await as('manager');
    const admin = await as('admin');
    // a campaign whose active policy caps discounts at 20 %
    const campaign = await (await manager.post('/api/v1/campaigns', { data: { name: 'E2E bandit campaign' } })).json();
    const version = await (
      await manager.post('/api/v1/policies', {
        data: {
          campaignId: campaign.id,
          name: 'Bandit cap',
          rules: { mode: 'fixed', discountPct: 0, maxDiscountPct: 20 },
        },
      })
    ).json();
    const act = (ctx: APIRequestContext, action: string) =>
      ctx.post(`/api/v1/policies/versions/${version.id}/actions`, { data: { action, comment: 'ok' } });
    expect((await act(manager, 'submit')).status()).toBe(200);
    expect((await act(admin, 'approve')).status()).toBe(200);
    expect((await act(admin, 'activate')).status()).toBe(200);

    // ——— the manager fills the creation form ———
    await page.goto('/experiments');
    await page.getByLabel(/Bandit — traffic moves/).check();
    await page.getByLabel('Key').fill('e2e-bandit');
    await page.getByLabel('Name', { exact: true }).fill(NAME);
    await page.getByLabel('Decide on').selectOption('profit');
    await page.getByLabel('Reallocate').selectOption('hourly');
    await page.getByLabel('Burn-in (customers per arm)').fill('30');
    await page.getByLabel('Floor per arm %').fill('5');
    await expect(page.getByTestId('bandit-settings-form')).toContainText('until it has 30 customers');
    await page.getByLabel('Arm 1 name').fill('0% off');
    await page.getByLabel('Discount %').nth(0).fill('0');
    await page.getByLabel('Arm 2 name').fill('10% off');
    await page.getByLabel('Discount %').nth(1).fill('10');
    await page.getByRole('button', { name: 'Add arm' }).click();
    await page.getByLabel('Arm 3 name').fill('20% off');
    await page.getByLabel('Discount %').nth(2).fill('20');
    await page.getByRole('button', { name: 'Create bandit' }).click();
    const row = page.getByTestId('experiments-table').locator('tr', { hasText: NAME });
    await expect(row).toContainText('draft');
    await expect(row).toContainText('bandit');
    await expect(row).toContainText('0% off (0%, 33.3% of traffic)');
    await row.getByLabel('Campaign').selectOption({ label: 'E2E bandit campaign' });
    await row.getByRole('button', { name: 'Submit for approval' }).click();
    await expect(row).toContainText("Awaiting an admin's approval");

    // ——— the admin approves (starts) it, then traffic and reallocation, twice ———
    const ctx = await browser.newContext({ storageState: storageStateOf('admin') });
    const p = await ctx.newPage();
    await p.goto('/experiments');
    const adminRow = p.getByTestId('experiments-table').locator('tr', { hasText: NAME });
    await adminRow.getByRole('button', { name: 'Approve and start' }).click();
    await expect(adminRow).toContainText('running');
    const created = (
      (await (await admin.get('/api/v1/experiments')).json()).items as { id: string; key: string }[]
    ).find((e) => e.key === 'e2e-bandit')!;

    const customers = createDemoGenerator({ customers: 300 }).groundTruth();
    const rng = new Rng(1616);
    await adminRow.getByRole('link', { name: NAME }).click();
    await expect(p.getByTestId('experiment-title')).toContainText(NAME);
    await expect(p.getByTestId('bandit-headline')).toContainText('No customers yet');
    for (const [round, slice] of [customers.slice(0, 150), customers.slice(150)].entries()) {
      await traffic(admin, slice, rng);
      await p.getByRole('button', { name: 'Reallocate now' }).click();
      await expect(p.getByTestId('chart-bandit-allocation')).toBeVisible();
      await expect
        .poll(
          async () => (await (await admin.get(`/api/v1/experiments/${created.id}/bandit`)).json()).allocations.length,
        )
        .toBe(round + 2);
    }

    // ——— the page shows the API's numbers ———
    const api = await (await admin.get(`/api/v1/experiments/${created.id}/bandit`)).json();
    expect(api.customers).toBe(300);
    expect(api.phase).toBe('thompson');
    expect(api.allocations.map((a: { trigger: string }) => a.trigger)).toEqual(['start', 'manual', 'manual']);
    const armRows = p.getByTestId('bandit-arms-table').locator('tbody tr');
    await expect(armRows).toHaveCount(3);
    const pct = (x: number) => `${(Math.round(x * 1000) / 10).toFixed(1)}%`;
    for (const [i, a] of (api.arms as { name: string; customers: number; probabilityBest: number }[]).entries()) {
      await expect(armRows.nth(i)).toContainText(a.name);
      await expect(armRows.nth(i).locator('td').nth(3)).toHaveText(String(a.customers));
      await expect(armRows.nth(i).locator('td').nth(7)).toHaveText(pct(a.probabilityBest));
    }
    await expect(p.getByTestId('bandit-headline')).toContainText(
      `${api.bestArm} is best so far on profit per customer`,
    );
    await expect(p.getByTestId('bandit-ips-table').locator('tbody tr')).toHaveCount(3);
    await expect(p.getByTestId('chart-bandit-posterior')).toBeVisible();
    // the allocation chart's table: one row per reallocation, shares of the three arms summing to 1
    const chart = p.getByTestId('chart-bandit-allocation');
    await chart.getByRole('button', { name: 'Table' }).click();
    await expect(chart.getByTestId('chart-table').locator('tbody tr')).toHaveCount(3);
    await chart.getByRole('button', { name: 'Chart' }).click();
    await p.screenshot({ path: test.info().outputPath('bandit-results.png'), fullPage: true });
    // the expected profit per customer of each arm under the known response, for the record
    const truthProfit = (d: number) =>
      customers.reduce((s, t) => s + trueConversionProbability(t, d) * t.baselineOrderValue * (MARGIN - d / 100), 0) /
      customers.length;
    test.info().annotations.push({
      type: 'truth',
      description: `true profit per customer 0/10/20 % off: ${[0, 10, 20].map((d) => truthProfit(d).toFixed(3)).join(' / ')}; best so far ${api.bestArm}`,
    });

    // stopped, so later journeys' offers are not decided by this bandit
    await p.goto('/experiments');
    await p
      .getByTestId('experiments-table')
      .locator('tr', { hasText: NAME })
      .getByRole('button', { name: 'Stop' })
      .click();
    await expect(p.getByTestId('experiments-table').locator('tr', { hasText: NAME })).toContainText('stopped');
    await ctx.close();
  });
});
