import type { APIRequestContext, Page } from '@playwright/test';
import { createDemoGenerator } from '../lib/data/demo-generator';
import { trueConversionProbability } from '../lib/data/demo-model';
import { Rng } from '../lib/ml/rng';
import { expect, storageStateOf, test } from './fixtures';

/**
 * The whole discount loop, signed in as the real roles: a manager builds a per-segment policy and a model-optimal
 * policy with pickers (no id typed), evaluates offline and reads a profit verdict for the version clicked, submits;
 * an admin approves with a comment per version, rolls out 50 % after a confirmation; offers traffic simulated from
 * the demo generator's known response shows on the policy page as v2 vs v1 with a profit verdict whose interval
 * covers the simulated truth; the admin rolls back.
 */
const SHOTS = process.env.SHOTS_DIR ?? 'test-results/screens';
const MARGIN = 0.4;

async function waitForJob(api: APIRequestContext, id: string) {
  await expect
    .poll(async () => (await (await api.get(`/api/v1/jobs/${id}`)).json()).status, { timeout: 150_000 })
    .toBe('SUCCEEDED');
}

/** A segmentation and a served model exist (made through the API by the analyst and admin if missing). */
async function ensureSegmentsAndModel(analyst: APIRequestContext, admin: APIRequestContext) {
  const seg = await (await analyst.get('/api/v1/segments')).json();
  if (!seg.run) {
    const job = await (
      await analyst.post('/api/v1/segments/jobs', { data: { algorithm: 'kmeans', kMin: 2, kMax: 3 } })
    ).json();
    await waitForJob(analyst, job.id);
  }
  const models = (await (await analyst.get('/api/v1/models')).json()).items as { id: string; isActive: boolean }[];
  if (!models.some((m) => m.isActive)) {
    let id = models[0]?.id;
    if (!id) {
      const job = await (
        await analyst.post('/api/v1/jobs', {
          data: {
            name: 'journey-response',
            folds: 2,
            algorithms: [{ name: 'logistic-regression', grid: { l2: [1] } }],
          },
        })
      ).json();
      await waitForJob(analyst, job.id);
      id = ((await (await analyst.get('/api/v1/models')).json()).items as { id: string }[])[0].id;
    }
    expect((await analyst.post(`/api/v1/models/${id}/candidate`)).status()).toBe(200);
    expect((await admin.post(`/api/v1/models/${id}/activate`)).status()).toBe(200);
  }
}

