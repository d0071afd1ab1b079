/**
 * Times the Overview (counts + the manager's home, and each part of the home) and an experiment's results against a
 * database kept by the scale bench (`SCALE_KEEP_DB=op_perf_s10 … bench/scale.ts 10`), without generating it again:
 *   BENCH_DB_URL=postgresql://root@127.0.0.1:5432/op_perf_s10 nice -n 10 npx tsx --conditions=react-server \
 *     bench/overview-results.ts [repeats, default 5]
 * Prints the first call and the median of the repeats of each, in ms (same shapes as bench/scale.ts).
 */
import { loadavg } from 'node:os';
import { acmeContexts, setBenchEnv } from './support/bench-env';

const REPEATS = Number(process.argv[2] ?? 5);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main() {
  const url = process.env.BENCH_DB_URL;
  if (!url) throw new Error('set BENCH_DB_URL to a database kept by bench/scale.ts (SCALE_KEEP_DB)');
  setBenchEnv(url);
  const { db, closeDatabaseConnections } = await import('../lib/db');
  const { getOverview } = await import('../lib/overview/get-overview');
  const { managerHome } = await import('../lib/overview/manager-home');
  const { experimentResults } = await import('../lib/experiments/experiment-results');
  const { measureRollout } = await import('../lib/policies/rollout-measurement');
  const { modelMonitoring } = await import('../lib/models/model-monitoring');

  const admin = (await acmeContexts(db))('ADMIN');
  const orgId = admin.orgId;
  const experiment = await db.experiment.findFirstOrThrow({ where: { organizationId: orgId } });
  const active = await db.policyVersion.findMany({
    where: { organizationId: orgId, status: { in: ['ACTIVE', 'PAUSED'] } },
  });
  const served = await db.modelVersion.findFirst({ where: { organizationId: orgId, isActive: true } });

  const parts: { what: string; fn: () => Promise<unknown> }[] = [
    { what: 'Overview (counts + manager home)', fn: () => Promise.all([getOverview(admin), managerHome(admin)]) },
    { what: '  getOverview (counts)', fn: () => getOverview(admin) },
    { what: '  managerHome', fn: () => managerHome(admin) },
    ...active.map((v) => ({ what: `    measureRollout v${v.version}`, fn: () => measureRollout(admin, v.id) })),
    {
      what: '    experimentResults (asOf now)',
      fn: () => experimentResults(admin, experiment.id, { asOf: new Date() }),
    },
    ...(served ? [{ what: '    modelMonitoring', fn: () => modelMonitoring(admin, served.id) }] : []),
    { what: 'experimentResults (the results API)', fn: () => experimentResults(admin, experiment.id) },
  ];
  for (const { what, fn } of parts) {
    const t0 = performance.now();
    await fn();
    const first = performance.now() - t0;
    const again: number[] = [];
    for (let i = 0; i < REPEATS; i++) {
      const t = performance.now();
      await fn();
      again.push(performance.now() - t);
    }
    console.log(`${what.padEnd(44)} ${first.toFixed(0).padStart(7)} ${median(again).toFixed(0).padStart(7)}  ms`);
  }
  console.log(
    `load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  await closeDatabaseConnections();
}

main()
  .then(() => process.exit(0))
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
