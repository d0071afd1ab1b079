/**
 * Scale bench (issue 21 item 6): the demo merchant at scale N (N × 5,000 customers, ≈ N × 300,000 events, ≈ N × 20,000
 * exposures) generated into a throw-away database `op_scale_<N>_<pid>` (SCALE_PG_URL, default the system PostgreSQL
 * at postgresql://root@127.0.0.1:5432), imported through the real upload pipeline, then a training job and a
 * segmentation run by the worker code, the stored results computed, and every dashboard API timed in this process
 * (route handlers called as Next calls them, with an admin API key: first call and median of 3 more), plus the
 * first and the median of 100 `POST /api/v1/offers` of a budgeted model-optimal version. Route modules are loaded
 * before anything is timed (once per process in a server), so a first call is the first for this data and version.
 * Peak RSS of this process (which runs the imports exactly as the server does) is sampled every 50 ms.
 *
 * Prints a table and writes bench/out/scale-s<N>.json; with the JSON of other scales there, also the table across
 * scales with growth factors against the smallest. The database is dropped at the end (--keep keeps it; env
 * SCALE_KEEP_DB=<name> names it and keeps it).
 *   nice -n 10 npx tsx --conditions=react-server bench/scale.ts 4      (--customers=500 for a quick smoke run)
 * Not measured here: server-rendered pages (no Next server runs), the app server's RSS as a separate process.
 */
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os, { loadavg } from 'node:os';
import path from 'node:path';
import type { NextRequest } from 'next/server';
import { acmeContexts, setBenchEnv } from './support/bench-env';
import { withThrowAwayDatabase } from './support/throwaway-db';

const N = Number(process.argv[2] ?? 1);
/** SCALE_KEEP_DB=<name>: generate into this database and keep it (for bench/overview-results.ts to time against) */
const KEEP_DB = process.env.SCALE_KEEP_DB;
const KEEP = process.argv.includes('--keep') || KEEP_DB !== undefined;
/** --customers=<n>: customers at scale 1 (default 5,000), for a quick smoke run */
const BASE = Number(process.argv.find((a) => a.startsWith('--customers='))?.split('=')[1] ?? 5000);
const OUT = path.join(import.meta.dirname, 'out');

interface Row {
  what: string;
  ms: number;
  /** a second figure: median of repeats, or rows/s */
  median?: number;
  note?: string;
}
const rows: Row[] = [];

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

async function main() {
  if (!Number.isInteger(N) || N < 1 || N > 20) throw new Error('usage: bench/scale.ts <scale 1..20> [--keep]');
  const name = KEEP_DB ?? `op_scale_${N}_${process.pid}`;
  await withThrowAwayDatabase(name, KEEP, run);
}