async function pick(page: Page, combobox: string | RegExp, option: string) {
  await page.getByRole('combobox', { name: combobox }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

test.describe('manager → admin: the discount loop, decided on profit', () => {
  test('builds policies without ids, evaluates, approves per version, rolls out 50 %, measures, rolls back', async ({
    browser,
    as,
  }) => {
    test.setTimeout(420_000);
    const adminApi = await as('admin');
    await ensureSegmentsAndModel(await as('analyst'), adminApi);

    // ——— the manager builds three versions with pickers ———
    const manager = await (await browser.newContext({ storageState: storageStateOf('manager') })).newPage();
    await manager.goto('/policies');
    await manager.getByLabel('New campaign').fill('Journey');
    await manager.getByRole('button', { name: 'Create campaign' }).click();
    await expect(manager.getByRole('combobox', { name: 'Campaign' })).toHaveText(/Journey/);
    const editor = manager.getByTestId('policy-editor');
    await manager.getByLabel('Policy name').fill('Journey policy');
    await pick(manager, 'Discount for everyone', '5% off');
    await editor.getByRole('button', { name: 'Save draft' }).click();
    const card = manager.getByTestId('campaign-Journey');
    await expect(card.getByTestId('version-row-v1')).toContainText('5% for everyone');

    await pick(manager, 'Policy', 'Journey policy (new version)');
    await editor.getByRole('radio', { name: 'Per segment' }).click();
    // the untouched per-segment rule cannot be saved
    await expect(editor.getByTestId('draft-problems')).toContainText('Pick at least one segment and its discount.');
    await expect(editor.getByRole('button', { name: 'Save draft' })).toBeDisabled();
    const firstSegment = editor.getByRole('checkbox', { name: /^Give .+ a discount$/ }).first();
    const segmentName = (
      await firstSegment.evaluate((el) => (el as HTMLButtonElement).labels?.[0]?.textContent ?? '')
    ).replace(/^Give (.+) a discount$/, '$1');
    expect(segmentName.length).toBeGreaterThan(0);
    await firstSegment.click();
    await editor
      .getByRole('combobox', { name: /^Discount for / })
      .first()
      .click();
    await manager.getByRole('option', { name: '15% off', exact: true }).click();
    await manager.screenshot({ path: `${SHOTS}/policy-editor-segments.png`, fullPage: true });
    await editor.getByRole('button', { name: 'Save draft' }).click();
    const journeyTable = card.getByTestId('versions-table').filter({ hasText: 'Journey policy' });
    await expect(journeyTable.getByTestId('version-row-v2')).toContainText('15%; everyone else 0%');
    await expect(journeyTable.getByTestId('version-row-v2')).toContainText(`${segmentName} 15%`);

    await pick(manager, 'Policy', 'New policy');
    await manager.getByLabel('Policy name').fill('Smart');
    await editor.getByRole('radio', { name: 'Model-optimal' }).click();
    await expect(editor.getByTestId('draft-problems')).toContainText('Pick the model that predicts conversion.');
    const modelPicker = editor.getByTestId('model-picker');
    await expect(modelPicker).toContainText('served');
    await expect(modelPicker).toContainText('AUC');
    await modelPicker.getByRole('radio').first().click();
    await manager.screenshot({ path: `${SHOTS}/policy-editor-model.png`, fullPage: true });
    await editor.getByRole('button', { name: 'Save draft' }).click();
    await expect(card.getByTestId('versions-table').filter({ hasText: 'Smart' })).toContainText('model-optimal');

    // offline evaluation of the version clicked, with a profit verdict
    await journeyTable.getByTestId('version-row-v2').getByRole('button', { name: 'Evaluate offline' }).click();
    await expect(card.getByTestId('evaluation-title')).toContainText('Journey policy v2');
    await expect(card.getByTestId('profit-verdict')).toContainText('per customer');
    for (const v of ['v1', 'v2'])
      await journeyTable.getByTestId(`version-row-${v}`).getByRole('button', { name: 'Submit for approval' }).click();
    await expect(journeyTable.getByTestId('version-row-v2')).toContainText('submitted');
    await expect(card.getByRole('button', { name: /^Approve/ })).toHaveCount(0);

    // ——— the admin: experiments share traffic visibly; approve each version with its own comment ———
    const admin = await (await browser.newContext({ storageState: storageStateOf('admin') })).newPage();
    const running = (
      (await (await adminApi.get('/api/v1/experiments')).json()).items as { id: string; status: string }[]
    ).filter((e) => e.status === 'RUNNING');
    await admin.goto('/policies');
    const adminCard = admin.getByTestId('campaign-Journey');
    // an experiment takes only its own campaign's traffic (and offers naming no campaign), so other specs' running
    // experiments do not touch this campaign; they are stopped anyway so the measured traffic below is all ours
    for (const e of running) expect((await adminApi.post(`/api/v1/experiments/${e.id}/stop`)).status()).toBe(200);
    if (running.length) await admin.reload();
    await expect(adminCard.getByTestId('traffic-note')).toHaveText(
      'No version is live: customers of this campaign get no discount.',
    );
    const table = adminCard.getByTestId('versions-table').filter({ hasText: 'Journey policy' });
    await table.getByLabel('Comment on v1').fill('fine as the baseline');
    await table.getByRole('button', { name: 'Approve v1' }).click();
    await expect(table.getByTestId('version-row-v1')).toContainText('approved');
    await table.getByLabel('Comment on v2').fill('segment rule looks right');
    await table.getByRole('button', { name: 'Approve v2' }).click();
    await expect(table.getByTestId('version-row-v2')).toContainText('segment rule looks right');
    await expect(table.getByTestId('version-row-v1')).toContainText('fine as the baseline');
    await expect(table.getByTestId('version-row-v1')).not.toContainText('segment rule');

    // v1 to everyone (5 % holdout), then v2 to half with v1 keeping the rest — each after a confirmation in words
    await pick(admin, 'Share of customers for v1', '100% of customers');
    await table.getByRole('button', { name: 'Roll out v1' }).click();
    await expect(admin.getByRole('alertdialog')).toContainText(
      'v1 will decide for 95% of customers; a 5% holdout stays as a comparison (the rest get no discount).',
    );
    await admin.getByRole('button', { name: 'Yes, roll out v1' }).click();
    await expect(table.getByTestId('version-row-v1')).toContainText('active');
    await table.getByRole('button', { name: 'Roll out v2' }).click();
    await expect(admin.getByRole('alertdialog')).toContainText(
      'v2 will decide for 50% of customers; v1 keeps the rest.',
    );
    await admin.getByRole('button', { name: 'Yes, roll out v2' }).click();
    await expect(adminCard.getByTestId('traffic-note')).toHaveText(
      'v2 decides for 50% of customers; v1 serves the rest.',
    );
    await expect(table.getByTestId('version-row-v1')).toContainText('baseline of v2');

    // ——— traffic from the demo generator's known response ———
    const campaignId = (
      (await (await adminApi.get('/api/v1/campaigns')).json()).items as { id: string; name: string }[]
    ).find((c) => c.name === 'Journey')!.id;
    const truth = createDemoGenerator({ customers: 300 }).groundTruth();
    const rng = new Rng(1130);
    const expected = { new: [] as number[], baseline: [] as number[] };
    const events = [];
    for (const t of truth) {
      const res = await adminApi.post('/api/v1/offers', { data: { customerId: t.customerExternalId, campaignId } });
      expect(res.status()).toBe(200);
      const o = await res.json();
      expect(['new', 'baseline']).toContain(o.arm);
      const d = o.discountPct as number;
      const v = t.baselineOrderValue;
      const p = trueConversionProbability(t, d);
      expected[o.arm as 'new' | 'baseline'].push(p * (v * (1 - d / 100) - v * (1 - MARGIN)));
      if (rng.next() < p)
        events.push({
          customerId: t.customerExternalId,
          type: 'purchase',
          price: Math.round(v * (1 - d / 100) * 100) / 100,
          quantity: 1,
          decisionId: o.decisionId,
        });
    }
    expect((await adminApi.post('/api/v1/events', { data: { events } })).status()).toBe(202);
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    const trueDiff = mean(expected.new) - mean(expected.baseline);

    const versions = (await (await adminApi.get('/api/v1/campaigns')).json()).items
      .find((c: { name: string }) => c.name === 'Journey')
      .policies.find((p: { name: string }) => p.name === 'Journey policy').versions as {
      id: string;
      version: number;
    }[];
    const v2 = versions.find((v) => v.version === 2)!;
    const m = await (await adminApi.get(`/api/v1/policies/versions/${v2.id}/measurement`)).json();
    expect(m.arms.map((a: { customers: number }) => a.customers)).toEqual([
      expected.baseline.length,
      expected.new.length,
    ]);
    console.log(
      `[journey] v2 vs v1 profit/customer ${m.verdict.profit.diff.toFixed(3)} [${m.verdict.profit.ci.map((x: number) => x.toFixed(3)).join(', ')}]; simulated truth ${trueDiff.toFixed(3)}`,
    );
    expect(m.verdict.profit.ci[0]).toBeLessThanOrEqual(trueDiff);
    expect(m.verdict.profit.ci[1]).toBeGreaterThanOrEqual(trueDiff);

    await table.getByTestId('version-row-v2').getByRole('button', { name: 'Measure vs baseline' }).click();
    const measurement = adminCard.getByTestId('rollout-measurement');
    await expect(measurement.getByTestId('rollout-table')).toContainText('v1 (baseline)');
    await expect(measurement.getByTestId('rollout-table')).toContainText('Profit per customer');
    await expect(measurement.getByTestId('rollout-verdict')).toContainText(m.verdict.headline);
    await admin.screenshot({ path: `${SHOTS}/rollout-measurement.png`, fullPage: true });

    // ——— roll back, confirmed; the audit log speaks in names ———
    await table.getByTestId('version-row-v2').getByRole('button', { name: 'Roll back' }).click();
    await expect(admin.getByRole('alertdialog')).toContainText(
      'v2 stops deciding; v1 comes back for the customers of Journey it served before.',
    );
    await admin.getByRole('button', { name: 'Roll back v2' }).click();
    await expect(table.getByTestId('version-row-v2')).toContainText('retired');
    await expect(table.getByTestId('version-row-v1')).toContainText('active');
    const audit = admin.getByTestId('audit-table');
    await admin.reload();
    await expect(audit).toContainText('rolled out Journey policy v2');
    await expect(audit).toContainText('replaces: Journey policy v1');
    await expect(audit).toContainText('others get: the version it replaces');
  });
});
