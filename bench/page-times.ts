/**
 * Every dashboard page as a browser sees it (issue 21 item 6: "every page < 1 s" at scale 10): a production
 * `next start` (run `npx next build` first) on an existing database — typically one kept by
 * `bench/scale.ts <N> --keep` — and Debian's chromium signed in as the organisation's admin. Each page is opened
 * 4 times (the first counts apart: it fills the server's per-process caches); a page's time, read from the page's own
 * timeline once its network has been quiet for 300 ms and its main thread is idle, runs from the navigation's start
 * to the later of the end of its last request (the server-rendered HTML, its scripts and every API call its
 * components make; not the router's background prefetches of the sidebar's links) and the end of its last long task
 * (rendering what arrived: charts, tables), so it is what a user waits for until the numbers are on screen. Prints first and median per page, the machine's load and the database's size.
 *   nice -n 10 npx tsx --conditions=react-server bench/page-times.ts <database url> [port=3420] [org slug=acme]
 *   (--only=/explain: that page alone, with each request's start and duration)
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { chromium, type Page, type Request } from 'playwright-core';
import { setBenchEnv } from './support/bench-env';
import { waitForServer } from './support/wait-for-server';

const URL_ = process.argv[2];
const PORT = Number(process.argv[3] ?? 3420);
const SLUG = process.argv[4] ?? 'acme';
const BASE = `http://127.0.0.1:${PORT}`;
const REPEATS = 4;
/** --only=<path>: time that page alone and print each of its requests (start offset, duration) */
const ONLY = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
const TRACE = ONLY !== undefined;
const QUIET_MS = 300;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** ids for the detail pages: the organisation's newest of each, read straight from the database */
async function detailIds(url: string) {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const one = async (sql: string) => (await c.query<{ id: string }>(sql, [SLUG])).rows[0]?.id ?? null;
    const org = `(SELECT id FROM "Organization" WHERE slug = $1)`;
    const size = (await c.query<{ s: string }>('SELECT pg_size_pretty(pg_database_size(current_database())) AS s'))
      .rows[0].s;
    const events = (
      await c.query<{ n: string }>(`SELECT count(*) AS n FROM "Event" WHERE "organizationId" = ${org}`, [SLUG])
    ).rows[0].n;
    return {
      size,
      events: Number(events),
      dataset: await one(`SELECT id FROM "Dataset" WHERE "organizationId" = ${org} ORDER BY "rowsTotal" DESC LIMIT 1`),
      experiment: await one(
        `SELECT id FROM "Experiment" WHERE "organizationId" = ${org} ORDER BY "createdAt" DESC LIMIT 1`,
      ),
      job: await one(`SELECT id FROM "TrainingJob" WHERE "organizationId" = ${org} ORDER BY "createdAt" DESC LIMIT 1`),
      model: await one(
        `SELECT id FROM "ModelVersion" WHERE "organizationId" = ${org} ORDER BY "createdAt" DESC LIMIT 1`,
      ),
    };
  } finally {
    await c.end();
  }
}

interface PageTime {
  /** ms from navigation start until the data arrived and was drawn: the later of the next two */
  total: number;
  /** the end of the page's last request (document, scripts, API calls; not background prefetches) */
  data: number;
  /** the end of the last long task (> 50 ms of main-thread work: rendering charts, tables) */
  drawn: number;
  /** main-thread time in long tasks */
  busy: number;
}

/** In the page: long tasks, from its first script on (the Long Tasks API). */
function recordLongTasks() {
  const w = window as unknown as { __longTasks: { start: number; end: number }[] };
  w.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, end: e.startTime + e.duration });
  }).observe({ type: 'longtask', buffered: true });
}

/** In the page, once it is idle: the page's own timeline (0 = navigation start). */
function readTimeline() {
  return new Promise<Omit<PageTime, 'total'>>((resolve) =>
    requestIdleCallback(
      () => {
        const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
        const resources = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter(
          (e) => !e.name.includes('_rsc='), // the router's prefetches
        );
        const tasks = (window as unknown as { __longTasks: { start: number; end: number }[] }).__longTasks;
        resolve({
          data: Math.max(nav.responseEnd, ...resources.map((e) => e.responseEnd)),
          drawn: Math.max(0, ...tasks.map((t) => t.end)),
          busy: tasks.reduce((sum, t) => sum + t.end - t.start, 0),
        });
      },
      { timeout: 10_000 },
    ),
  );
}

