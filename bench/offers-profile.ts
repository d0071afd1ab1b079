/**
 * Where one Next process spends its CPU on `POST /api/v1/offers` (issue 17 item 2: "if the Next route cannot get
 * there, measure and document exactly why"). The offers fixture (bench/support/offers-fixture.ts: GBDT 200 trees,
 * model-optimal over 5 levels, every answer logged) served by ONE `next start` run with V8's sampling profiler
 * (`--cpu-prof`), under a closed loop of 50 connections for SECONDS after a warm-up. Only the samples of the
 * measured window count (the profile's own timestamps, counted back from its end). Self time is grouped by where
 * the code lives — our route and lib code, Next's server runtime, React, Node's internals (http, streams), pg,
 * onnxruntime, GC — and the top functions are listed; the bare `node:http` server of bench/offers-http.ts runs
 * the same `decideOffer`, so everything outside "route and lib code", pg and onnxruntime is what Next adds.
 *   npx next build && nice npx tsx --conditions=react-server bench/offers-profile.ts [--seconds 15]
 * Writes the profile to bench/out/offers-next.cpuprofile (open it in Chrome DevTools → Performance).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { openOffersFixture } from './support/offers-fixture';
import { waitForServer } from './support/wait-for-server';

const PORT = 3493;
const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const SECONDS = Number(arg('--seconds') ?? 15);
const OUT = path.join(import.meta.dirname, 'out');

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface Profile {
  nodes: { id: number; callFrame: CallFrame }[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a function's code lives, from its script URL (the production build bundles app code into .next/server). */
export function category(f: CallFrame): string {
  const u = f.url;
  if (f.functionName === '(garbage collector)') return 'garbage collection';
  if (f.functionName === '(idle)') return 'idle';
  if (f.functionName === '(program)' || u === '') return 'V8 / native (program, builtins)';
  if (u.includes('onnxruntime')) return 'onnxruntime-node';
  if (/node_modules\/(pg|pg-[a-z-]+)\//.test(u)) return 'pg driver';
  if (u.includes('node_modules/@prisma') || u.includes('/generated/prisma')) return 'Prisma client';
  if (u.includes('node_modules/next/')) return 'Next.js server runtime';
  if (/node_modules\/(react|react-dom|scheduler)\//.test(u)) return 'React';
  if (u.startsWith('node:')) return 'Node internals (http, net, streams, crypto)';
  if (u.includes('/.next/server/')) return 'route and lib code (bundled, incl. bundled libraries)';
  if (u.includes('node_modules/')) return `other library: ${u.split('node_modules/')[1].split('/')[0]}`;
  return 'other';
}

async function main() {
  const fx = await openOffersFixture('op_bench_profile');
  const profDir = path.join(os.tmpdir(), `op-offers-prof-${process.pid}`);
  rmSync(profDir, { recursive: true, force: true });
  const next = spawn(
    process.execPath,
    [
      '--cpu-prof',
      `--cpu-prof-dir=${profDir}`,
      path.join(process.cwd(), 'node_modules', 'next', 'dist', 'bin', 'next'),
      'start',
      '-p',
      String(PORT),
      '-H',
      '127.0.0.1',
    ],
    {
      env: { ...process.env, DATABASE_URL: fx.url, NEXT_TELEMETRY_DISABLED: '1', SERVER_PROCESSES: '1' },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  const url = `http://127.0.0.1:${PORT}/api/v1/offers`;
  await waitForServer(`http://127.0.0.1:${PORT}/api/health`, { seconds: 120, anyStatus: true });
  let i = 0;
  const load = (seconds: number) =>
    autocannon({
      url,
      connections: 50,
      duration: seconds,
      requests: [
        {
          method: 'POST',
          headers: { authorization: `Bearer ${fx.key}`, 'content-type': 'application/json' },
          setupRequest: (req) => ({ ...req, body: JSON.stringify({ customerId: fx.ids[i++ % fx.ids.length] }) }),
        },
      ],
    });
  await load(5); // warm-up: JIT, caches, feature-store rows
  const t0 = performance.now();
  const r = await load(SECONDS);
  const t1 = performance.now();
  const exited = new Promise((res) => next.once('exit', res));
  next.kill('SIGTERM'); // next start exits on SIGTERM, and --cpu-prof writes the profile at exit
  await exited;
  const t2 = performance.now();
  const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error('no .cpuprofile written');
  mkdirSync(OUT, { recursive: true });
  const kept = path.join(OUT, 'offers-next.cpuprofile');
  renameSync(path.join(profDir, file), kept);
  const prof = JSON.parse(readFileSync(kept, 'utf8')) as Profile;

  // sample times from the end of the profile (≈ the process's exit, t2): keep [t0, t1]
  const byId = new Map(prof.nodes.map((n) => [n.id, n.callFrame]));
  const times: number[] = [];
  let t = 0;
  for (const d of prof.timeDeltas) {
    t += d;
    times.push(t);
  }
  const end = times[times.length - 1];
  const lo = end - (t2 - t0) * 1000,
    hi = end - (t2 - t1) * 1000;
  const self = new Map<string, number>();
  const fn = new Map<string, number>();
  let total = 0;
  prof.samples.forEach((id, k) => {
    if (times[k] < lo || times[k] > hi) return;
    const dt = prof.timeDeltas[k + 1] ?? 0;
    const f = byId.get(id)!;
    const c = category(f);
    self.set(c, (self.get(c) ?? 0) + dt);
    if (c !== 'idle') {
      const name = `${f.functionName || '(anonymous)'}  ${f.url.replace(/^.*node_modules\//, '').replace(/^.*\.next\//, '.next/')}:${f.lineNumber + 1}`;
      fn.set(name, (fn.get(name) ?? 0) + dt);
    }
    total += dt;
  });
  const answered = r.requests.total - r.non2xx - r.errors;
  const busy = total - (self.get('idle') ?? 0);
  console.log(
    `one next start, 50 connections, ${SECONDS} s: ${r.requests.average.toFixed(0)} req/s, p99 ${r.latency.p99} ms, ` +
      `${answered} answered, ${r.non2xx + r.errors} errors; load ${os.loadavg()[0].toFixed(2)}`,
  );
  console.log(
    `profiled window ${(total / 1e6).toFixed(1)} s, busy ${(busy / 1e6).toFixed(1)} s = ${(busy / 1000 / answered).toFixed(2)} ms CPU per request (main thread)`,
  );
  console.log('\nself time by where the code lives (share of busy time):');
  for (const [c, us] of [...self].sort((a, b) => b[1] - a[1])) {
    if (c === 'idle') continue;
    console.log(`  ${((100 * us) / busy).toFixed(1).padStart(5)} %  ${(us / 1000 / answered).toFixed(3)} ms/req  ${c}`);
  }
  console.log(`  (idle ${(((self.get('idle') ?? 0) / total) * 100).toFixed(1)} % of the window)`);
  console.log('\ntop functions by self time:');
  for (const [name, us] of [...fn].sort((a, b) => b[1] - a[1]).slice(0, 25))
    console.log(`  ${((100 * us) / busy).toFixed(1).padStart(5)} %  ${name}`);
  console.log(`\nprofile: ${kept}`);
  await fx.close();
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
