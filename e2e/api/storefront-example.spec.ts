import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from '../fixtures';

const run = promisify(execFile);

test.describe('storefront example with the typed client', () => {
  test('examples/storefront.ts asks for an offer, shows it and posts the purchase with its decision id', async ({
    as,
    apiKey,
    baseURL,
  }) => {
    const key = await apiKey('storefront example');

    const root = path.resolve(__dirname, '../..');
    const { stdout, stderr } = await run(
      path.join(root, 'node_modules/.bin/tsx'),
      [path.join(root, 'examples/storefront.ts'), 'AC00021'],
      { env: { ...process.env, OFFERPILOT_URL: baseURL, OFFERPILOT_API_KEY: key }, timeout: 60_000 },
    );
    const out = JSON.parse(stdout.trim());
    expect(out).toMatchObject({ customerId: 'AC00021', accepted: 1, customers: 1, conversionsAttributed: 1 });
    expect(out.decisionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(out.price).toBeCloseTo(40 * (1 - out.discountPct / 100), 6);
    expect(stderr).toContain(`[storefront] showing AC00021: ${out.banner}`);

    // the purchase is attributed: citing the same decision for another customer is refused
    const reuse = await (await as('admin')).post('/api/v1/events', {
      data: { events: [{ customerId: 'AC00022', type: 'purchase', price: 1, decisionId: out.decisionId }] },
    });
    expect(reuse.status()).toBe(422);
  });

  test('examples/email-campaign.ts decides a mailing list in one batch call, reporting unknown customers', async ({
    apiKey,
    baseURL,
  }) => {
    const key = await apiKey('mailing example');
    const recipients = Array.from({ length: 10 }, (_, i) => `AC000${String(i + 30).padStart(2, '0')}`);

    const root = path.resolve(__dirname, '../..');
    const { stdout } = await run(
      path.join(root, 'node_modules/.bin/tsx'),
      [path.join(root, 'examples/email-campaign.ts'), ...recipients, 'NO-SUCH-CUSTOMER'],
      { env: { ...process.env, OFFERPILOT_URL: baseURL, OFFERPILOT_API_KEY: key }, timeout: 60_000 },
    );
    const out = JSON.parse(stdout.trim());
    expect(out.customers).toBe(11);
    expect(out.unknown).toEqual(['NO-SUCH-CUSTOMER']);
    expect(Object.values(out.byDiscount as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(10);
  });
});
