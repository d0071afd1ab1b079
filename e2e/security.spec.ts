import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEMO_PASSWORD, expect, storageStateOf, test } from './fixtures';

/**
 * Browser attacks (issue 12): a page on another port of the same host — same site, so the session cookie rides
 * along — tries to change state; the sign-in form refuses to send the user off-site afterwards.
 */
let attacker: Server;
let attackerOrigin = '';
let lastHtml = '';

test.beforeAll(async () => {
  attacker = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(lastHtml);
  });
  await new Promise<void>((r) => attacker.listen(0, '127.0.0.1', r));
  attackerOrigin = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
});
test.afterAll(() => new Promise<void>((r) => attacker.close(() => r())));

test.describe('CSRF from another origin (item 3)', () => {
  test.use({ storageState: storageStateOf('admin') });

  test('a no-cors JSON-ish POST and a body-less POST from another port change nothing', async ({
    page,
    baseURL,
    as,
  }) => {
    const admin = await as('admin');
    const manager = await as('manager');
    const analyst = await as('analyst');
    // a running experiment for the attacker to stop: analyst drafts, manager submits, admin approves
    const campaign = await (await manager.post('/api/v1/campaigns', { data: { name: 'CSRF target' } })).json();
    const v = await (
      await manager.post('/api/v1/policies', {
        data: { campaignId: campaign.id, name: 'Cap', rules: { mode: 'fixed', discountPct: 5, maxDiscountPct: 20 } },
      })
    ).json();
    for (const [ctx, action] of [
      [manager, 'submit'],
      [admin, 'approve'],
      [admin, 'activate'],
    ] as const)
      expect((await ctx.post(`/api/v1/policies/versions/${v.id}/actions`, { data: { action } })).status()).toBe(200);
    const exp = await (
      await analyst.post('/api/v1/experiments', {
        data: {
          key: 'csrf-target',
          name: 'CSRF target',
          variants: [
            { name: 'Control', weight: 1, discountPct: 0 },
            { name: 'Five', weight: 1, discountPct: 5 },
          ],
        },
      })
    ).json();
    expect(
      (await manager.post(`/api/v1/experiments/${exp.id}/submit`, { data: { campaignId: campaign.id } })).status(),
    ).toBe(200);
    expect((await admin.post(`/api/v1/experiments/${exp.id}/start`)).status()).toBe(200);

    lastHtml = `<!doctype html><script>
      window.done = Promise.allSettled([
        fetch('${baseURL}/api/v1/campaigns', { method: 'POST', mode: 'no-cors', credentials: 'include',
          headers: { 'content-type': 'text/plain; application/json' }, body: JSON.stringify({ name: 'csrf-attack' }) }),
        fetch('${baseURL}/api/v1/experiments/${exp.id}/stop', { method: 'POST', mode: 'no-cors', credentials: 'include' }),
      ]).then(() => 'sent');
    </script>`;
    await page.goto(`${attackerOrigin}/`);
    expect(await page.evaluate(() => (window as unknown as { done: Promise<string> }).done)).toBe('sent');

    const campaigns = await (await admin.get('/api/v1/campaigns')).json();
    expect(campaigns.items.map((c: { name: string }) => c.name)).not.toContain('csrf-attack');
    expect((await (await admin.get(`/api/v1/experiments/${exp.id}`)).json()).status).toBe('RUNNING');

    // the same requests from the app's own origin still work (the UI is not broken by the check)
    await page.goto('/experiments');
    const stop = await page.evaluate(
      async (id) => (await fetch(`/api/v1/experiments/${id}/stop`, { method: 'POST' })).status,
      exp.id,
    );
    expect(stop).toBe(200);
  });
});

test.describe('open redirect after sign-in (item 5)', () => {
  for (const trick of ['/%5C127.0.0.1:PORT/phish', '/%09/127.0.0.1:PORT/phish', '//127.0.0.1:PORT/phish']) {
    test(`callbackUrl=${trick} lands on the dashboard, not off-site`, async ({ page, baseURL }) => {
      const port = new URL(attackerOrigin).port;
      lastHtml = '<!doctype html><h1>phished</h1>';
      await page.goto(`/login?callbackUrl=${trick.replace('PORT', port)}`);
      await page.getByLabel('Email').fill('analyst@acme.test');
      await page.getByLabel('Password').fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByTestId('user-role')).toHaveText('Analyst');
      expect(new URL(page.url()).origin).toBe(baseURL);
    });
  }
});

