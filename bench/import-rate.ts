/**
 * Import rate of the upload pipeline on real Postgres: a generated events file of ~1,000,000 rows (plus its
 * customers) imported exactly as an upload is, into a throw-away database on the local test server.
 * Baselines in the same run: csv-parse alone, and csv-parse + row validation (no database), on the same file.
 *   npx tsx --conditions=react-server bench/import-rate.ts [customers=17000]
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse';
import { openBenchDatabase } from './support/bench-db';

async function parseOnly(file: string, validate: boolean): Promise<{ rows: number; secs: number }> {
  const { resolveHeader, validateRow } = await import('../lib/data/csv-schema');
  const t0 = performance.now();
  let rows = 0;
  let mapping: ReturnType<typeof resolveHeader<'events'>> | null = null;
  for await (const rec of createReadStream(file).pipe(parse({ bom: true, relax_column_count: true, info: true }))) {
    const { record, info } = rec as { record: string[]; info: { lines: number } };
    if (!mapping) {
      mapping = resolveHeader('events', record);
      continue;
    }
    rows++;
    if (validate && mapping.ok)
      validateRow('events', record, info.lines, mapping.mapping, { knownCustomer: () => true });
  }
  return { rows, secs: (performance.now() - t0) / 1000 };
}

async function main() {
  const customers = Number(process.argv[2] ?? 17000);
  const { db, ctx: ctxOf, close } = await openBenchDatabase('op_bench_import');
  const { writeDemoCsvFiles } = await import('../lib/seed/seed-demo-data');
  const { importLocalFile } = await import('../lib/datasets/import-local-file');
  const files = await writeDemoCsvFiles(path.join(os.tmpdir(), 'offerpilot-bench-import'), { customers });
  const mb = (await stat(files.events)).size / 1048576;

  const p = await parseOnly(files.events, false);
  const v = await parseOnly(files.events, true);
  const ctx = ctxOf('MANAGER');
  await importLocalFile(ctx, 'customers', files.customers);
  const t0 = performance.now();
  const { dataset } = await importLocalFile(ctx, 'events', files.events);
  const secs = (performance.now() - t0) / 1000;
  const done = await db.dataset.findUniqueOrThrow({ where: { id: dataset.id } });
  const stored = await db.event.count({ where: { datasetId: dataset.id } });

  const rate = (rows: number, s: number) => Math.round(rows / s);
  console.log(
    `events file: ${done.rowsTotal.toLocaleString()} rows, ${mb.toFixed(1)} MiB; status ${done.status}; stored ${stored.toLocaleString()} rows`,
  );
  console.log('stage                               rows/s     ratio to import');
  console.log(
    `csv-parse only (baseline)       ${String(rate(p.rows, p.secs)).padStart(10)}   ${(rate(p.rows, p.secs) / rate(done.rowsTotal, secs)).toFixed(2)}x`,
  );
  console.log(
    `csv-parse + validation          ${String(rate(v.rows, v.secs)).padStart(10)}   ${(rate(v.rows, v.secs) / rate(done.rowsTotal, secs)).toFixed(2)}x`,
  );
  console.log(
    `full import into Postgres       ${String(rate(done.rowsTotal, secs)).padStart(10)}   1.00x  (${secs.toFixed(1)} s)`,
  );
  await close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
