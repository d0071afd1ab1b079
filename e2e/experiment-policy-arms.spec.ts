import type { Page } from '@playwright/test';
import { expect, storageStateOf, test } from './fixtures';

/**
 * A manager builds "v2 vs current policy vs no discount" in a campaign with pickers (no id typed), submits it; an
 * admin approves and starts it; the Policies page says the experiment takes the campaign's traffic, arm by arm; the
 * offers API decides each arm by its policy. The experiment is stopped at the end so later specs' offers are theirs.
 */
async function pick(page: Page, combobox: string, option: string | RegExp) {
  // the form's Radix pickers are buttons; the experiments table below has native selects with the same labels
  await page.getByRole('combobox', { name: combobox }).and(page.locator('button')).click();
  await page.getByRole('option', { name: option }).click();
}

test.describe('experiment with policy-version arms', () => {
  test.use({ storageState: storageStateOf('manager') });

  test('a manager creates v2 vs current policy vs no discount with pickers; an admin starts it; offers follow the arms', async ({
    page,
    browser,
    as,
  }) => {
    const manager = await as('manager');
    const admin = await as('admin');
    const campaign = await (await manager.post('/api/v1/campaigns', { data: { name: 'E2E arms campaign' } })).json();
    const draft = async (discountPct: number, policyId?: string) =>
      (
        await manager.post('/api/v1/policies', {
          data: {
            campaignId: campaign.id,
            name: 'E2E arms policy',
            ...(policyId ? { policyId } : {}),
            rules: { mode: 'fixed', discountPct, maxDiscountPct: 20 },
          },
        })
      ).json();
    const act = (ctx: typeof admin, id: string, action: string) =>
      ctx.post(`/api/v1/policies/versions/${id}/actions`, { data: { action, comment: 'ok' } });
    const v1 = await draft(5);
    expect((await act(manager, v1.id, 'submit')).status()).toBe(200);
    expect((await act(admin, v1.id, 'approve')).status()).toBe(200);
    expect((await act(admin, v1.id, 'activate')).status()).toBe(200);
    const v2 = await draft(10, v1.policyId);
    expect((await act(manager, v2.id, 'submit')).status()).toBe(200);
    expect((await act(admin, v2.id, 'approve')).status()).toBe(200);

    // ——— the manager builds the experiment with pickers ———
    await page.goto('/experiments');
    await page.getByLabel('Key').fill('e2e-policy-arms');
    await page.getByLabel('Name', { exact: true }).fill('E2E v2 vs current policy vs no discount');
    await pick(page, 'Campaign', 'E2E arms campaign');
    await page.getByLabel('Control name').fill('No discount');
    await pick(page, 'Arm 1 decided by', 'No discount');
    await page.getByLabel('Variant 1 name').fill('v2');
    await pick(page, 'Arm 2 decided by', 'A policy version');
    await pick(page, 'Arm 2 policy version', /E2E arms policy v2/);
    await page.getByRole('button', { name: 'Add variant' }).click();
    await page.getByLabel('Variant 2 name').fill('Current policy');
    await pick(page, 'Arm 3 decided by', 'The current policy');
    await expect(
      page.getByText('Now E2E arms policy v1; whichever version is active when the offer is made.'),
    ).toBeVisible();
    await page.getByRole('button', { name: 'Create experiment' }).click();
    const row = page.getByTestId('experiments-table').locator('tr', { hasText: 'E2E v2 vs current policy' });
    await expect(row).toContainText('draft');

    const list = await (await manager.get('/api/v1/experiments')).json();
    const e = list.items.find((x: { key: string }) => x.key === 'e2e-policy-arms');
    expect(e.campaignId).toBe(campaign.id);
    expect(
      e.variants.map((v: { name: string; kind: string; policyVersionId: string | null }) => [
        v.name,
        v.kind,
        v.policyVersionId,
      ]),
    ).toEqual([
      ['No discount', 'none', null],
      ['Current policy', 'current-policy', null],
      ['v2', 'policy-version', v2.id],
    ]);

    // ——— the manager submits (the campaign is already chosen), an admin approves and starts ———
    await row.getByRole('button', { name: 'Submit for approval' }).click();
    await expect(row).toContainText("Awaiting an admin's approval");
    const adminContext = await browser.newContext({ storageState: storageStateOf('admin') });
    const adminPage = await adminContext.newPage();
    await adminPage.goto('/experiments');
    const adminRow = adminPage.getByTestId('experiments-table').locator('tr', { hasText: 'E2E v2 vs current policy' });
    await adminRow.getByRole('button', { name: 'Approve and start' }).click();
    await expect(adminRow).toContainText('running');

    // ——— the Policies page says who decides for this campaign's customers ———
    await adminPage.goto('/policies');
    const note = adminPage.getByTestId('campaign-E2E arms campaign').getByTestId('traffic-note');
    await expect(note).toContainText(
      "takes 100% of this campaign's traffic until it is stopped — No discount (no discount) 33.3%, Current policy (the current policy) 33.3%, v2 (E2E arms policy v2) 33.3%",
    );
    await adminPage.screenshot({ path: 'test-results/policy-arms-policies-page.png', fullPage: true });
    await adminContext.close();

    // ——— offers follow the arms: v2 → 10 %, current policy → v1's 5 %, no discount → 0 % ———
    const expected: Record<string, [number, string | null]> = {
      v2: [10, v2.id],
      'Current policy': [5, v1.id],
      'No discount': [0, null],
    };
    const seen = new Set<string>();
    for (let i = 1; i <= 30; i++) {
      const customerId = `AC${String(i).padStart(5, '0')}`;
      const o = await (await manager.post('/api/v1/offers', { data: { customerId, campaignId: campaign.id } })).json();
      expect([o.discountPct, o.policyVersionId]).toEqual(expected[o.experiment.variant]);
      seen.add(o.experiment.variant);
    }
    expect(seen.size).toBe(3);
    expect((await admin.post(`/api/v1/experiments/${e.id}/stop`)).status()).toBe(200);
  });
});
