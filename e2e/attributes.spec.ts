import { expect, storageStateOf, test } from './fixtures';

/** 60 new Acme customers with two columns of their own: a category (tier) and a number (lifetime_value). */
const customersCsv = [
  'customer_id,signup_date,country,tier,lifetime_value',
  ...Array.from(
    { length: 60 },
    (_, i) =>
      `AT${String(i + 1).padStart(3, '0')},2026-01-05,GB,${['gold', 'silver', 'bronze'][i % 3]},${(i * 17) % 400}`,
  ),
].join('\n');

test.describe('customer attributes as features', () => {
  test.describe.configure({ mode: 'serial' });

  test('a manager uploads customers with extra columns; they are stored as typed attributes', async ({ browser }) => {
    const page = await browser.newPage({ storageState: storageStateOf('manager') });
    await page.goto('/data');
    await page.getByLabel('Kind of file').selectOption('customers');
    await page
      .getByLabel('CSV file')
      .setInputFiles({ name: 'crm-tiers.csv', mimeType: 'text/csv', buffer: Buffer.from(customersCsv) });
    await page.getByRole('button', { name: 'Upload' }).click();
    await expect(page.getByTestId('import-accepted')).toHaveText('60');
    await page.close();
  });

  test('an analyst sees the attributes where features are chosen and segments on one', async ({ browser }) => {
    test.setTimeout(120_000);
    const page = await browser.newPage({ storageState: storageStateOf('analyst') });
    await page.goto('/models');
    const trainPicker = page.getByTestId('attribute-picker');
    await expect(trainPicker).toContainText('tier');
    await expect(trainPicker).toContainText('(category, 60 customers)');
    await expect(trainPicker.getByRole('checkbox', { name: /lifetime_value/ })).toBeChecked();
    await trainPicker.screenshot({ path: 'test-results/attributes-train-form.png' });

    await page.goto('/segments');
    const segPicker = page.getByTestId('attribute-picker');
    await expect(segPicker.getByRole('checkbox', { name: /lifetime_value \(number/ })).not.toBeChecked();
    await segPicker.getByRole('checkbox', { name: /tier/ }).check();
    await page
      .getByRole('form', { name: 'Run a segmentation' })
      .screenshot({ path: 'test-results/attributes-segments.png' });
    await page.getByLabel('k from').fill('2');
    await page.getByLabel('k to').fill('3');
    await page.getByRole('button', { name: 'Run segmentation' }).click();
    await expect(page).toHaveURL(/\/jobs\//);
    await expect(page.getByTestId('job-log')).toContainText('time features as of', { timeout: 90_000 });
    await expect(page.getByTestId('job-segments')).toBeVisible({ timeout: 90_000 });
    await page.close();
  });
});