async function run(url: string) {
  setBenchEnv(url);
  process.env.MAX_UPLOAD_BYTES ??= String(2 * 1024 ** 3); // the s10 events file is over the 200 MiB default
  const { NextRequest } = await import('next/server');
  const { seedDemo } = await import('../scripts/seed');
  await seedDemo(url);
  const { db } = await import('../lib/db');
  const { pgPool } = await import('../lib/pg-pool');
  const { writeDemoCsvFiles } = await import('../lib/seed/seed-demo-data');
  const { importLocalFile } = await import('../lib/datasets/import-local-file');
  const { seedDemoExperiment } = await import('../lib/seed/seed-demo-experiment');
  const { runOneJob } = await import('../lib/jobs/worker');
  const { runNextComputation } = await import('../lib/computed/compute-result');
  const { markCandidate, activateModelVersion } = await import('../lib/models/model-versions');
  const { createCampaign, draftPolicyVersion, applyPolicyAction } = await import('../lib/policies/policy-store');
  const { createApiKey } = await import('../lib/settings/api-keys');
  const { getOverview } = await import('../lib/overview/get-overview');
  const { managerHome } = await import('../lib/overview/manager-home');

  const ctxOf = await acmeContexts(db);
  const [admin, manager, analyst] = [ctxOf('ADMIN'), ctxOf('MANAGER'), ctxOf('ANALYST')];
  const orgId = admin.orgId;

  // 1. generate and import
  const dir = path.join(os.tmpdir(), `op-scale-${N}-${process.pid}`);
  const gen = await timed(() => writeDemoCsvFiles(dir, { scale: N, customers: BASE }));
  console.log(`[scale ${N}] files written in ${(gen.ms / 1000).toFixed(1)} s`);
  for (const kind of ['customers', 'events', 'exposures'] as const) {
    const file = gen.value[kind];
    const mib = (await stat(file)).size / 1048576;
    const r = await timed(() => importLocalFile(manager, kind, file, `Scale ${N} ${kind}`));
    const d = await db.dataset.findUniqueOrThrow({ where: { id: r.value.dataset.id } });
    if (d.status !== 'COMPLETED') throw new Error(`${kind} import ended ${d.status}: ${d.error}`);
    rows.push({
      what: `import ${kind} (${d.rowsAccepted.toLocaleString('en-GB')} rows, ${mib.toFixed(0)} MiB)`,
      ms: r.ms,
      median: Math.round(d.rowsTotal / (r.ms / 1000)),
      note: 'rows/s',
    });
    console.log(`[scale ${N}] ${rows.at(-1)!.what}: ${(r.ms / 1000).toFixed(1)} s`);
  }
  rows.push({ what: 'peak RSS during imports (MiB)', ms: peakRss / 1048576, note: 'MiB, not ms' });
  // the feature-store part of the imports, again on its own: what each file now refreshes, against the full
  // rebuild every import used to run (no row changes on these second runs: the reads and the comparison)
  const { refreshFeaturesAfterImport } = await import('../lib/serving/refresh-features-after-import');
  const { rebuildFeatureStore } = await import('../lib/serving/rebuild-features');
  for (const kind of ['events', 'exposures', 'customers'] as const) {
    const d = await db.dataset.findFirstOrThrow({
      where: { organizationId: orgId, kind: kind.toUpperCase() as never },
    });
    rows.push({
      what: `feature refresh after the ${kind} file (again)`,
      ms: (await timed(() => refreshFeaturesAfterImport(orgId, d.id, kind))).ms,
    });
  }
  rows.push({
    what: 'full feature-store rebuild (what every import ran before)',
    ms: (await timed(() => rebuildFeatureStore(orgId))).ms,
  });
  await seedDemoExperiment('acme', { scale: N, customers: BASE });

  // 2. a training job and a segmentation, as the worker runs them
  await db.trainingJob.create({
    data: {
      organizationId: orgId,
      createdById: analyst.userId,
      params: {
        name: 'conversion-response',
        folds: 3,
        algorithms: [
          { name: 'logistic-regression', grid: { l2: [0.1, 1] } },
          { name: 'gbdt', grid: { learningRate: [0.1], maxLeaves: [15], nEstimators: [150] } },
        ],
      },
    },
  });
  rows.push({ what: 'training job (LR + GBDT, 3 folds)', ms: (await timed(() => runOneJob('bench-scale'))).ms });
  await db.trainingJob.create({
    data: {
      organizationId: orgId,
      kind: 'SEGMENT',
      createdById: analyst.userId,
      params: { algorithm: 'kmeans', kMin: 2, kMax: 6 },
    },
  });
  rows.push({ what: 'segmentation job (k-means, k 2..6)', ms: (await timed(() => runOneJob('bench-scale'))).ms });
  console.log(`[scale ${N}] trained and segmented`);
  const gbdt = await db.modelVersion.findFirstOrThrow({ where: { organizationId: orgId, algorithm: 'gbdt' } });
  await markCandidate(analyst, gbdt.id);
  await activateModelVersion(admin, gbdt.id);

  // 3. a budgeted model-optimal version, live for everyone
  const campaign = await createCampaign(manager, { name: 'Always-on offers', marginPct: 40 });
  const version = await draftPolicyVersion(manager, {
    campaignId: campaign.id,
    name: 'Smart',
    rules: {
      mode: 'model-optimal',
      modelVersionId: gbdt.id,
      levels: [0, 5, 10, 15, 20],
      orderValue: 60,
      marginPct: 40,
      maxDiscountPct: 20,
      budgetPerOffer: 2,
      attachToTopCategory: true,
    },
  });
  await applyPolicyAction(manager, version.id, { action: 'submit' });
  await applyPolicyAction(admin, version.id, { action: 'approve', comment: 'bench' });
  await applyPolicyAction(admin, version.id, { action: 'activate', rolloutPct: 100 });

  // 4. the worker computes the stored results the imports and the new version asked for
  for (;;) {
    const r = await timed(() => runNextComputation('bench-scale'));
    if (!r.value) break;
  }
  const models = new Map(
    (await db.modelVersion.findMany({ where: { organizationId: orgId }, select: { id: true, algorithm: true } })).map(
      (m) => [m.id, m.algorithm],
    ),
  );
  for (const c of await db.computedResult.findMany({ where: { organizationId: orgId }, orderBy: { kind: 'asc' } }))
    rows.push({
      what: `worker: stored ${c.kind.toLowerCase()}${models.has(c.key) ? ` of the ${models.get(c.key)}` : ''} (${c.status})`,
      ms: c.durationMs ?? Number.NaN,
    });

  // 5. dashboard APIs, in this process
  const { key } = await createApiKey(admin, {
    name: 'bench',
    role: 'ADMIN',
    rateLimitPerSecond: 100_000,
    rateLimitBurst: 100_000,
  });
  const experiment = await db.experiment.findFirstOrThrow({ where: { organizationId: orgId } });
  // route modules are loaded (and transpiled by tsx) before anything is timed: a server loads each once per process,
  // so "first" below is the first call of that route for this data, model and version — not the module's loading
  const routes = new Map<string, Record<string, Handler>>();
  const route = async (mod: string) => {
    if (!routes.has(mod)) routes.set(mod, (await import(`../app/api/v1/${mod}/route`)) as Record<string, Handler>);
    return routes.get(mod)!;
  };
  const call = async (mod: string, url: string, params: Record<string, string> = {}, body?: unknown) => {
    const handlers = await route(mod);
    const req = new NextRequest(`http://localhost${url}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const res = await handlers[body === undefined ? 'GET' : 'POST'](req, { params: Promise.resolve(params) });
    await res.text();
    if (res.status >= 400) throw new Error(`${url}: ${res.status}`);
  };
  // each API timed, with the route module it calls (loaded before anything is timed)
  const get = (mod: string, url: string, params: Record<string, string> = {}) => ({
    mod,
    fn: () => call(mod, url, params),
  });
  // the demo experiment is seeded as finished: the manager's home reads a running experiment's results, so the
  // Overview is timed a second time with it marked RUNNING (and STOPPED again after)
  const whileRunning = async (run: () => Promise<void>) => {
    await db.experiment.update({ where: { id: experiment.id }, data: { status: 'RUNNING' } });
    try {
      await run();
    } finally {
      await db.experiment.update({ where: { id: experiment.id }, data: { status: 'STOPPED' } });
    }
  };
  const overview = () => Promise.all([getOverview(admin), managerHome(admin)]);
  const apis: {
    what: string;
    mod?: string;
    fn: () => Promise<unknown>;
    around?: (run: () => Promise<void>) => Promise<void>;
  }[] = [
    { what: 'Overview (counts + manager home)', fn: overview },
    { what: 'Overview, the demo experiment running', fn: overview, around: whileRunning },
    { what: 'GET /datasets', ...get('datasets', '/api/v1/datasets') },
    { what: 'GET /customers', ...get('customers', '/api/v1/customers?limit=50') },
    { what: 'GET /segments', ...get('segments', '/api/v1/segments') },
    { what: 'GET /jobs', ...get('jobs', '/api/v1/jobs') },
    { what: 'GET /models', ...get('models', '/api/v1/models') },
    { what: 'GET /models/:id', ...get('models/[id]', `/api/v1/models/${gbdt.id}`, { id: gbdt.id }) },
    {
      what: 'GET /models/:id/explain',
      ...get('models/[id]/explain', `/api/v1/models/${gbdt.id}/explain`, { id: gbdt.id }),
    },
    {
      what: 'GET /models/:id/monitoring',
      ...get('models/[id]/monitoring', `/api/v1/models/${gbdt.id}/monitoring`, { id: gbdt.id }),
    },
    { what: 'GET /campaigns', ...get('campaigns', '/api/v1/campaigns') },
    { what: 'GET /policies/audit', ...get('policies/audit', '/api/v1/policies/audit') },
    {
      what: 'GET /recommendations/evaluation',
      ...get('recommendations/evaluation', '/api/v1/recommendations/evaluation?k=3'),
    },
    {
      what: 'GET /policies/versions/:id/evaluation',
      ...get('policies/versions/[id]/evaluation', `/api/v1/policies/versions/${version.id}/evaluation`, {
        id: version.id,
      }),
    },
    { what: 'GET /experiments', ...get('experiments', '/api/v1/experiments') },
    { what: 'GET /experiments/plan', ...get('experiments/plan', '/api/v1/experiments/plan?mdePct=5&marginPct=40') },
    {
      what: 'GET /experiments/:id/results',
      ...get('experiments/[id]/results', `/api/v1/experiments/${experiment.id}/results`, { id: experiment.id }),
    },
  ];
  for (const mod of [...apis.flatMap((a) => (a.mod ? [a.mod] : [])), 'offers']) await route(mod);
  for (const { what, fn, around = (run: () => Promise<void>) => run() } of apis) {
    try {
      await around(async () => {
        const first = (await timed(fn)).ms;
        const again: number[] = [];
        for (let i = 0; i < 3; i++) again.push((await timed(fn)).ms);
        rows.push({ what, ms: first, median: median(again), note: 'first / median of 3' });
      });
    } catch (err) {
      rows.push({ what, ms: Number.NaN, note: `failed: ${(err as Error).message}` });
    }
    console.log(`[scale ${N}] ${what}`);
  }

  // 6. offers: the first of the version in this process, then 100 more customers
  const customers = (
    await pgPool().query<{ externalId: string }>(
      `SELECT "externalId" FROM "Customer" WHERE "organizationId" = $1 ORDER BY "externalId" LIMIT 101`,
      [orgId],
    )
  ).rows.map((r) => r.externalId);
  const offer = (id: string) => call('offers', '/api/v1/offers', {}, { customerId: id });
  const firstOffer = (await timed(() => offer(customers[0]))).ms;
  const offers: number[] = [];
  for (const c of customers.slice(1)) offers.push((await timed(() => offer(c))).ms);
  rows.push({
    what: 'POST /offers (budgeted model-optimal, top category)',
    ms: firstOffer,
    median: median(offers),
    note: 'first / median of 100',
  });

  clearInterval(sampler);
  const load = loadavg();
  const summary = { scale: N, load1: load[0], at: new Date().toISOString(), rows };
  await mkdir(OUT, { recursive: true });
  if (BASE === 5000) await writeFile(path.join(OUT, `scale-s${N}.json`), JSON.stringify(summary, null, 2));
  console.log(`\nscale ${N} (load average ${load.map((x) => x.toFixed(2)).join(' ')}; shared machine)`);
  for (const r of rows)
    console.log(
      `${r.what.padEnd(62)} ${Number.isNaN(r.ms) ? '   —' : r.ms.toFixed(0).padStart(8)}${r.median !== undefined ? ` ${r.median.toFixed(0).padStart(9)}` : ''}  ${r.note ?? 'ms'}`,
    );
  await printAcrossScales();

  await rm(dir, { recursive: true, force: true });
}

/** Every scale whose JSON is in bench/out, side by side, with the growth factor of the largest over the smallest. */
async function printAcrossScales() {
  const files = (await readdir(OUT)).filter((f) => /^scale-s\d+\.json$/.test(f));
  if (files.length < 2) return;
  const runs = (await Promise.all(files.map(async (f) => JSON.parse(await readFile(path.join(OUT, f), 'utf8')))))
    .map((r) => r as { scale: number; load1: number; rows: Row[] })
    .sort((a, b) => a.scale - b.scale);
  const key = (w: string) => w.replace(/ \(.*rows.*\)$/, '');
  const whats = runs[0].rows.map((r) => key(r.what));
  const fig = (r: Row | undefined) => (r ? (r.median ?? r.ms) : Number.NaN);
  console.log(
    `\n${'what (ms; rows/s for imports; median where repeated)'.padEnd(62)} ${runs.map((r) => `s${r.scale}`.padStart(9)).join(' ')}  s${runs.at(-1)!.scale}/s${runs[0].scale}`,
  );
  for (const w of whats) {
    const vals = runs.map((r) => fig(r.rows.find((x) => key(x.what) === w)));
    const g = vals.at(-1)! / vals[0];
    console.log(
      `${w.padEnd(62)} ${vals.map((v) => (Number.isNaN(v) ? '—' : v.toFixed(0)).padStart(9)).join(' ')}  ${Number.isFinite(g) ? `${g.toFixed(1)}×` : '—'}`,
    );
  }
  console.log(`load average (1 min) at the end of each run: ${runs.map((r) => r.load1.toFixed(1)).join(', ')}`);
}

main()
  .then(() => process.exit(0)) // the compute thread pool would keep the process alive
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
