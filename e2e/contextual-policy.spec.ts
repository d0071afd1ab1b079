import { expect, storageStateOf, test } from './fixtures';

/**
 * A manager drafts a contextual-bandit version with pickers only (a logistic-regression model from the list, the
 * levels ticked, the floor typed as a percentage), sees it described in words on the policy card, and opens its
 * offline evaluation, which says how a stochastic version is weighed.
 */
const SHOTS = process.env.SHOTS_DIR ?? 'test-results/screens';

test('manager drafts a contextual bandit with pickers and reads it in words', async ({ browser, as }) => {
  test.setTimeout(240_000);
  // a logistic-regression version (trained now, so it carries its posterior) unless one exists
  const analyst = await as('analyst');
  const models = (await (await analyst.get('/api/v1/models')).json()).items as { algorithm: string }[];
  if (!models.some((m) => m.algorithm === 'logistic-regression')) {
    const job = await (
      await analyst.post('/api/v1/jobs', {
        data: {
          name: 'contextual-response',
          folds: 2,
          algorithms: [{ name: 'logistic-regression', grid: { l2: [1] } }],
        },
      })
    ).json();
    await expect
      .poll(async () => (await (await analyst.get(`/api/v1/jobs/${job.id}`)).json()).status, { timeout: 150_000 })
      .toBe('SUCCEEDED');
  }
  const page = await (await browser.newContext({ storageState: storageStateOf('manager') })).newPage();
  await page.goto('/policies');
  const campaign = `Bandits ${Date.now() % 100_000}`;
  await page.getByLabel('New campaign').fill(campaign);
  await page.getByRole('button', { name: 'Create campaign' }).click();
  await expect(page.getByRole('combobox', { name: 'Campaign' })).toHaveText(new RegExp(campaign));
  const editor = page.getByTestId('policy-editor');
  await page.getByLabel('Policy name').fill('Explore');
  await editor.getByRole('radio', { name: 'Contextual bandit' }).click();
  await expect(editor.getByTestId('draft-problems')).toContainText('Pick the model that predicts conversion.');
  const picker = editor.getByTestId('model-picker');
  // only logistic-regression versions are offered
  await expect(picker.getByRole('radio').first()).toContainText('logistic-regression');
  await expect(picker).not.toContainText('gbdt');
  await picker.getByRole('radio').first().click();
  await editor.getByRole('checkbox', { name: '15%', exact: true }).click(); // levels 0/5/10/20
  await editor.getByLabel('Smallest chance of each level (%)').fill('10');
  await expect(editor.getByTestId('draft-problems')).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/policy-editor-contextual.png`, fullPage: true });
  await editor.getByRole('button', { name: 'Save draft' }).click();
  const row = page.getByTestId(`campaign-${campaign}`).getByTestId('version-row-v1');
  await expect(row).toContainText('contextual bandit over 0/5/10/20%');
  await expect(row).toContainText('every level at least 10% likely');

  await row.getByRole('button', { name: 'Evaluate offline' }).click();
  const evaluation = page.getByTestId(`campaign-${campaign}`).getByTestId('policy-evaluation');
  await expect(evaluation.getByTestId('evaluation-contextual')).toContainText('weighed here by each customer', {
    timeout: 90_000,
  });
  await expect(evaluation.getByTestId('evaluation-table')).toContainText('SNIPS');
  await page.screenshot({ path: `${SHOTS}/policy-evaluation-contextual.png`, fullPage: true });
});
