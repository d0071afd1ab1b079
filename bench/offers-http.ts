/**
 * HTTP load on `POST /api/v1/offers` (model-optimal policy: one onnxruntime call over 5 discount levels, feature
 * store read, decision + exposure written) against the production build (`next build` first; this script runs
 * `next start`), beside a bare Node http server that calls the same lib function in this process — the ratio is
 * the framework's overhead. Loopback only, bounded: 50 connections for 10 s per target (after a 3 s warm-up).
 *   npx next build && npx tsx --conditions=react-server bench/offers-http.ts
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { openBenchDatabase } from './support/bench-db';

const NEXT_PORT = 3200;
const BARE_PORT = 3201;
const SECONDS = 10;
const CONNECTIONS = 50;

async function load(url: string, key: string, ids: string[], seconds: number) {
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
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
    total: result.requests.total,
  };
}

async function main() {
  const { url, db, ctx, close } = await openBenchDatabase('op_bench_http');
  const { writeDemoCsvFiles } = await import('../lib/seed/seed-demo-data');
  const { importLocalFile } = await import('../lib/datasets/import-local-file');
  const { runOneJob } = await import('../lib/jobs/worker');
  const { activateModelVersion } = await import('../lib/models/model-versions');
  const { applyPolicyAction, createCampaign, draftPolicyVersion } = await import('../lib/policies/policy-store');
  const { createApiKey } = await import('../lib/settings/api-keys');
  const { decideOffer } = await import('../lib/serving/decide-offer');

  const admin = ctx('ADMIN');
  const manager = ctx('MANAGER');
  const files = await writeDemoCsvFiles(path.join(os.tmpdir(), 'op-bench-http'), { customers: 2000 });
  for (const kind of ['customers', 'events', 'exposures'] as const) await importLocalFile(admin, kind, files[kind]);
  await db.trainingJob.create({
    data: {
      organizationId: admin.orgId,
      params: {
        name: 'bench',
        folds: 2,
        algorithms: [{ name: 'gbdt', grid: { learningRate: [0.1], maxLeaves: [31], nEstimators: [200] } }],
      },
    },
  });
  await runOneJob('bench');
  const model = await db.modelVersion.findFirstOrThrow({ where: { organizationId: admin.orgId } });
  await activateModelVersion(admin, model.id);
  const campaign = await createCampaign(admin, { name: 'Bench', marginPct: 40 });
  const v = await draftPolicyVersion(manager, {
    campaignId: campaign.id,
    name: 'Opt',
    rules: {
      mode: 'model-optimal',
      modelVersionId: model.id,
      levels: [0, 5, 10, 15, 20],
      orderValue: 60,
      marginPct: 40,
      maxDiscountPct: 30,
      excludedSegmentIds: [],
    },
  });
  await applyPolicyAction(manager, v.id, { action: 'submit' });
  await applyPolicyAction(admin, v.id, { action: 'approve' });
  await applyPolicyAction(admin, v.id, { action: 'activate' });
  const key = (
    await createApiKey(admin, { name: 'bench', role: 'MANAGER', rateLimitPerSecond: 100_000, rateLimitBurst: 100_000 })
  ).key;
  const ids = (
    await db.customer.findMany({
      where: { organizationId: admin.orgId, externalId: { startsWith: 'C' } },
      select: { externalId: true },
      take: 2000,
    })
  ).map((c) => c.externalId);

  // bare Node server: same authentication-free lib call, JSON in and out
  const bare = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', async () => {
      try {
        const out = await decideOffer(manager, JSON.parse(body));
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(out));
      } catch (e) {
        res.writeHead(500).end(String(e));
      }
    });
  });
  await new Promise<void>((r) => bare.listen(BARE_PORT, '127.0.0.1', r));

  const next = spawn(
    path.join(process.cwd(), 'node_modules', '.bin', 'next'),
    ['start', '-p', String(NEXT_PORT), '-H', '127.0.0.1'],
    {
      env: { ...process.env, DATABASE_URL: url, NEXT_TELEMETRY_DISABLED: '1' },
      stdio: 'ignore',
    },
  );
  for (let t = 0; t < 60; t++) {
    try {
      if ((await fetch(`http://127.0.0.1:${NEXT_PORT}/api/health`)).ok) break;
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  try {
    const nextUrl = `http://127.0.0.1:${NEXT_PORT}/api/v1/offers`;
    const bareUrl = `http://127.0.0.1:${BARE_PORT}/`;
    await load(nextUrl, key, ids, 3);
    await load(bareUrl, key, ids, 3);
    const n = await load(nextUrl, key, ids, SECONDS);
    const b = await load(bareUrl, key, ids, SECONDS);
    console.log(
      `POST /api/v1/offers, model-optimal policy (GBDT 200 trees via onnxruntime, 5 levels), ${CONNECTIONS} connections, ${SECONDS} s, loopback`,
    );
    console.log('target                  req/s     p50 ms   p99 ms   errors   requests');
    for (const [name, r] of [
      ['next start', n],
      ['bare node http', b],
    ] as const) {
      console.log(
        `${name.padEnd(20)} ${r.rps.toFixed(0).padStart(8)} ${String(r.p50).padStart(9)} ${String(r.p99).padStart(8)} ${String(r.errors).padStart(8)} ${String(r.total).padStart(10)}`,
      );
    }
    console.log(`ratio next/bare: throughput ${(n.rps / b.rps).toFixed(2)}x, p99 ${(n.p99 / b.p99).toFixed(2)}x`);
  } finally {
    next.kill('SIGTERM');
    bare.close();
    await close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
