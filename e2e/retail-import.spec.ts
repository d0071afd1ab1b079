import { createReadStream } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip, gzipSync } from 'node:zlib';
import { sharedDataFile } from '../scripts/shared-data';
import { expect, storageStateOf, test } from './fixtures';

/**
 * Issue 14 "done when": the UCI Online Retail export imports as events with a mapping made in the UI. The browser
 * uploads a deterministic head slice (the header and the first 10,000 lines, gzipped into a temp dir at test time);
 * the whole file runs in bench/online-retail-import.ts (too slow for the e2e budget on a shared 2-core machine).
 * Expected counts from an independent Python pass over the same lines (csv module): 7,513 kept, 2,291 rejected
 * (no CustomerID), 196 exact duplicates, 100 returns, 323 customers.
 */
const LINES = 10_000;
const data = sharedDataFile('online-retail.csv.gz');

async function headSlice(file: string, lines: number): Promise<string> {
  const out: string[] = [];
  const rl = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  for await (const line of rl) {
    out.push(line);
    if (out.length > lines) break;
  }
  rl.close();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'op-retail-'));
  const target = path.join(dir, `online-retail-head-${lines}.csv.gz`);
  await writeFile(target, gzipSync(`${out.join('\n')}\n`));
  return target;
}

test.describe('manager imports a real merchant export', () => {
  test.use({ storageState: storageStateOf('manager') });

  test('maps Online Retail in the UI (M/D/YYYY, type = purchase, C-invoices → returns, customers from the file)', async ({
    page,
    as,
  }) => {
    test.skip(!data.file, `skipped: ${data.reason}`);
    if (!data.file) console.log(`[retail-import] skipped: ${data.reason}`);
    test.setTimeout(180_000);
    const started = Date.now();
    const file = await headSlice(data.file as string, LINES);
    await page.goto('/data');
    await page.getByLabel('Kind of file').selectOption('events');
    await page.getByLabel('CSV file').setInputFiles(file);
    const preview = page.getByTestId('mapping-preview');
    await expect(preview).toContainText('Required column(s) not mapped: timestamp, type');
    await page.getByLabel('timestamp comes from').selectOption('InvoiceDate');
    await page.getByLabel('product_id comes from').selectOption('StockCode');
    await page.getByLabel('type comes from').selectOption({ label: 'The same value on every row…' });
    await page.getByLabel('type value').fill('purchase');
    // the first rows read 12/1/2010 both ways: the screen asks for the format
    await expect(preview).toContainText('could be month/day or day/month');
    await page.getByLabel('Date format').selectOption('mdy');
    await page.getByLabel('Set column').selectOption('type');
    await page.getByLabel('to the value').fill('return');
    await page.getByLabel('when column').selectOption('InvoiceNo');
    await page.getByLabel('condition').selectOption('starts_with');
    await page.getByLabel('text', { exact: true }).fill('C');
    await page.getByLabel('Create unknown customers from this file').check();
    await expect(page.getByTestId('preview-rows')).toContainText('2010-12-01T08:26:00.000Z');
    await expect(page.getByTestId('preview-rows')).toContainText('purchase');
    await page.getByLabel('Save this mapping as').fill('Online Retail invoices');
    await page.getByRole('button', { name: 'Save mapping' }).click();
    await expect(page.getByText('Saved as “Online Retail invoices”.')).toBeVisible();

    await page.getByRole('button', { name: 'Upload' }).click();
    await expect(page.getByTestId('import-accepted')).toHaveText('7,513', { timeout: 150_000 });
    await expect(page.getByTestId('import-rejected')).toHaveText('2,291');
    await expect(page.getByTestId('import-duplicates')).toHaveText('196');
    const seconds = (Date.now() - started) / 1000;
    console.log(`[retail-import] ${LINES.toLocaleString('en-GB')} lines: journey ${seconds.toFixed(1)} s`);

    await page.getByRole('link', { name: 'Open the report and profile' }).click();
    const summary = page.getByTestId('problem-summary');
    // one clear reason for every rejected line
    await expect(summary.locator('tbody tr').filter({ hasText: 'rejected' })).toHaveCount(1);
    await expect(summary).toContainText('customer_id');
    await expect(summary).toContainText('missing_value');
    await expect(summary).toContainText('2,291');

    const api = await as('manager');
    const list = await (await api.get('/api/v1/datasets')).json();
    const ds = list.items.find((d: { fileName: string }) => d.fileName === path.basename(file));
    const detail = await (await api.get(`/api/v1/datasets/${ds.id}`)).json();
    const type = detail.profile.columns.find((c: { name: string }) => c.name === 'type');
    expect(type.top).toEqual([
      { value: 'purchase', count: 7413 },
      { value: 'return', count: 100 },
    ]);
    const mappings = await (await api.get('/api/v1/import-mappings')).json();
    expect(mappings.items.map((m: { name: string }) => m.name)).toContain('Online Retail invoices');
  });
});
