/**
 * Splits Kevin Hillstrom's MineThatData e-mail test (one row per customer) into the two CSV files OfferPilot
 * imports: customers (id + 8 attribute columns) and exposures (arm = segment, converted = visit by default).
 *
 *   npx tsx scripts/split-hillstrom.ts ../shared/data/hillstrom.csv out-dir [--outcome visit|conversion]
 *
 * With --outcome conversion, spend is carried as revenue.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { HILLSTROM_SPLIT, splitCampaignResults } from '../lib/data/campaign-split';
import { csvLine } from '../lib/data/csv-format';

export async function splitHillstromFile(input: string, outDir: string, outcome: 'visit' | 'conversion' = 'visit') {
  const [header, ...rows] = parse(await readFile(input, 'utf8'), { bom: true }) as string[][];
  const out = splitCampaignResults(header, rows, {
    ...HILLSTROM_SPLIT,
    outcome,
    ...(outcome === 'conversion' ? { revenue: 'spend' } : {}),
  });
  await mkdir(outDir, { recursive: true });
  const files = { customers: path.join(outDir, 'customers.csv'), exposures: path.join(outDir, 'exposures.csv') };
  await writeFile(files.customers, `${out.customers.map(csvLine).join('\n')}\n`);
  await writeFile(files.exposures, `${out.exposures.map(csvLine).join('\n')}\n`);
  return { ...files, rows: out.customers.length - 1 };
}

if (process.argv[1]?.endsWith('split-hillstrom.ts')) {
  const [input, outDir] = process.argv.slice(2);
  const outcome = process.argv.includes('--outcome') ? process.argv[process.argv.indexOf('--outcome') + 1] : 'visit';
  if (!input || !outDir || (outcome !== 'visit' && outcome !== 'conversion')) {
    console.error('usage: tsx scripts/split-hillstrom.ts hillstrom.csv out-dir [--outcome visit|conversion]');
    process.exit(2);
  }
  void splitHillstromFile(input, outDir, outcome).then((r) =>
    console.log(`${r.rows} customers → ${r.customers}, ${r.exposures}`),
  );
}
