import { expect, storageStateOf, test } from './fixtures';

/** Issue 14: duplicates by the declared key chosen in the mapping editor, and deletion confirmed in a dialog. */
test.describe('manager drops duplicates by key and deletes the dataset', () => {
  test.use({ storageState: storageStateOf('manager') });

  test('picks "the same customer_id", sees the rule on the dataset page, deletes it in a dialog', async ({ page }) => {
    const name = `key-dupes-${Date.now()}.csv`;
    await page.goto('/data');
    await page.getByLabel('Kind of file').selectOption('customers');
    await page.getByLabel('CSV file').setInputFiles({
      name,
      mimeType: 'text/csv',
      buffer: Buffer.from('customer_id,country\nKD1,GB\nKD1,FR\nKD2,DE\n'),
    });
    await page.getByRole('combobox', { name: 'What makes a duplicate' }).click();
    await page.getByRole('option', { name: 'the same customer_id' }).click();
    await page.getByTestId('mapping-preview').scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/dataset-duplicate-rule.png', fullPage: true });
    await page.getByRole('button', { name: 'Upload' }).click();
    await expect(page.getByTestId('import-accepted')).toHaveText('2');
    await expect(page.getByTestId('import-duplicates')).toHaveText('1');
    await page.getByRole('link', { name: 'Open the report and profile' }).click();
    await expect(page.getByTestId('dataset-name')).toHaveText(name);
    await expect(page.getByText('Duplicates dropped (the same customer_id)')).toBeVisible();
    await expect(page.getByTestId('problem-summary')).toContainText('same customer_id as an earlier row');

    await page.getByRole('button', { name: 'Delete this dataset…' }).click();
    const dialog = page.getByRole('alertdialog', { name: `Delete “${name}”?` });
    await expect(dialog).toBeVisible();
    const confirm = dialog.getByRole('button', { name: 'Delete dataset' });
    await expect(confirm).toBeDisabled();
    await dialog.getByLabel('Type the dataset name to confirm').fill(name);
    await page.screenshot({ path: 'test-results/dataset-delete-dialog.png' });
    await confirm.click();
    await expect(page).toHaveURL(/\/data$/);
    await expect(page.getByTestId('datasets-table')).not.toContainText(name);
  });
});
