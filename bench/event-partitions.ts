/**
 * Event partitioned by month (issue 21 item 5), measured: the demo generator's customers and events (5,000 customers ≈
 * demo scale 1, ~300,000 events over a year) imported through the real pipeline into a throw-away database, then
 * the customer aggregates of the whole organisation (the query behind training sets, segmentation and the feature
 * rebuild; lib/features/load-aggregates.ts) and a month-bounded count, each timed as the median of 5 runs.
 * Run it on a checkout before partitioning and on one after, under the same conditions, to compare:
 *   nice -n 10 npx tsx --conditions=react-server bench/event-partitions.ts [customers=5000] [import rounds=1]
 */
import os from 'node:os';
import path from 'node:path';
import { openBenchDatabase } from './support/bench-db';
import { describeLoad, machineLoad, sampleCpu } from './support/machine-load';
import { median } from './support/reference';

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const out = await fn();
  return [performance.now() - t0, out];
}

async function main() {
  const customers = Number(process.argv[2] ?? 5000);
  const { ctx: ctxOf, close } = await openBenchDatabase(`op_bench_partitions_${process.pid}`);
  const { writeDemoCsvFiles } = await import('../lib/seed/seed-demo-data');
  const { importLocalFile } = await import('../lib/datasets/import-local-file');
  const { loadCustomerAggregates } = await import('../lib/features/load-aggregates');
  const { db } = await import('../lib/db');
  const { pgPool } = await import('../lib/pg-pool');
  const files = await writeDemoCsvFiles(path.join(os.tmpdir(), `offerpilot-bench-partitions-${customers}`), {
    customers,
  });
  const ctx = ctxOf('MANAGER');
  await importLocalFile(ctx, 'customers', files.customers);
  const cpu0 = process.cpuUsage();
  const s0 = sampleCpu();
  const [wallMs, { dataset }] = await timed(() => importLocalFile(ctx, 'events', files.events));
  const c = process.cpuUsage(cpu0);
  const load = machineLoad(s0, sampleCpu(), (c.user + c.system) / 1e6, wallMs / 1000);
  const done = await db.dataset.findUniqueOrThrow({ where: { id: dataset.id } });
  const txSecs = (done.finishedAt!.getTime() - done.createdAt.getTime()) / 1000;
  const pool = pgPool();
  const parts = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_inherits WHERE inhparent = to_regclass('public."Event"')`,
  );
  const span = await pool.query<{ lo: Date; hi: Date; n: number }>(
    `SELECT min("occurredAt") AS lo, max("occurredAt") AS hi, count(*)::int AS n FROM "Event" WHERE "organizationId" = $1`,
    [ctx.orgId],
  );
  const { lo, hi, n } = span.rows[0];
  const mid = new Date((lo.getTime() + hi.getTime()) / 2);
  const monthFrom = new Date(Date.UTC(mid.getUTCFullYear(), mid.getUTCMonth(), 1));
  const monthTo = new Date(Date.UTC(mid.getUTCFullYear(), mid.getUTCMonth() + 1, 1));
  const iso = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');

  const runs = async (fn: () => Promise<unknown>) => {
    await fn(); // warm
    const ms: number[] = [];
    for (let i = 0; i < 5; i++) ms.push((await timed(fn))[0]);
    return median(ms);
  };
  let sum = 0;
  const all = await runs(async () => {
    const m = await loadCustomerAggregates(ctx.orgId, null);
    sum = [...m.values()].reduce((s, r) => s + r.agg.views + r.agg.purchases, 0);
  });
  const asOf = await runs(() => loadCustomerAggregates(ctx.orgId, mid));
  let monthCount = 0;
  const month = await runs(async () => {
    const r = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "Event" WHERE "organizationId" = $1 AND "occurredAt" >= $2::timestamp AND "occurredAt" < $3::timestamp`,
      [ctx.orgId, iso(monthFrom), iso(monthTo)],
    );
    monthCount = r.rows[0].n;
  });
  console.log(
    `${n.toLocaleString('en-GB')} events of ${customers.toLocaleString('en-GB')} customers, ${iso(lo).slice(0, 10)} … ${iso(hi).slice(0, 10)}; ` +
      `${parts.rows[0].n} partitions of Event; ${os.cpus().length} cores, load averages ${os
        .loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')}`,
  );
  console.log(
    `events import: ${Math.round(done.rowsTotal / txSecs).toLocaleString('en-GB')} rows/s (transaction ${txSecs.toFixed(2)} s), ` +
      `end-to-end ${(wallMs / 1000).toFixed(2)} s with the feature refresh and ANALYZE (${describeLoad(load)})`,
  );
  console.log(`customer aggregates, whole organisation: ${all.toFixed(0)} ms (median of 5; views + purchases ${sum})`);
  console.log(`customer aggregates as of ${iso(mid)}: ${asOf.toFixed(0)} ms`);
  console.log(`count of one month (${iso(monthFrom).slice(0, 7)}, ${monthCount} events): ${month.toFixed(1)} ms`);
  await close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
