/**
 * HTTP load on `POST /api/v1/offers` (model-optimal policy: one onnxruntime call over 5 discount levels, feature
 * store read, decision + exposure group-committed) against the production build run as `npm run demo` runs it —
 * one `next start` per core in a Node cluster (scripts/web-cluster.ts) — beside a bare `node:http` server calling
 * the same `decideOffer` with the same number of processes (bench/support/bare-offers-server.ts), in the same run:
 *   - open loop at 500 and 1,000 req/s (bench/support/open-loop.ts: evenly spaced sends, latency from the
 *     scheduled send time), targets through Next p99 < 10 ms at 500/s and < 20 ms at 1,000/s;
 *   - closed loop, 50 connections (autocannon), target Next ≥ 0.8× bare throughput.
 * Targets interleaved (Next, bare, Next, bare …) after a warm-up; the machine's load (`uptime`) printed with
 * each figure. Loopback only, bounded (SECONDS per run, default 10).
 *   npx next build && nice npx tsx --conditions=react-server bench/offers-http.ts [--seconds 10] [--processes <cores>]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { startWebCluster } from '../scripts/web-cluster';
import { openOffersFixture } from './support/offers-fixture';
import { openLoop } from './support/open-loop';
import { waitForServer } from './support/wait-for-server';

const NEXT_PORT = 3490;
const BARE_PORT = 3491;
const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const SECONDS = Number(arg('--seconds') ?? 10);
const CONNECTIONS = 50;
const RATES = [500, 1000];
const load1 = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

/** CPU seconds (user + system) of a process and all its descendants, from /proc (Linux; 100 ticks a second). */
function treeCpuSeconds(root: number): number {
  const stats = new Map<number, { ppid: number; ticks: number }>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const raw = readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = raw.slice(raw.lastIndexOf(')') + 2).split(' '); // fields from 3 (state) on
      stats.set(Number(d), { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) });
    } catch {
      /* exited */
    }
  }
  let ticks = 0;
  const todo = [root];
  while (todo.length) {
    const pid = todo.pop()!;
    ticks += stats.get(pid)?.ticks ?? 0;
    for (const [child, st] of stats) if (st.ppid === pid) todo.push(child);
  }
  return ticks / 100;
}

interface Figure {
  target: string;
  mode: string;
  reqPerSec: number;
  p50: number;
  p99: number;
  errors: number;
  requests: number;
  /** server CPU (all its processes) per answered request, ms */
  cpuMsPerReq: number;
  load: string;
}

async function closedLoop(url: string, key: string, ids: string[], seconds: number) {
  let i = 0;
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        setupRequest: (req) => ({ ...req, body: JSON.stringify({ customerId: ids[i++ % ids.length] }) }),
      },
    ],
  });
  return {
    reqPerSec: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
    requests: result.requests.total,
  };
}

async function openLoopAt(url: string, key: string, ids: string[], rate: number, seconds: number) {
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  const r = await openLoop({
    ratePerSec: rate,
    durationMs: seconds * 1000,
    send: async (i) => {
      const res = await fetch(url, {
        method: 'POST',
        headers,
        body: JSON.stringify({ customerId: ids[i % ids.length] }),
      });
      await res.arrayBuffer();
      return res.ok;
    },
  });
  return { reqPerSec: r.achievedPerSec, p50: r.p50, p99: r.p99, errors: r.errors, requests: r.offered };
}

