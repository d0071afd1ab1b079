/**
 * The whole UCI Online Retail export (../shared/data/online-retail.csv.gz, 541,909 lines) imported as events with the
 * mapping of the e2e journey (InvoiceDate M/D/YYYY, type = purchase, C-invoices → return, customers created), into a
 * throw-away database, exactly as an upload is (gunzip, mapping, validation, duplicates, report). Prints rows/s next
 * to an anchor measured in the same run on the same decompressed file: csv-parse alone.
 * Expected counts (independent Python csv pass): 401,604 kept, 135,080 rejected, 5,225 duplicates, 8,872 returns.
 *   nice -n 10 npx tsx --conditions=react-server bench/online-retail-import.ts
 */
import { createReadStream } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';
import { sharedDataFile } from '../scripts/shared-data';
import { openBenchDatabase } from './support/bench-db';

const MAPPING = {
  columns: { timestamp: 'InvoiceDate', product_id: 'StockCode' },
  constants: { type: 'purchase' },
  derive: [{ column: 'type', value: 'return', when: { source: 'InvoiceNo', op: 'starts_with', arg: 'C' } }],
  dateFormat: 'mdy',
  createCustomers: true,
};

async function parseOnly(file: string): Promise<{ rows: number; secs: number }> {
  const t0 = performance.now();
  let rows = -1;
  for await (const _ of createReadStream(file)
    .pipe(createGunzip())
    .pipe(parse({ relax_column_count: true })))
    rows++;
  return { rows, secs: (performance.now() - t0) / 1000 };
}

async function main() {
  const { file, reason } = sharedDataFile('online-retail.csv.gz');
  if (!file) {
    console.log(`skipped: ${reason}`);
    return;
  }
  const { db, ctx, close } = await openBenchDatabase('op_bench_retail');
  const { importLocalFile } = await import('../lib/datasets/import-local-file');
  const anchor = await parseOnly(file);
  const t0 = performance.now();
  const { dataset } = await importLocalFile(ctx('MANAGER'), 'events', file, 'Online Retail', MAPPING);
  const secs = (performance.now() - t0) / 1000;
  const d = await db.dataset.findUniqueOrThrow({ where: { id: dataset.id } });
  const returns = await db.event.count({ where: { datasetId: d.id, type: 'RETURN' } });
  const customers = await db.customer.count({ where: { datasetId: d.id } });
  console.log(
    `status ${d.status}: ${d.rowsTotal.toLocaleString()} lines, ${d.rowsAccepted.toLocaleString()} kept, ` +
      `${d.rowsRejected.toLocaleString()} rejected, ${d.rowsDuplicate.toLocaleString()} duplicates, ` +
      `${returns.toLocaleString()} returns, ${customers.toLocaleString()} customers created`,
  );
  const expected = [541_909, 401_604, 135_080, 5_225, 8_872, 4_372];
  const got = [d.rowsTotal, d.rowsAccepted, d.rowsRejected, d.rowsDuplicate, returns, customers];
  console.log(
    `counts ${got.every((x, i) => x === expected[i]) ? 'match' : 'DIFFER from'} the independent Python pass ` +
      `(${expected.map((x) => x.toLocaleString()).join(' / ')}); load averages ${loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')} on ${cpus().length} cores`,
  );
  console.log('stage                               rows/s     ratio to import');
  const rate = (n: number, s: number) => Math.round(n / s);
  const imp = rate(d.rowsTotal, secs);
  console.log(
    `gunzip + csv-parse (anchor)   ${String(rate(anchor.rows, anchor.secs)).padStart(10)}   ${(rate(anchor.rows, anchor.secs) / imp).toFixed(2)}x`,
  );
  console.log(`full import into Postgres     ${String(imp).padStart(10)}   1.00x  (${secs.toFixed(1)} s)`);
  // the import's transaction alone: upload received -> committed (the rest is the feature refresh and ANALYZE)
  const tx = (d.finishedAt!.getTime() - d.createdAt.getTime()) / 1000;
  console.log(
    `import transaction            ${String(rate(d.rowsTotal, tx)).padStart(10)}          (${tx.toFixed(1)} s)`,
  );
  const inDefault = await db.$queryRawUnsafe<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM "Event_default" WHERE "datasetId" = '${d.id}'`,
  );
  console.log(`rows left in "Event_default": ${inDefault[0].n}`);
  await close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
