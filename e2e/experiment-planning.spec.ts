import { expect, storageStateOf, test } from './fixtures';

/**
 * Issue 16 item 4 in the browser: the creation form's "Plan before launch" panel answers from the organisation's
 * own traffic — customers per arm, in total and days for the smallest lift worth detecting, on conversion and on
 * profit per customer — and follows the lift, the number of arms and the segment picked in "Who takes part"; the
 * experiment is created targeting that segment. Every number is the plan API's for the same inputs.
 */
test.describe('plan before launch', () => {
  test.use({ storageState: storageStateOf('analyst') });

  test('the plan follows lift, arms and segment; the experiment targets the segment', async ({ page, as }) => {
    test.setTimeout(150_000);
    const analyst = await as('analyst');
    // two k-means segments of the demo merchant (the worker runs the job)
    const job = await (
      await analyst.post('/api/v1/segments/jobs', { data: { algorithm: 'kmeans', kMin: 2, kMax: 2 } })
    ).json();
    await expect
      .poll(async () => (await (await analyst.get(`/api/v1/jobs/${job.id}`)).json()).status, { timeout: 120_000 })
      .toBe('SUCCEEDED');
    const seg = (await (await analyst.get('/api/v1/segments')).json()).run.segments[0] as { id: string; name: string };

    const plan = async (q: Record<string, string | number>) =>
      (
        await analyst.get(
          `/api/v1/experiments/plan?${new URLSearchParams(Object.entries(q).map(([k, v]) => [k, String(v)]))}`,
        )
      ).json();
    const n = (x: number) => x.toLocaleString('en-GB', { maximumFractionDigits: 2 });
    const panel = page.getByTestId('plan-panel');
    const expectPlan = async (q: Record<string, string | number>) => {
      const p = await plan({ marginPct: 40, ...q });
      expect(p.conversion).not.toBeNull();
      const rows = panel.getByTestId('plan-table').locator('tbody tr');
      await expect(rows.nth(0).locator('td').nth(0)).toHaveText(n(p.conversion.perArm));
      await expect(rows.nth(0).locator('td').nth(1)).toHaveText(n(p.conversion.total));
      await expect(rows.nth(1).locator('td').nth(0)).toHaveText(n(p.profit.perArm));
      await expect(panel).toContainText(`From ${n(p.baseline.customers)} customers active in the last 28 days`);
      return p;
    };

    await page.goto('/experiments');
    const all = await expectPlan({ mdePct: 5, arms: 2 });
    await panel.getByLabel('Smallest lift worth detecting (%)').fill('10');
    const wider = await expectPlan({ mdePct: 10, arms: 2 });
    expect(wider.conversion.perArm).toBeLessThan(all.conversion.perArm); // a larger lift needs fewer customers
    await page.getByRole('button', { name: 'Add variant' }).click();
    const three = await expectPlan({ mdePct: 10, arms: 3 });
    expect(three.conversion.perArm).toBeGreaterThan(wider.conversion.perArm); // Bonferroni over two comparisons
    await page.getByLabel('Who takes part').selectOption(seg.id);
    const segPlan = await expectPlan({ mdePct: 10, arms: 3, segmentId: seg.id });
    expect(segPlan.baseline.customers).toBeLessThan(all.baseline.customers);

    await page.getByLabel('Key').fill('e2e-planned');
    await page.getByLabel('Name', { exact: true }).fill('E2E planned');
    await page.getByLabel('Variant 1 name').fill('5% off');
    await page.getByLabel('Discount %').nth(1).fill('5');
    await page.getByLabel('Variant 2 name').fill('10% off');
    await page.getByLabel('Discount %').nth(2).fill('10');
    await page.getByRole('button', { name: 'Create experiment' }).click();
    await expect(page.getByTestId('experiments-table').locator('tr', { hasText: 'E2E planned' })).toContainText(
      'draft',
    );
    const created = (
      (await (await analyst.get('/api/v1/experiments')).json()).items as {
        key: string;
        segmentId: string | null;
      }[]
    ).find((e) => e.key === 'e2e-planned')!;
    expect(created.segmentId).toBe(seg.id);
  });
});