async function main() {
  const { url, db, manager, key, close, ...fx } = await openOffersFixture('op_bench_http');
  const ids = fx.ids.slice(0, 2000);

  const processes = Number(arg('--processes') ?? os.availableParallelism());
  const env = { ...process.env, DATABASE_URL: url, NEXT_TELEMETRY_DISABLED: '1', SERVER_PROCESSES: String(processes) };
  const bare: ChildProcess = spawn(
    path.join(process.cwd(), 'node_modules', '.bin', 'tsx'),
    ['--conditions=react-server', 'bench/support/bare-offers-server.ts', String(BARE_PORT), String(processes)],
    { env: { ...env, BENCH_CTX: JSON.stringify(manager) }, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  const web = startWebCluster({
    nextBin: path.join(process.cwd(), 'node_modules', 'next', 'dist', 'bin', 'next'),
    port: NEXT_PORT,
    host: '127.0.0.1',
    processes,
    env,
    onStartFailure: (code) => {
      console.error(`next start exited with ${code} before listening (run npx next build first)`);
      process.exit(1);
    },
  });
  const figures: Figure[] = [];
  try {
    const nextUrl = `http://127.0.0.1:${NEXT_PORT}/api/v1/offers`;
    const bareUrl = `http://127.0.0.1:${BARE_PORT}/`;
    await waitForServer(`http://127.0.0.1:${NEXT_PORT}/api/health`, { seconds: 120, anyStatus: true });
    await waitForServer(bareUrl, { seconds: 120, anyStatus: true });
    const targets = [
      ['next start', nextUrl],
      ['bare node:http', bareUrl],
    ] as const;
    for (const [, u] of targets) await closedLoop(u, key, ids, 3); // warm-up: JIT, sessions, caches
    // closed loop first; an overloaded open loop leaves requests the server is still working on after the client
    // gave up, so every run is followed by a pause before the next target is measured
    const settle = () => new Promise((r) => setTimeout(r, 5000));
    const cpu = (target: string) =>
      target === 'next start'
        ? web.processes().reduce((t, p) => t + treeCpuSeconds(p.pid!), 0)
        : treeCpuSeconds(bare.pid!);
    const measure = async (
      target: string,
      mode: string,
      run: () => Promise<{ reqPerSec: number; p50: number; p99: number; errors: number; requests: number }>,
    ) => {
      const load = load1();
      const before = cpu(target);
      const r = await run();
      const cpuMsPerReq = ((cpu(target) - before) * 1000) / Math.max(1, r.requests - r.errors);
      figures.push({ target, mode, ...r, cpuMsPerReq, load });
      await settle();
    };
    for (const [target, u] of targets)
      await measure(target, `closed ${CONNECTIONS} conn`, () => closedLoop(u, key, ids, SECONDS));
    for (const rate of RATES)
      for (const [target, u] of targets)
        await measure(target, `open ${rate}/s`, () => openLoopAt(u, key, ids, rate, SECONDS));
  } finally {
    web.stopSupervising();
    for (const p of web.processes()) p.kill('SIGTERM');
    bare.kill('SIGTERM');
  }
  const stored = await db.policyDecision.count({ where: { organizationId: manager.orgId } });
  console.log(
    `\nPOST /api/v1/offers, model-optimal policy (GBDT 200 trees via onnxruntime, 5 levels), ${processes} server processes each, ${SECONDS} s per run, loopback; ${os.cpus().length} CPUs shared with other work`,
  );
  console.log(
    'target           mode               req/s   p50 ms   p99 ms  errors  requests  CPU ms/req  load avg (1/5/15 min)',
  );
  for (const f of figures)
    console.log(
      `${f.target.padEnd(16)} ${f.mode.padEnd(16)} ${f.reqPerSec.toFixed(0).padStart(7)} ${f.p50.toFixed(1).padStart(8)} ${f.p99.toFixed(1).padStart(8)} ${String(f.errors).padStart(7)} ${String(f.requests).padStart(9)} ${f.cpuMsPerReq.toFixed(2).padStart(11)}  ${f.load}`,
    );
  const get = (target: string, mode: string) => figures.find((f) => f.target === target && f.mode === mode)!;
  for (const rate of RATES) {
    const n = get('next start', `open ${rate}/s`),
      b = get('bare node:http', `open ${rate}/s`);
    const goal = rate === 500 ? 10 : 20;
    console.log(
      `open ${rate}/s: p99 next/bare ${(n.p99 / b.p99).toFixed(2)}x; next p99 ${n.p99.toFixed(1)} ms vs target < ${goal} ms: ${n.p99 < goal ? 'met' : 'NOT met'}`,
    );
  }
  const n = get('next start', `closed ${CONNECTIONS} conn`),
    b = get('bare node:http', `closed ${CONNECTIONS} conn`);
  console.log(
    `closed ${CONNECTIONS} connections: throughput next/bare ${(n.reqPerSec / b.reqPerSec).toFixed(2)}x (target ≥ 0.8x: ${n.reqPerSec / b.reqPerSec >= 0.8 ? 'met' : 'NOT met'}), p99 ${(n.p99 / b.p99).toFixed(2)}x`,
  );
  console.log(
    `server CPU per answered request, closed loop: next ${n.cpuMsPerReq.toFixed(2)} ms, bare ${b.cpuMsPerReq.toFixed(2)} ms (${(n.cpuMsPerReq / b.cpuMsPerReq).toFixed(2)}x)`,
  );
  console.log(
    `decisions stored: ${stored} (answered requests above plus the warm-ups; the integration test matches ids)`,
  );
  await close();
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
