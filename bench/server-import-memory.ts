/**
 * The app server's memory while the demo's scale-N events file is uploaded and imported (issue 21 item 4: under
 * 400 MiB at scale 10, ≈ 3 M rows): a production `next start` (run `npx next build` first) and one worker process
 * (`scripts/worker.ts`, which runs the import the server queues) on a throw-away database
 * `op_server_import_<pid>` (SCALE_PG_URL, default the system PostgreSQL), the customers file uploaded first, then the
 * events file gzipped, both through `POST /api/v1/datasets` with a manager's API key, exactly as a merchant's client
 * sends them. The server's resident memory is read from /proc: its high-water mark over the events import (VmHWM,
 * reset just before by writing 5 to /proc/<pid>/clear_refs) and samples every 100 ms, for every process of the
 * server (next start may fork); the worker's the same way, reported apart.
 *   nice -n 10 npx tsx --conditions=react-server bench/server-import-memory.ts [scale=10] [port=3411]
 */
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, writeFileSync } from 'node:fs';
import { readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { acmeContexts, setBenchEnv } from './support/bench-env';
import { processTree, procMemory } from './support/proc-memory';
import { withThrowAwayDatabase } from './support/throwaway-db';
import { waitForServer } from './support/wait-for-server';

const SCALE = Number(process.argv[2] ?? 10);
const PORT = Number(process.argv[3] ?? 3411);
const BASE = `http://127.0.0.1:${PORT}`;
const MIB = 1048576;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function run(url: string) {
  setBenchEnv(url);
  process.env.MAX_UPLOAD_BYTES = String(1024 ** 3);
  process.env.NEXT_TELEMETRY_DISABLED = '1';
  const env = { ...process.env }; // the server and the worker it starts
  const { seedDemo } = await import('../scripts/seed');
  await seedDemo(url);
  const { db } = await import('../lib/db');
  const { createApiKey } = await import('../lib/settings/api-keys');
  const { writeDemoCsvFiles } = await import('../lib/seed/seed-demo-data');
  const { key } = await createApiKey((await acmeContexts(db))('ADMIN'), {
    name: 'bench upload',
    role: 'MANAGER',
    rateLimitPerSecond: 10_000,
    rateLimitBurst: 10_000,
  });
  const dir = path.join(os.tmpdir(), `op-server-import-${SCALE}`);
  const files = await writeDemoCsvFiles(dir, { scale: SCALE });
  const gz = `${files.events}.gz`;
  await pipeline(createReadStream(files.events), createGzip(), createWriteStream(gz));

  const server = spawn(
    process.execPath,
    [path.join('node_modules', 'next', 'dist', 'bin', 'next'), 'start', '-p', String(PORT)],
    {
      env,
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  const worker = spawn(
    process.execPath,
    [path.join('node_modules', 'tsx', 'dist', 'cli.mjs'), '--conditions=react-server', 'scripts/worker.ts'],
    { env, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  const treeRss = (pid: number) => processTree(pid).reduce((s, p) => s + (procMemory(p)?.rss ?? 0), 0);
  try {
    await waitForServer(`${BASE}/api/health`);
    const upload = async (kind: string, file: string, type: string) => {
      const t0 = performance.now();
      const res = await fetch(`${BASE}/api/v1/datasets?kind=${kind}&fileName=${path.basename(file)}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': type },
        body: await readFile(file),
      });
      if (res.status !== 202) throw new Error(`${kind} upload: ${res.status} ${await res.text()}`);
      const { id } = ((await res.json()) as { dataset: { id: string } }).dataset;
      const samples: number[] = [];
      const workerSamples: number[] = [];
      for (;;) {
        samples.push(treeRss(server.pid!));
        workerSamples.push(treeRss(worker.pid!));
        const d = (await (
          await fetch(`${BASE}/api/v1/datasets/${id}`, { headers: { authorization: `Bearer ${key}` } })
        ).json()) as { status: string; rowsTotal: number; error: string | null };
        if (!['PENDING', 'IMPORTING'].includes(d.status)) {
          if (d.status !== 'COMPLETED') throw new Error(`${kind} import ended ${d.status}: ${d.error}`);
          return { secs: (performance.now() - t0) / 1000, rows: d.rowsTotal, samples, workerSamples };
        }
        await sleep(100);
      }
    };
    await upload('customers', files.customers, 'text/csv');
    await sleep(2000); // the customers file's feature refresh and ANALYZE run after its status turns COMPLETED
    const procs = processTree(server.pid!);
    const workerProcs = processTree(worker.pid!);
    const before = procs.map((p) => procMemory(p)?.rss ?? 0);
    const workerBefore = workerProcs.map((p) => procMemory(p)?.rss ?? 0);
    for (const p of [...procs, ...workerProcs]) writeFileSync(`/proc/${p}/clear_refs`, '5');
    const ev = await upload('events', gz, 'application/gzip');
    await sleep(15_000); // and the events file's refresh: every customer it touched, after COMPLETED
    ev.samples.push(treeRss(server.pid!));
    ev.workerSamples.push(treeRss(worker.pid!));
    const hwm = procs.map((p) => procMemory(p)?.hwm ?? 0);
    const workerHwm = workerProcs.map((p) => procMemory(p)?.hwm ?? 0);
    const mib = (b: number) => `${(b / MIB).toFixed(0)} MiB`;
    console.log(
      `scale ${SCALE}: events ${ev.rows.toLocaleString('en-GB')} rows, ${mib((await stat(files.events)).size)} as CSV, ` +
        `${mib((await stat(gz)).size)} gzipped; upload to COMPLETED ${ev.secs.toFixed(1)} s ` +
        `(${Math.round(ev.rows / ev.secs).toLocaleString('en-GB')} rows/s); ${os.cpus().length} cores, load ` +
        `${os
          .loadavg()
          .map((x) => x.toFixed(1))
          .join(' ')}`,
    );
    console.log(
      `server processes ${procs.join(', ')}: RSS before the events upload ${before.map(mib).join(' + ')}; ` +
        `high-water mark over the import and the refresh after it ${hwm.map(mib).join(' + ')} ` +
        `(target < 400 MiB); highest 100 ms sample of the whole tree ${mib(Math.max(...ev.samples))}`,
    );
    console.log(
      `worker processes ${workerProcs.join(', ')} (they run the import): RSS before ${workerBefore.map(mib).join(' + ')}; ` +
        `high-water mark ${workerHwm.map(mib).join(' + ')}; highest sample ${mib(Math.max(...ev.workerSamples))}`,
    );
  } finally {
    worker.kill('SIGTERM');
    server.kill('SIGTERM');
    await Promise.all([server, worker].map((c) => new Promise((r) => c.once('exit', r))));
    await rm(dir, { recursive: true, force: true });
  }
}

withThrowAwayDatabase(`op_server_import_${process.pid}`, false, run).catch((e) => {
  console.error(e);
  process.exit(1);
});
