import { expect, storageStateOf, test } from './fixtures';

/**
 * Settings → Members (issue 18 item 5, issue 12 item 7): the admin invites someone with a one-time link, the
 * invitee joins and signs in, the admin changes their role and removes them; each change ends the member's
 * session at once (a copy of their cookie stops working), and the last admin cannot demote themselves.
 */
test.describe('members', () => {
  test.use({ storageState: storageStateOf('admin') });

  test('invite, join, change role, remove — the member’s session ends at each change', async ({
    page,
    browser,
    playwright,
    baseURL,
  }) => {
    const email = 'pia@acme.test';
    await page.goto('/settings');
    const invite = page.getByRole('form', { name: 'Invite a member' });
    await invite.getByLabel('Email').fill(email);
    await invite.getByRole('combobox', { name: 'Role' }).click();
    await page.getByRole('option', { name: 'Marketing manager' }).click();
    await invite.getByRole('button', { name: 'Invite' }).click();
    // the e2e server has no SMTP_URL: the admin copies the link themselves
    await expect(page.getByTestId('invitation-mail')).toHaveText(
      'Copy the link and send it to them — no mail server is configured.',
    );
    const link = (await page.getByTestId('invitation-link').textContent()) ?? '';
    expect(link).toMatch(new RegExp(`^${baseURL}/invite#[A-Za-z0-9_-]{43}$`));
    await expect(page.getByTestId('invitations-table')).toContainText(email);
    await page.screenshot({ path: 'test-results/members-invited.png', fullPage: true });
    const membersCard = page.getByTestId('members-table').locator('..');

    // the invitee opens the link in their own browser, sets a password and lands in the dashboard
    const invitee = await browser.newContext();
    const their = await invitee.newPage();
    await their.goto(link);
    await expect(their.getByTestId('invitation-summary')).toHaveText(
      `Join Acme Outfitters as Marketing manager (${email})`,
    );
    await their.getByLabel('Your name').fill('Pia Park');
    await their.getByLabel('Choose a password').fill('pia-password-1');
    await their.getByLabel('Repeat the password').fill('pia-password-1');
    await their.getByRole('button', { name: 'Join Acme Outfitters' }).click();
    await expect(their.getByTestId('user-role')).toHaveText('Marketing manager');
    const copy = async () =>
      playwright.request.newContext({ baseURL, storageState: { cookies: await invitee.cookies(), origins: [] } });
    const session1 = await copy();
    expect((await (await session1.get('/api/v1/me')).json()).role).toBe('MANAGER');

    // the link worked once
    const again = await browser.newContext();
    const replay = await again.newPage();
    await replay.goto(link);
    await expect(replay.getByRole('alert').filter({ hasText: /\S/ })).toContainText(
      'This invitation link is not valid',
    );
    await again.close();

    // the admin makes Pia an analyst: her session ends at once; she signs in again as an analyst
    await page.reload();
    const row = page.getByTestId('member-row').filter({ hasText: email });
    await row.getByRole('combobox', { name: `Role of ${email}` }).click();
    await page.getByRole('option', { name: 'Analyst' }).click();
    // (the sandbox log's empty state on the same page is a status too)
    await expect(membersCard.getByRole('status').filter({ hasText: 'Pia Park' })).toHaveText(
      'Pia Park is now Analyst; their sessions ended.',
    );
    expect((await session1.get('/api/v1/me')).status()).toBe(401);
    await their.reload();
    await expect(their).toHaveURL(/\/login/);
    await their.getByLabel('Email').fill(email);
    await their.getByLabel('Password').fill('pia-password-1');
    await their.getByRole('button', { name: 'Sign in' }).click();
    await expect(their.getByTestId('user-role')).toHaveText('Analyst');
    const session2 = await copy();
    expect((await session2.get('/api/v1/me')).status()).toBe(200);

    // removal: her new session ends too
    await row.getByRole('button', { name: 'Remove' }).click();
    await expect(page.getByRole('alertdialog')).toContainText(`${email} loses access to this organisation at once`);
    await page.getByRole('button', { name: 'Remove Pia Park' }).click();
    await expect(membersCard.getByRole('status').filter({ hasText: 'Pia Park' })).toHaveText('Pia Park was removed.');
    await expect(page.getByTestId('member-row')).toHaveCount(3);
    const refused = await session2.get('/api/v1/me');
    expect([refused.status(), (await refused.json()).error.code]).toEqual([401, 'unauthenticated']);
    await their.goto('/');
    await expect(their).toHaveURL(/\/login/);

    // the only admin cannot demote themselves
    const me = page.getByTestId('member-row').filter({ hasText: 'admin@acme.test' });
    await me.getByRole('combobox', { name: 'Role of admin@acme.test' }).click();
    await page.getByRole('option', { name: 'Analyst' }).click();
    await expect(membersCard.getByRole('alert')).toHaveText(
      'The organisation needs at least one admin: make someone else admin first',
    );
    await expect(me.getByRole('combobox', { name: 'Role of admin@acme.test' })).toHaveText(/Admin/);
    await page.screenshot({ path: 'test-results/members-page.png', fullPage: true });
    await session1.dispose();
    await session2.dispose();
    await invitee.close();
  });
});
