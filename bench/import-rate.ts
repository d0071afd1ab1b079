/**
 * Import rate and memory of the upload pipeline on real Postgres: a generated events file of ~1,000,000 rows (plus
 * its customers; 50,000 customers ≈ 3 M events, the demo's scale 10) imported exactly as an upload is, into a
 * throw-away database on the local test server. The events import's peak resident memory (kernel high-water mark
 * of this, the importing, process) is printed beside its rate, with the V8 heap and external peaks.
 * Anchors in the same run, on the same file and rows:
 *   - csv-parse alone, and csv-parse + row validation (no database);
 *   - bare COPY: the rows the import stored, already resolved (internal customer ids, enum types), exported with
 *     `COPY … TO STDOUT` into memory and copied with `COPY … FROM STDIN` into a table of the same shape as "Event"
 *     (same columns, defaults, indexes and customer foreign key), in one transaction. Nothing is parsed,
 *     validated, de-duplicated or profiled: the floor for storing these rows through this connection.
 * The import's time is its transaction (upload received → committed, Dataset.createdAt → finishedAt); the
 * end-to-end time adds the feature-store rebuild and ANALYZE that follow the commit.
 *   nice -n 10 npx tsx --conditions=react-server bench/import-rate.ts [customers=17000] [anchor rounds=2] [no-parse]
 * The generated files are kept in $TMPDIR/offerpilot-bench-import-<customers> and reused by the next run;
 * `no-parse` skips the parse-only anchors (two extra passes over the file; they read records with csv-parse's
 * `info` option, which the import no longer uses, so they overstate the import's own parsing cost).
 * The generated events name existing customers: the import COPYs them straight into "Event" (event-rows.ts).
 * Last measured (issue 17 item 3, README "Ingest"; another engineer's benchmarks on 1.4–2 of the 2 cores):
 * 1,023,446 events 47,516 rows/s, 1.25x its bare COPY (the code before, run just before it: 26,367 rows/s, 2.48x);
 * 3 M events 41,696 rows/s, 1.44x, peak RSS 356 MiB.
 */
import { createReadStream } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { openBenchDatabase } from './support/bench-db';
import { describeLoad, machineLoad, sampleCpu } from './support/machine-load';
import { mib, trackPeakMemory } from './support/peak-memory';
import { postgresCpuSeconds } from './support/postgres-cpu';
import { median } from './support/reference';

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

const COLS = `"organizationId", "datasetId", "customerId", type, "occurredAt", "productId", category, price, quantity, "sessionId", "dwellSeconds"`;

/** The stored rows of one dataset as COPY text chunks, in id (file) order. */
async function exportResolved(datasetId: string): Promise<Buffer[]> {
  const { pgPool } = await import('../lib/pg-pool');
  const client = await pgPool().connect();
  try {
    const chunks: Buffer[] = [];
    const out = client.query(
      copyTo(`COPY (SELECT ${COLS} FROM "Event" WHERE "datasetId" = '${datasetId}' ORDER BY id) TO STDOUT`),
    );
    out.on('data', (c: Buffer) => chunks.push(c));
    await finished(out);
    return chunks;
  } finally {
    client.release();
  }
}

/**
 * Bare COPY of resolved rows into a fresh table shaped like "Event"; seconds from BEGIN to COMMIT, and the CPU
 * seconds of this process and of the PostgreSQL server with data directory `dataDir` over them.
 */
async function bareCopy(
  chunks: Buffer[],
  round: number,
  dataDir: string,
): Promise<{ secs: number; rows: number; cpu: number }> {
  const { pgPool } = await import('../lib/pg-pool');
  const client = await pgPool().connect();
  const table = `bench_event_anchor_${round}`;
  try {
    await client.query(`CREATE TABLE ${table} (LIKE "Event" INCLUDING ALL)`);
    await client.query(
      `ALTER TABLE ${table} ADD FOREIGN KEY ("organizationId", "customerId") REFERENCES "Customer" ("organizationId", id) ON DELETE CASCADE`,
    );
    const n0 = process.cpuUsage();
    const p0 = postgresCpuSeconds(dataDir);
    const t0 = performance.now();
    await client.query('BEGIN');
    const stream = client.query(copyFrom(`COPY ${table} (${COLS}) FROM STDIN`));
    for (const c of chunks) if (!stream.write(c)) await new Promise((r) => stream.once('drain', r));
    stream.end();
    await finished(stream);
    await client.query('COMMIT');
    const secs = (performance.now() - t0) / 1000;
    const n = process.cpuUsage(n0);
    const cpu = (n.user + n.system) / 1e6 + postgresCpuSeconds(dataDir) - p0;
    return { secs, rows: stream.rowCount, cpu };
  } finally {
    await client.query(`DROP TABLE IF EXISTS ${table}`);
    client.release();
  }
}

