/**
 * Peak memory of the production server under the two memory attacks of issue 15 item 4, against its 600 MB target:
 *   1. an events CSV whose one data line is 190 MiB (a quote left open), uploaded whole (under the 200 MiB limit);
 *   2. four parallel 100 MB chunked JSON bodies (no Content-Length) on POST /api/v1/events.
 * The server's resident memory is sampled every 20 ms from /proc/<pid>/status (VmRSS of `next start` and any child
 * process) and its high-water mark (VmHWM) read at the end. Needs `next build` first; this script runs `next start`
 * on BENCH_PORT (default 3442) against a throw-away database on the local test server.
 *   npx next build && nice npx tsx --conditions=react-server bench/peak-rss-attack.ts
 */

import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { openBenchDatabase } from './support/bench-db';
import { processTree, procMemory } from './support/proc-memory';
import { waitForServer } from './support/wait-for-server';

const PORT = Number(process.env.BENCH_PORT ?? 3442);
const TARGET_MB = 600;
const LINE_BYTES = 190 * 1024 * 1024;
const JSON_BYTES = 100 * 1000 * 1000;
const MiB = 1024 * 1024;

class RssSampler {
  peak = 0;
  private timer: NodeJS.Timeout | undefined;
  constructor(private readonly pid: number) {}
  now(): number {
    return processTree(this.pid).reduce((sum, p) => sum + (procMemory(p)?.rss ?? 0), 0);
  }
  start() {
    this.peak = this.now();
    this.timer = setInterval(() => {
      this.peak = Math.max(this.peak, this.now());
    }, 20);
  }
  stop() {
    clearInterval(this.timer);
  }
  hwm(): number {
    return Math.max(...processTree(this.pid).map((p) => procMemory(p)?.hwm ?? 0));
  }
}

async function writeLongLineCsv(file: string) {
  const out = createWriteStream(file);
  out.write('customer_id,timestamp,type,category\n');
  out.write('AC00001,2026-01-01T00:00:00Z,view,"');
  const chunk = Buffer.alloc(MiB, 'x');
  for (let written = 0; written < LINE_BYTES; written += chunk.length) {
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end('"\n');
  await once(out, 'finish');
}

/** one chunked body of up to `bytes` of a JSON event array, stopped when the server answers */
function chunkedJson(key: string, bytes: number): Promise<{ status: number; sent: number }> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = http.request(
      {
        host: '127.0.0.1',
        port: PORT,
        path: '/api/v1/events',
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, // no length: chunked
      },
      (res) => {
        answered = true;
        const at = sent;
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, sent: at }));
      },
    );
    req.on('error', (err) => (answered ? undefined : reject(err)));
    const piece = Buffer.from(`${'{"customerId":"AC00001","type":"view"},'.repeat(1600)}`);
    // one piece (~64 KB) per turn of the event loop, so the answer is seen as soon as it comes
    const pump = async () => {
      req.write('{"events":[');
      while (!answered && sent < bytes) {
        sent += piece.length;
        if (!req.write(piece)) await once(req, 'drain');
        else await new Promise((r) => setImmediate(r));
      }
      req.end(answered ? undefined : '{}]}');
    };
    void pump().catch(() => undefined);
  });
}

async function main() {
  if (!existsSync(path.join(process.cwd(), '.next', 'BUILD_ID'))) throw new Error('run `npx next build` first');
  const { url, ctx, close } = await openBenchDatabase(`op_bench_rss_${PORT}`);
  const { createApiKey } = await import('../lib/settings/api-keys');
  const admin = ctx('ADMIN');
  const key = (
    await createApiKey(admin, { name: 'rss', role: 'ADMIN', rateLimitPerSecond: 100_000, rateLimitBurst: 100_000 })
  ).key;
  const file = path.join(os.tmpdir(), `op-bench-rss-${PORT}.csv`);
  await writeLongLineCsv(file);

  const next = spawn(
    path.join(process.cwd(), 'node_modules', '.bin', 'next'),
    ['start', '-p', String(PORT), '-H', '127.0.0.1'],
    { env: { ...process.env, DATABASE_URL: url, NEXT_TELEMETRY_DISABLED: '1', LOG_LEVEL: 'warn' }, stdio: 'ignore' },
  );
  const base = `http://127.0.0.1:${PORT}`;
  try {
    await waitForServer(`${base}/api/health`, { seconds: 120 });
    const auth = { authorization: `Bearer ${key}` };
    // warm-up: the routes the attacks use, compiled and loaded once
    await fetch(`${base}/api/v1/events`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ events: [{ customerId: 'AC00001', type: 'view' }] }),
    });
    await fetch(`${base}/api/v1/datasets?page=1`, { headers: auth });
    const sampler = new RssSampler(next.pid!);
    const idle = sampler.now();
    sampler.start();

    // 1. the 190 MiB line, streamed as the upload body
    const t1 = Date.now();
    const up = await fetch(`${base}/api/v1/datasets?kind=events&fileName=long-line.csv`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'text/csv' },
      body: Readable.toWeb(createReadStream(file)) as ReadableStream,
      duplex: 'half',
    } as RequestInit);
    const upBody = (await up.json()) as { dataset?: { id: string }; id?: string; error?: { message: string } };
    const datasetId = upBody.dataset?.id ?? upBody.id;
    let verdict = upBody.error?.message ?? '';
    for (let t = 0; datasetId && t < 600; t++) {
      const d = (await (await fetch(`${base}/api/v1/datasets/${datasetId}`, { headers: auth })).json()) as {
        status?: string;
        error?: string | null;
        dataset?: { status: string; error: string | null };
      };
      const ds = d.dataset ?? d;
      if (ds.status && !['IMPORTING', 'PENDING'].includes(ds.status)) {
        verdict = `${ds.status}: ${ds.error ?? ''}`;
        break;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    const peak1 = sampler.peak;
    const secs1 = (Date.now() - t1) / 1000;

    // 2. four parallel 100 MB chunked JSON bodies
    const t2 = Date.now();
    const answers = await Promise.all(Array.from({ length: 4 }, () => chunkedJson(key, JSON_BYTES)));
    const secs2 = (Date.now() - t2) / 1000;
    await new Promise((r) => setTimeout(r, 500));
    sampler.stop();
    const hwm = sampler.hwm();

    const mb = (b: number) => `${(b / 1e6).toFixed(0)} MB`;
    console.log(`production server (next start, pid ${next.pid}), resident memory of its process tree`);
    console.log(`  idle after warm-up          ${mb(idle)}`);
    console.log(`  190 MiB-line CSV upload     ${up.status} → ${verdict} (${secs1.toFixed(1)} s); peak ${mb(peak1)}`);
    console.log(
      `  4 × 100 MB chunked JSON     ${answers.map((a) => `${a.status} after ${mb(a.sent)} sent`).join(', ')} (${secs2.toFixed(1)} s)`,
    );
    console.log(`  peak sampled every 20 ms   ${mb(sampler.peak)}`);
    console.log(`  VmHWM (high-water mark)     ${mb(hwm)}`);
    console.log(
      `  target < ${TARGET_MB} MB: ${Math.max(hwm, sampler.peak) < TARGET_MB * 1e6 ? 'met' : 'NOT met'} (${((Math.max(hwm, sampler.peak) / (TARGET_MB * 1e6)) * 100).toFixed(0)} % of it)`,
    );
    console.log(`  machine: ${execFileSync('uptime').toString().trim()}`);
  } finally {
    next.kill('SIGTERM');
    await rm(file, { force: true });
    await close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
