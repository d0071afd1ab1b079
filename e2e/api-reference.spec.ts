import { expect, storageStateOf, test } from './fixtures';

test.describe('API reference', () => {
  test.use({ storageState: storageStateOf('analyst') });
  test('an analyst reads the offers operation: permission, body fields, example; the JSON document is public', async ({
    page,
    request,
  }) => {
    await page.goto('/');
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'API reference' }).click();
    await expect(page.getByRole('heading', { name: 'API reference' })).toBeVisible();
    const offers = page.getByTestId('op-postOffers');
    await offers.locator('summary').click();
    await expect(offers).toContainText('Permission serving.score');
    await expect(page.getByTestId('body-postOffers')).toContainText('customerId');
    await expect(offers).toContainText('"decisionId"');
    await expect(offers).toContainText('Idempotency-Key');
    await page.screenshot({ path: 'test-results/api-reference.png' });

    const doc = await request.get('/api/v1/openapi.json', { headers: { cookie: '' } });
    expect(doc.status()).toBe(200);
    const json = await doc.json();
    expect(json.openapi).toBe('3.1.0');
    expect(json.paths['/api/v1/offers'].post['x-permission']).toBe('serving.score');
  });
});
