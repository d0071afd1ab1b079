import { expect, storageStateOf, test } from './fixtures';

test.describe('policy journey: manager drafts → admin approves and rolls out → offers follow', () => {
  test('drafts, approves, rolls out; the offers API returns the new discount; the audit log records it', async ({
    browser,
  }) => {
    const manager = await (await browser.newContext({ storageState: storageStateOf('manager') })).newPage();
    await manager.goto('/policies');
    await manager.getByLabel('New campaign').fill('E2E campaign');
    await manager.getByRole('button', { name: 'Create campaign' }).click();
    await expect(manager.getByLabel('Campaign', { exact: true })).toHaveValue(/.+/);
    await manager.getByLabel('Policy name').fill('Ten off');
    await manager.getByLabel('Discount %', { exact: true }).fill('10');
    await manager.getByRole('button', { name: 'Save draft' }).click();
    const card = manager.getByTestId('campaign-E2E campaign');
    await expect(card).toContainText('draft');
    await card.getByRole('button', { name: 'Evaluate offline' }).click();
    await expect(manager.getByTestId('evaluation-table')).toContainText('Conversion rate');
    await expect(manager.getByTestId('policy-evaluation')).toContainText('10% to 100%');
    await card.getByRole('button', { name: 'Submit for approval' }).click();
    await expect(card).toContainText('submitted');
    await expect(card.getByRole('button', { name: 'Approve' })).toHaveCount(0); // managers cannot approve

    const admin = await (await browser.newContext({ storageState: storageStateOf('admin') })).newPage();
    // experiments decide before policies: stop the running ones so the policy is what answers
    const experiments = await (await admin.request.get('/api/v1/experiments')).json();
    for (const e of experiments.items.filter((x: { status: string }) => x.status === 'RUNNING')) {
      expect((await admin.request.post(`/api/v1/experiments/${e.id}/stop`)).status()).toBe(200);
    }
    await admin.goto('/policies');
    const adminCard = admin.getByTestId('campaign-E2E campaign');
    await adminCard.getByLabel('Comment on v1').fill('looks right');
    await adminCard.getByRole('button', { name: 'Approve' }).click();
    await expect(adminCard).toContainText('approved');
    await adminCard.getByLabel('Rollout % for v1').fill('100');
    await adminCard.getByRole('button', { name: 'Roll out' }).click();
    await expect(adminCard).toContainText('active');

    const campaigns = await (await admin.request.get('/api/v1/campaigns')).json();
    const campaignId = campaigns.items.find((c: { name: string }) => c.name === 'E2E campaign').id;
    const offer = await admin.request.post('/api/v1/offers', { data: { customerId: 'AC00005', campaignId } });
    expect(offer.status()).toBe(200);
    const body = await offer.json();
    expect([body.discountPct, body.reason]).toEqual([10, 'policy version 1: fixed discount']);
    expect(body.decisionId).toMatch(/^[0-9a-f-]{36}$/);
    await admin.reload();
    await expect(adminCard.getByTestId('decision-count')).toHaveText('1');
    await expect(admin.getByTestId('audit-table')).toContainText('policy.activate');
    await expect(admin.getByTestId('audit-table')).toContainText('manager@acme.test');
  });
});
