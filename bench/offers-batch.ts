/**
 * Batch offers vs single calls: customers/s of `POST /api/v1/offers` with `{ customers: [1,000] }` against 1,000
 * calls with `{ customerId }`, through the same route handler (API key, rate limit, zod, JSON) in this process, on
 * the same data: a model-optimal policy over a GBDT (200 trees, via onnxruntime) at 5 discount levels, every
 * answer logged (decision + exposure). Feature-store rows are created by a warm-up pass first, so neither side pays
 * for them. Interleaved (batch, singles, singles, batch, …), medians of 3 rounds, `uptime` load before each round.
 *   nice npx tsx --conditions=react-server bench/offers-batch.ts
 */
import { execSync } from 'node:child_process';
import os from 'node:os';
import { NextRequest } from 'next/server';
import { openOffersFixture } from './support/offers-fixture';

const BATCH = 1000;
const ROUNDS = 3;

const load = () =>
  execSync('uptime')
    .toString()
    .trim()
    .replace(/^.*load/, 'load');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const fx = await openOffersFixture('op_bench_batch', { holdoutPct: 0 });
  const { db, admin, campaign, key, close } = fx;
  const offersRoute = await import('../app/api/v1/offers/route');
  const ids = fx.ids.slice(0, BATCH);
  if (ids.length !== BATCH) throw new Error(`expected ${BATCH} demo customers, found ${ids.length}`);

  const post = async (json: unknown) => {
    const req = new NextRequest('http://localhost/api/v1/offers', {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(json),
    });
    const res = await offersRoute.POST(req, { params: Promise.resolve({}) });
    if (res.status !== 200) throw new Error(`offers answered ${res.status}: ${await res.text()}`);
    return res.json();
  };
  const batch = async () => {
    const t = performance.now();
    const out = await post({ campaignId: campaign.id, customers: ids.map((customerId) => ({ customerId })) });
    if (out.decisions.length !== BATCH) throw new Error('short batch');
    return (BATCH / (performance.now() - t)) * 1000;
  };
  const singles = async () => {
    const t = performance.now();
    for (const customerId of ids) await post({ campaignId: campaign.id, customerId });
    return (BATCH / (performance.now() - t)) * 1000;
  };

  // warm-up: feature-store rows, sessions, caches
  await batch();
  await singles();
  const b: number[] = [];
  const s: number[] = [];
  console.log(`uptime before: ${load()}; ${os.cpus().length} CPUs (a shared machine: other jobs ran beside this)`);
  for (let r = 0; r < ROUNDS; r++) {
    const order = r % 2 === 0 ? ['batch', 'singles'] : ['singles', 'batch'];
    for (const which of order) {
      const l = load();
      const rate = which === 'batch' ? await batch() : await singles();
      (which === 'batch' ? b : s).push(rate);
      console.log(`round ${r + 1} ${which.padEnd(7)} ${rate.toFixed(0).padStart(7)} customers/s   (${l})`);
    }
  }
  const decisions = await db.policyDecision.count({ where: { organizationId: admin.orgId } });
  console.log(
    `POST /api/v1/offers, model-optimal (GBDT 200 trees, 5 levels), ${BATCH} customers, route handler in-process`,
  );
  console.log(
    `batch of ${BATCH}: median ${median(b).toFixed(0)} customers/s  [${b.map((x) => x.toFixed(0)).join(', ')}]`,
  );
  console.log(
    `single calls:    median ${median(s).toFixed(0)} customers/s  [${s.map((x) => x.toFixed(0)).join(', ')}]`,
  );
  console.log(`ratio batch/single: ${(median(b) / median(s)).toFixed(1)}x; decisions logged: ${decisions}`);
  console.log(`uptime after: ${load()}`);
  await close();
}

// exit explicitly: the training run leaves handles (its worker-thread pool) that keep the process alive after close()
main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
