import { expect, storageStateOf, test } from './fixtures';

const customersCsv = [
  'customer_id,signup_date,country,email',
  'W1,2026-01-05,GB,wendy@example.com',
  'W2,2026-13-01,FR,', // bad date
  'W3,2026-03-01,DE,',
].join('\n');

test.describe('manager uploads data in the browser', () => {
  test.use({ storageState: storageStateOf('manager') });

  test('uploads customers, sees the validation report and the profile', async ({ page }) => {
    await page.goto('/data');
    await page.getByLabel('Kind of file').selectOption('customers');
    await page
      .getByLabel('CSV file')
      .setInputFiles({ name: 'web-customers.csv', mimeType: 'text/csv', buffer: Buffer.from(customersCsv) });
    await page.getByRole('button', { name: 'Upload' }).click();
    // the bad optional date is cleared with a warning and the row kept
    await expect(page.getByTestId('import-accepted')).toHaveText('3');
    await expect(page.getByTestId('import-rejected')).toHaveText('0');
    await page.getByRole('link', { name: 'Open the report and profile' }).click();
    await expect(page.getByTestId('dataset-name')).toHaveText('web-customers.csv');
    await expect(page.getByTestId('detail-warned')).toContainText('1');
    await expect(page.getByTestId('problem-summary')).toContainText('bad_date');
    await expect(page.getByTestId('chart-missing')).toBeVisible();
    // cleaning steps read as words, not JSON
    await expect(page.getByTestId('cleaning-steps')).toContainText('repeats an earlier row');
    await expect(page.getByTestId('cleaning-steps')).not.toContainText('{');
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Download rows with cleared values (CSV)' }).click();
    const file = await download;
    const text = await (await file.createReadStream()).toArray();
    expect(Buffer.concat(text).toString()).toMatch(
      /^line,column,code,message,customer_id,signup_date,country,email\n3,signup_date,bad_date,.*,W2,2026-13-01,FR,\n$/,
    );
  });

  test('maps differently named columns when the header does not match', async ({ page }) => {
    await page.goto('/data');
    await page.getByLabel('Kind of file').selectOption('customers');
    await page.getByLabel('CSV file').setInputFiles({
      name: 'crm-export.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('Kundennummer,Land\nK1,GB\nK2,DE\n'),
    });
    await expect(page.getByTestId('mapping-preview')).toContainText('Required column(s) not mapped: customer_id');
    await page.getByLabel('customer_id comes from').selectOption('Kundennummer');
    await expect(page.getByTestId('preview-rows')).toContainText('K1');
    await page.getByRole('button', { name: 'Upload' }).click();
    await expect(page.getByTestId('import-accepted')).toHaveText('2');
    await expect(page.getByTestId('datasets-table')).toContainText('crm-export.csv');
  });
});

test.describe('analyst', () => {
  test.use({ storageState: storageStateOf('analyst') });
  test('sees uploads but has no upload form', async ({ page }) => {
    await page.goto('/data');
    await expect(page.getByTestId('datasets-table')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Upload' })).toHaveCount(0);
  });
});