test.describe('sign-in throttling (item 6)', () => {
  test('after 5 wrong passwords the form says when to try again', async ({ page }) => {
    await page.goto('/login');
    // an address of its own, so the rest of the suite (all from 127.0.0.1) keeps its per-address allowance
    await page.route('**/api/auth/callback/credentials', (route) =>
      route.continue({ headers: { ...route.request().headers(), 'x-forwarded-for': '192.0.2.66' } }),
    );
    await page.getByLabel('Email').fill('throttle-e2e@acme.test');
    const alert = page.getByRole('form', { name: 'Sign in' }).getByRole('alert');
    for (let i = 1; i <= 4; i++) {
      await page.getByLabel('Password').fill(`wrong-${i}`);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(alert).toHaveText('Email or password is not right.');
      await expect(page.getByRole('button', { name: 'Sign in' })).toBeEnabled();
    }
    await page.getByLabel('Password').fill('wrong-5');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(alert).toHaveText('Too many attempts — try again in 5 s.');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(alert).toHaveText(/^Too many attempts — try again in [1-5] s\.$/);
    await page.screenshot({ path: 'test-results/login-throttled.png' });
  });
});

test.describe('session revocation (item 7)', () => {
  test('a copied session cookie stops working once that session signs out', async ({
    browser,
    playwright,
    baseURL,
  }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto('/login');
    await page.getByLabel('Email').fill('manager@acme.test');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('user-role')).toHaveText('Marketing manager');
    const copied = await playwright.request.newContext({
      baseURL,
      storageState: { cookies: await context.cookies(), origins: [] },
    });
    expect((await copied.get('/api/v1/me')).status()).toBe(200);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login/);
    const me = await copied.get('/api/v1/me');
    expect(me.status()).toBe(401);
    expect((await me.json()).error.code).toBe('unauthenticated');
    const shell = await copied.get('/data', { maxRedirects: 0 });
    expect([shell.status(), shell.headers().location]).toEqual([307, '/login']);
    await copied.dispose();
    await context.close();
  });
});

test.describe('password change ends every session (item 7)', () => {
  test('two sessions of one user both end when she changes her password on one of them', async ({
    as,
    browser,
    playwright,
    baseURL,
  }) => {
    // a user of her own (the demo users' passwords stay as they are for the rest of the suite)
    const admin = await as('admin');
    const invited = await admin.post('/api/v1/invitations', { data: { email: 'quinn@acme.test', role: 'ANALYST' } });
    expect(invited.status()).toBe(201);
    const token = new URL((await invited.json()).url).hash.slice(1);
    const joined = await admin.post('/api/invitations/accept', {
      data: { token, name: 'Quinn', password: 'quinn-password-1' },
    });
    expect(joined.status()).toBe(200);

    const signIn = async (password = 'quinn-password-1') => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto('/login');
      await page.getByLabel('Email').fill('quinn@acme.test');
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByTestId('user-role')).toHaveText('Analyst');
      const copy = await playwright.request.newContext({
        baseURL,
        storageState: { cookies: await context.cookies(), origins: [] },
      });
      return { context, page, copy };
    };
    const laptop = await signIn();
    const phone = await signIn();
    expect((await phone.copy.get('/api/v1/me')).status()).toBe(200);

    await laptop.page.getByTestId('user-email').click();
    await laptop.page.getByLabel('Current password').fill('quinn-password-1');
    await laptop.page.getByLabel('New password', { exact: true }).fill('quinn-password-2');
    await laptop.page.getByLabel('Repeat the new password').fill('quinn-password-2');
    await laptop.page.screenshot({ path: 'test-results/account-page.png' });
    await laptop.page.getByRole('button', { name: 'Change password' }).click();
    await expect(laptop.page.getByRole('status')).toHaveText(
      'Password changed: every session ended. Sign in with the new password.',
    );
    await laptop.page.screenshot({ path: 'test-results/login-password-changed.png' });
    for (const s of [laptop, phone]) expect((await s.copy.get('/api/v1/me')).status()).toBe(401);
    await phone.page.reload();
    await expect(phone.page).toHaveURL(/\/login/);
    await laptop.page.getByLabel('Email').fill('quinn@acme.test');
    await laptop.page.getByLabel('Password').fill('quinn-password-2');
    await laptop.page.getByRole('button', { name: 'Sign in' }).click();
    await expect(laptop.page.getByTestId('user-role')).toHaveText('Analyst');

    // "Sign out everywhere" on the laptop ends the phone's new session as well as its own
    const phone2 = await signIn('quinn-password-2');
    const laptopCopy = await playwright.request.newContext({
      baseURL,
      storageState: { cookies: await laptop.context.cookies(), origins: [] },
    });
    expect((await phone2.copy.get('/api/v1/me')).status()).toBe(200);
    await laptop.page.getByTestId('user-email').click();
    await laptop.page.getByRole('button', { name: 'Sign out everywhere' }).click();
    await expect(laptop.page).toHaveURL(/\/login/);
    for (const c of [phone2.copy, laptopCopy]) expect((await c.get('/api/v1/me')).status()).toBe(401);
    await laptopCopy.dispose();
    for (const s of [laptop, phone, phone2]) {
      await s.copy.dispose();
      await s.context.close();
    }
  });
});