/** Opens a page, waits until its network is quiet for 300 ms and its main thread idle, and reads its timeline. */
async function timePage(page: Page, url: string, slowest?: string[]): Promise<PageTime> {
  let inFlight = 0;
  const started = new Map<unknown, number>();
  const spans: [string, number][] = [];
  let lastChange = 0;
  const t0 = performance.now();
  // the sidebar's links are prefetched in the background (Next's router): nobody waits for those
  const counted = (r: Request) => r.headers()['next-router-prefetch'] === undefined;
  const onRequest = (r: Request) => {
    if (!counted(r)) return;
    inFlight++;
    lastChange = performance.now();
    started.set(r, lastChange);
  };
  const onDone = (r: Request) => {
    if (!counted(r)) return;
    inFlight = Math.max(0, inFlight - 1);
    lastChange = performance.now();
    const lastEnd = lastChange;
    spans.push([new URL(r.url()).pathname, lastEnd - (started.get(r) ?? t0)]);
    if (TRACE)
      console.log(
        `  ${Math.round((started.get(r) ?? t0) - t0)} +${Math.round(lastEnd - (started.get(r) ?? t0))} ms ${r.url()}`,
      );
  };
  page.on('request', onRequest);
  page.on('requestfinished', onDone);
  page.on('requestfailed', onDone);
  try {
    const res = await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
    if (!res || res.status() >= 400) throw new Error(`${url}: HTTP ${res?.status()}`);
    if (new URL(page.url()).pathname !== new URL(url).pathname) throw new Error(`${url}: redirected to ${page.url()}`);
    const deadline = performance.now() + 30_000;
    while (performance.now() < deadline) {
      await sleep(50);
      if (inFlight === 0 && performance.now() - lastChange >= QUIET_MS) break;
    }
    if (slowest)
      slowest.splice(
        0,
        slowest.length,
        ...spans
          .sort((a, b) => b[1] - a[1])
          .slice(0, 3)
          .map(([p, ms]) => `${p} ${Math.round(ms)} ms`),
      );
    const t = await page.evaluate(readTimeline);
    return { ...t, total: Math.max(t.data, t.drawn) };
  } finally {
    page.off('request', onRequest);
    page.off('requestfinished', onDone);
    page.off('requestfailed', onDone);
  }
}

async function main() {
  if (!URL_) throw new Error('usage: bench/page-times.ts <database url> [port] [org slug]');
  const ids = await detailIds(URL_);
  setBenchEnv(URL_);
  const env = { ...process.env, NEXTAUTH_URL: BASE, NEXT_TELEMETRY_DISABLED: '1' };
  const server = spawn(
    process.execPath,
    [path.join('node_modules', 'next', 'dist', 'bin', 'next'), 'start', '-p', String(PORT), '-H', '127.0.0.1'],
    { env, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    await waitForServer(`${BASE}/api/health`);
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    await context.addInitScript(recordLongTasks);
    const page = await context.newPage();
    await page.goto(`${BASE}/login`);
    await page.getByLabel('Email').fill(`admin@${SLUG}.test`);
    await page.getByLabel('Password').fill('offerpilot-demo');
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 60_000 });
    const pages: [string, string | null][] = [
      ['Overview', '/'],
      ['Data', '/data'],
      ['Dataset (largest file)', ids.dataset && `/data/${ids.dataset}`],
      ['Segments', '/segments'],
      ['Jobs', '/jobs'],
      ['Job', ids.job && `/jobs/${ids.job}`],
      ['Models', '/models'],
      ['Model', ids.model && `/models/${ids.model}`],
      ['Explain', '/explain'],
      ['Policies', '/policies'],
      ['Experiments', '/experiments'],
      ['Experiment results', ids.experiment && `/experiments/${ids.experiment}`],
      ['Settings', '/settings'],
      ['Settings › API', '/settings/api'],
      ['Account', '/account'],
    ];
    const out: {
      page: string;
      first: number;
      median: number;
      data: number;
      drawn: number;
      busy: number;
      slowest: string[];
    }[] = [];
    for (const [name, p] of pages) {
      if (ONLY !== undefined && p !== ONLY) continue;
      if (!p) {
        console.log(`${name}: nothing to open in this organisation`);
        continue;
      }
      const times: PageTime[] = [];
      const slowest: string[] = [];
      for (let r = 0; r < REPEATS; r++) times.push(await timePage(page, `${BASE}${p}`, slowest));
      const med = (k: keyof PageTime) => Math.round(median(times.slice(1).map((t) => t[k])));
      out.push({
        page: name,
        first: Math.round(times[0].total),
        median: med('total'),
        data: med('data'),
        drawn: med('drawn'),
        busy: med('busy'),
        slowest,
      });
    }
    console.log(
      `pages of ${SLUG} (${ids.events.toLocaleString('en-GB')} events, database ${ids.size}), ms from navigation until ` +
        `the page's data arrived and was drawn; ${os.cpus().length} cores, load ${os
          .loadavg()
          .map((x) => x.toFixed(1))
          .join(' ')}`,
    );
    const n = (x: number) => x.toLocaleString('en-GB');
    console.log(
      '| page | first | median of 3 more | of which: last data / last long task / main thread in long tasks | ' +
        'slowest requests of the last visit |\n|---|---|---|---|---|',
    );
    for (const r of out)
      console.log(
        `| ${r.page} | ${n(r.first)} | **${n(r.median)}** | ${n(r.data)} / ${n(r.drawn)} / ${n(r.busy)} | ${r.slowest.join(', ')} |`,
      );
    const worst = out.reduce((a, b) => (b.median > a.median ? b : a));
    console.log(`slowest median: ${worst.page} ${worst.median.toLocaleString('en-GB')} ms (goal < 1,000 ms)`);
  } finally {
    await browser.close();
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