async function main() {
  const customers = Number(process.argv[2] ?? 17000);
  const rounds = Number(process.argv[3] ?? 2);
  const withParse = process.argv[4] !== 'no-parse';
  process.env.MAX_UPLOAD_BYTES ??= String(1 << 30); // the scale-10 file (210 MiB) is over the default limit
  const { db, ctx: ctxOf, close } = await openBenchDatabase('op_bench_import');
  const { writeDemoCsvFiles } = await import('../lib/seed/seed-demo-data');
  const { importLocalFile } = await import('../lib/datasets/import-local-file');
  const dir = path.join(os.tmpdir(), `offerpilot-bench-import-${customers}`);
  const files = {
    customers: path.join(dir, 'customers.csv'),
    events: path.join(dir, 'events.csv'),
    exposures: path.join(dir, 'exposures.csv'),
  };
  const have = await Promise.all(
    Object.values(files).map((f) =>
      access(f).then(
        () => true,
        () => false,
      ),
    ),
  );
  if (!have.every(Boolean)) await writeDemoCsvFiles(dir, { customers });
  const mb = (await stat(files.events)).size / 1048576;

  const p = withParse ? await parseOnly(files.events, false) : null;
  const v = withParse ? await parseOnly(files.events, true) : null;
  const ctx = ctxOf('MANAGER');
  await importLocalFile(ctx, 'customers', files.customers);
  // the server's data directory, for its CPU seconds (support/postgres-cpu.ts)
  const dataDir = ((await db.$queryRawUnsafe('SHOW data_directory')) as { data_directory: string }[])[0].data_directory;
  (globalThis as { gc?: () => void }).gc?.();
  const memory = trackPeakMemory();
  const cpu0 = process.cpuUsage();
  const cpuP0 = postgresCpuSeconds(dataDir);
  const s0 = sampleCpu();
  const t0 = performance.now();
  const { dataset } = await importLocalFile(ctx, 'events', files.events);
  const wall = (performance.now() - t0) / 1000;
  const cpuNode = ((c) => (c.user + c.system) / 1e6)(process.cpuUsage(cpu0));
  const cpuPg = postgresCpuSeconds(dataDir) - cpuP0;
  const mem = memory.stop();
  const load = machineLoad(s0, sampleCpu(), cpuNode, wall);
  const done = await db.dataset.findUniqueOrThrow({ where: { id: dataset.id } });
  const secs = (done.finishedAt!.getTime() - done.createdAt.getTime()) / 1000;
  const stored = await db.event.count({ where: { datasetId: dataset.id } });

  const chunks = await exportResolved(dataset.id);
  const anchors: { secs: number; rows: number; cpu: number; load: string }[] = [];
  for (let r = 0; r < rounds; r++) {
    const c0 = process.cpuUsage();
    const a0 = sampleCpu();
    const a = await bareCopy(chunks, r, dataDir);
    const c = process.cpuUsage(c0);
    anchors.push({ ...a, load: describeLoad(machineLoad(a0, sampleCpu(), (c.user + c.system) / 1e6, a.secs)) });
  }
  const anchorSecs = median(anchors.map((a) => a.secs));
  const anchorCpu = median(anchors.map((a) => a.cpu));

  const rate = (rows: number, s: number) => Math.round(rows / s);
  const imp = rate(done.rowsTotal, secs);
  console.log(
    `events file: ${done.rowsTotal.toLocaleString()} rows, ${mb.toFixed(1)} MiB; status ${done.status}; stored ${stored.toLocaleString()} rows ` +
      `(${done.rowsRejected} rejected, ${done.rowsDuplicate} duplicates); ${os.cpus().length} cores, load averages ${os
        .loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')}`,
  );
  console.log('stage                                        rows/s    seconds   ratio (import time / stage time)');
  const row = (name: string, rows: number, s: number) =>
    console.log(
      `${name.padEnd(40)} ${String(rate(rows, s)).padStart(10)} ${s.toFixed(2).padStart(9)}   ${(secs / s).toFixed(2)}x`,
    );
  if (p) row('csv-parse only', p.rows, p.secs);
  if (v) row('csv-parse + validation', v.rows, v.secs);
  for (const [i, a] of anchors.entries()) row(`bare COPY of resolved rows, round ${i + 1}`, a.rows, a.secs);
  console.log(
    `${'full import (transaction)'.padEnd(40)} ${String(imp).padStart(10)} ${secs.toFixed(2).padStart(9)}   1.00x  (${describeLoad(load)})`,
  );
  console.log(
    `${'full import end-to-end (+rebuild, ANALYZE)'.padEnd(40)} ${String(rate(done.rowsTotal, wall)).padStart(10)} ${wall.toFixed(2).padStart(9)}`,
  );
  for (const a of anchors) console.log(`  anchor load: ${a.load}`);
  // CPU seconds hardly move with the machine's load (wall seconds do): the comparable figure on a shared machine
  console.log(
    `CPU seconds of the events import end to end: Node ${cpuNode.toFixed(1)} + PostgreSQL ${cpuPg.toFixed(1)} = ` +
      `${(cpuNode + cpuPg).toFixed(1)}; bare COPY ${anchors.map((a) => a.cpu.toFixed(1)).join(', ')}; ` +
      `import CPU / bare COPY CPU (median) ${((cpuNode + cpuPg) / anchorCpu).toFixed(2)}x`,
  );
  console.log(
    `importing process memory during the events import: peak RSS ${mib(mem.rssPeak)} (${mib(mem.rssStart)} at its ` +
      `start; target < 400 MiB), V8 heap used peak ${mib(mem.heapUsedPeak)}, external peak ${mib(mem.externalPeak)}; ` +
      `highest sampled RSS ${mib(mem.atRssPeak.rss)} at ${mem.atRssPeak.secs.toFixed(0)} s of ${wall.toFixed(0)} s ` +
      `(heap used ${mib(mem.atRssPeak.heapUsed)}, external ${mib(mem.atRssPeak.external)})`,
  );
  console.log(
    `import / bare COPY (median of ${rounds}): ${(secs / anchorSecs).toFixed(2)}x; target <= 1.2x and >= 100,000 rows/s: ` +
      `${secs / anchorSecs <= 1.2 ? 'met' : 'NOT met'} / ${imp >= 100_000 ? 'met' : 'NOT met'}`,
  );
  await close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
