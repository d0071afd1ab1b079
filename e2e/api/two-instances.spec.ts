import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { type APIRequestContext, request } from '@playwright/test';
import { Client } from 'pg';
import { e2eProcessEnv, readE2eShared } from '../../scripts/e2e-env';
import { expect, storageStateOf, test, type UserKey } from '../fixtures';

/**
 * Two app instances and two workers on one database (issue 15; issue 21 item 7). The suite's web server is instance
 * A (`next start` on E2E_PORT) with worker 1; this file starts instance B (`next start` of the same build on
 * E2E_PORT + 1) and worker 2 on the same database, and drives the demo flow through both at once: the policy
 * workflow (drafts, concurrent approvals and activations), offers, training jobs, an import with live events, and
 * the per-process state that docs/operations.md documents (API-key memo, rate-limit buckets).
 *
 * Why an e2e spec and not an integration test: two real `next start` servers need a production build, which the
 * e2e step already has (scripts/test-all.ts builds once before Playwright); building again inside the integration
 * step would cost minutes of the 10-minute test budget.
 */
const PORT_A = Number(process.env.E2E_PORT ?? 3100);
const PORT_B = PORT_A + 1;
const A = `http://127.0.0.1:${PORT_A}`;
const B = `http://127.0.0.1:${PORT_B}`;
const ROOT = path.resolve(__dirname, '../..');

let instanceB: ChildProcess;
let worker2: ChildProcess;
let sql: Client;
let acmeId: string;
const contexts: APIRequestContext[] = [];

async function as(user: UserKey, baseURL: string) {
  const c = await request.newContext({ baseURL, storageState: storageStateOf(user) });
  contexts.push(c);
  return c;
}

async function withKey(key: string, baseURL: string) {
  const c = await request.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${key}` } });
  contexts.push(c);
  return c;
}

function stop(child: ChildProcess | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  const shared = readE2eShared(PORT_A);
  const env = e2eProcessEnv(shared, PORT_B);
  instanceB = spawn(
    path.join(ROOT, 'node_modules', '.bin', 'next'),
    ['start', '-p', String(PORT_B), '-H', '127.0.0.1'],
    {
      cwd: ROOT,
      env,
      stdio: 'ignore',
    },
  );
  worker2 = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['--conditions=react-server', 'scripts/worker.ts'], {
    cwd: ROOT,
    env,
    stdio: 'ignore',
  });
  sql = new Client({ connectionString: shared.DATABASE_URL });
  await sql.connect();
  acmeId = (await sql.query<{ id: string }>(`SELECT id FROM "Organization" WHERE slug = 'acme'`)).rows[0].id;
  await expect
    .poll(
      () =>
        fetch(`${B}/api/health`).then(
          (r) => r.status,
          () => 0,
        ),
      { timeout: 150_000, intervals: [500] },
    )
    .toBe(200);
  // both workers heartbeat into the same table; both instances report them
  for (const base of [A, B])
    await expect
      .poll(async () => (await (await fetch(`${base}/api/health`)).json()).workers.alive, { timeout: 60_000 })
      .toBeGreaterThanOrEqual(2);
});

test.afterAll(async () => {
  for (const c of contexts) await c.dispose();
  await sql?.end();
  await Promise.all([stop(instanceB), stop(worker2)]);
});

type Decision = { policyVersionId: string | null; discountPct: number; arm: string | null };

test('policy workflow from both instances at once: one approval wins, one version active, offers agree', async () => {
  test.setTimeout(120_000);
  const [managerA, managerB, adminA, adminB] = await Promise.all([
    as('manager', A),
    as('manager', B),
    as('admin', A),
    as('admin', B),
  ]);
  const campaign = await (
    await managerA.post('/api/v1/campaigns', { data: { name: 'Two instances', marginPct: 40 } })
  ).json();
  const draft = async (ctx: APIRequestContext, discountPct: number, policyId?: string) => {
    const r = await ctx.post('/api/v1/policies', {
      data: {
        campaignId: campaign.id,
        policyId,
        name: 'Two-instance policy',
        rules: { mode: 'fixed', discountPct, maxDiscountPct: 30 },
      },
    });
    expect(r.status()).toBe(201);
    return (await r.json()) as { id: string; policyId: string };
  };
  const act = (ctx: APIRequestContext, id: string, data: Record<string, unknown>) =>
    ctx.post(`/api/v1/policies/versions/${id}/actions`, { data }).then((r) => r.status());

  // v1: drafted on A, submitted on B, approved on A, activated on B
  const v1 = await draft(managerA, 5);
  expect(await act(managerB, v1.id, { action: 'submit' })).toBe(200);
  expect(await act(adminA, v1.id, { action: 'approve' })).toBe(200);
  expect(await act(adminB, v1.id, { action: 'activate', holdoutPct: 0 })).toBe(200);

  const key = (
    await (
      await adminA.post('/api/v1/api-keys', {
        data: { name: 'two instances', role: 'MANAGER', rateLimitPerSecond: 10_000, rateLimitBurst: 10_000 },
      })
    ).json()
  ).key as string;
  const [keyA, keyB] = await Promise.all([withKey(key, A), withKey(key, B)]);
  const customers = Array.from({ length: 12 }, (_, i) => `AC${String(i + 1).padStart(5, '0')}`);
  const offer = async (ctx: APIRequestContext, customerId: string): Promise<Decision> => {
    const r = await ctx.post('/api/v1/offers', { data: { customerId, campaignId: campaign.id } });
    expect(r.status()).toBe(200);
    return r.json();
  };
  // both instances serve v1 (and cache it)
  for (const c of customers.slice(0, 3))
    for (const ctx of [keyA, keyB]) expect((await offer(ctx, c)).policyVersionId).toBe(v1.id);

  // v2 and v3 drafted and submitted on different instances
  const [v2, v3] = await Promise.all([draft(managerA, 10, v1.policyId), draft(managerB, 15, v1.policyId)]);
  expect(
    await Promise.all([act(managerA, v2.id, { action: 'submit' }), act(managerB, v3.id, { action: 'submit' })]),
  ).toEqual([200, 200]);
  // two admins approve v2 at the same moment on the two instances: exactly one succeeds
  const approvals = await Promise.all([
    act(adminA, v2.id, { action: 'approve' }),
    act(adminB, v2.id, { action: 'approve' }),
  ]);
  expect(approvals.sort()).toEqual([200, 409]);
  expect(await act(adminB, v3.id, { action: 'approve' })).toBe(200);
  // v2 activated on A and v3 on B at the same moment: serialised on the campaign row, the later one wins
  const activations = await Promise.all([
    act(adminA, v2.id, { action: 'activate', holdoutPct: 0 }),
    act(adminB, v3.id, { action: 'activate', holdoutPct: 0 }),
  ]);
  expect(activations).toEqual([200, 200]);
  const activatedAt = Date.now();
  const versions = (
    await sql.query<{ id: string; status: string }>(
      `SELECT v.id, v.status FROM "PolicyVersion" v JOIN "DiscountPolicy" p ON p.id = v."policyId"
       WHERE p."campaignId" = $1 ORDER BY v.version`,
      [campaign.id],
    )
  ).rows;
  const active = versions.filter((v) => v.status === 'ACTIVE');
  expect(active).toHaveLength(1);
  expect(versions.map((v) => v.status).sort()).toEqual(['ACTIVE', 'RETIRED', 'RETIRED']);
  const winner = active[0].id;
  const discount = winner === v2.id ? 10 : 15;

  // each instance switches to the winner once its 1 s policy cache expires; measured, not assumed
  const switched: Record<string, number> = {};
  for (const [name, ctx] of [
    ['A', keyA],
    ['B', keyB],
  ] as const) {
    await expect.poll(async () => (await offer(ctx, customers[0])).policyVersionId, { timeout: 10_000 }).toBe(winner);
    switched[name] = Date.now() - activatedAt;
  }
  test.info().annotations.push({
    type: 'stale policy after activation (ms, upper bound)',
    description: JSON.stringify(switched),
  });

  // then every customer gets the same decision from either instance
  for (const c of customers) {
    const [a, b] = await Promise.all([offer(keyA, c), offer(keyB, c)]);
    expect([a.policyVersionId, a.discountPct, a.arm]).toEqual([winner, discount, 'new']);
    expect([b.policyVersionId, b.discountPct, b.arm]).toEqual([a.policyVersionId, a.discountPct, a.arm]);
  }
});

test('training jobs queued through both instances: two workers, each job trained once', async () => {
  test.setTimeout(240_000);
  const [analystA, analystB] = await Promise.all([as('analyst', A), as('analyst', B)]);
  const body = (name: string) => ({
    data: { name, folds: 2, algorithms: [{ name: 'logistic-regression', grid: { l2: [1] } }] },
  });
  const [ja, jb] = await Promise.all([
    analystA.post('/api/v1/jobs', body('two-instances-a')),
    analystB.post('/api/v1/jobs', body('two-instances-b')),
  ]);
  expect([ja.status(), jb.status()]).toEqual([201, 201]);
  const ids = [(await ja.json()).id as string, (await jb.json()).id as string];
  for (const [i, id] of ids.entries()) {
    const other = i === 0 ? analystB : analystA; // read through the instance that did not queue it
    await expect
      .poll(async () => (await (await other.get(`/api/v1/jobs/${id}`)).json()).status, { timeout: 200_000 })
      .toBe('SUCCEEDED');
  }
  const jobs = (
    await sql.query<{ id: string; attempts: number; workerId: string; models: string }>(
      `SELECT j.id, j.attempts, j."workerId", (SELECT count(*) FROM "ModelVersion" m WHERE m."trainingJobId" = j.id) AS models
       FROM "TrainingJob" j WHERE j.id = ANY($1::text[]) ORDER BY j.id`,
      [ids],
    )
  ).rows;
  expect(jobs.map((j) => [j.attempts, Number(j.models)])).toEqual([
    [1, 1],
    [1, 1],
  ]);
  test.info().annotations.push({ type: 'workers that trained', description: jobs.map((j) => j.workerId).join(', ') });
});

test('an import through B while live events go through A and B: no event lost, the store equals the events', async () => {
  test.setTimeout(180_000);
  const adminA = await as('admin', A);
  const key = (
    await (
      await adminA.post('/api/v1/api-keys', {
        data: { name: 'two instances import', role: 'MANAGER', rateLimitPerSecond: 10_000, rateLimitBurst: 10_000 },
      })
    ).json()
  ).key as string;
  const [keyA, keyB] = await Promise.all([withKey(key, A), withKey(key, B)]);
  const customers = Array.from({ length: 40 }, (_, i) => `AC${String(i + 1).padStart(5, '0')}`);
  const csv = [
    'customer_id,timestamp,type,category,session_id',
    ...Array.from(
      { length: 400 },
      (_, i) =>
        `${customers[i % 40]},2026-10-${String(1 + (i % 28)).padStart(2, '0')}T10:${String(i % 60).padStart(2, '0')}:00Z,${i % 3 ? 'view' : 'search'},shoes,two-file-${i % 40}`,
    ),
  ].join('\n');
  const upload = keyB.post('/api/v1/datasets?kind=events&fileName=two-instances.csv', {
    headers: { 'content-type': 'text/csv' },
    data: csv,
  });
  let sent = 0;
  const live = Array.from({ length: 24 }, async (_, n) => {
    const events = customers
      .filter((_, i) => i % 6 === n % 6)
      .map((customerId) => ({ customerId, type: 'view', category: 'bags', sessionId: `two-live-${n}` }));
    const r = await (n % 2 ? keyB : keyA).post('/api/v1/events', { data: { events } });
    expect(r.status()).toBe(202);
    sent += events.length;
  });
  const [up] = await Promise.all([upload, ...live]);
  expect(up.status()).toBe(202);
  const datasetId = (await up.json()).dataset.id as string;
  await expect
    .poll(async () => (await (await keyA.get(`/api/v1/datasets/${datasetId}`)).json()).status, { timeout: 120_000 })
    .toBe('COMPLETED');
  const counts = (
    await sql.query<{ file: string; live: string }>(
      `SELECT count(*) FILTER (WHERE "datasetId" = $1) AS file, count(*) FILTER (WHERE "sessionId" LIKE 'two-live-%') AS live
       FROM "Event" WHERE "organizationId" = $2`,
      [datasetId, acmeId],
    )
  ).rows[0];
  expect([Number(counts.file), Number(counts.live)]).toEqual([400, sent]);
  // every stored feature row counts exactly the customer's events (import rebuild and live writes commuted)
  const mismatches = (
    await sql.query(
      `SELECT f."customerId", f."values"->>'views' AS stored, r.views
       FROM "CustomerFeature" f
       JOIN (SELECT c.id, count(e.id) FILTER (WHERE e.type = 'VIEW') AS views,
                    count(e.id) FILTER (WHERE e.type = 'SEARCH') AS searches
             FROM "Customer" c LEFT JOIN "Event" e ON e."customerId" = c.id AND e."organizationId" = c."organizationId"
             WHERE c."organizationId" = $1 GROUP BY c.id) r ON r.id = f."customerId"
       WHERE (f."values"->>'views')::int <> r.views OR (f."values"->>'searches')::int <> r.searches`,
      [acmeId],
    )
  ).rows;
  expect(mismatches).toEqual([]);
});

test('per-process state: a revoked key dies at once where revoked and within the 5 s memo elsewhere; rate buckets are per instance', async () => {
  test.setTimeout(60_000);
  const adminA = await as('admin', A);
  const mint = async (data: Record<string, unknown>) =>
    (await (await adminA.post('/api/v1/api-keys', { data: { role: 'ANALYST', ...data } })).json()) as {
      id: string;
      key: string;
    };
  const revoked = await mint({ name: 'revoked across instances', rateLimitPerSecond: 10_000, rateLimitBurst: 10_000 });
  const [ra, rb] = await Promise.all([withKey(revoked.key, A), withKey(revoked.key, B)]);
  expect([(await ra.get('/api/v1/me')).status(), (await rb.get('/api/v1/me')).status()]).toEqual([200, 200]);
  expect((await adminA.delete(`/api/v1/api-keys/${revoked.id}`)).status()).toBe(200);
  const revokedAt = Date.now();
  expect((await ra.get('/api/v1/me')).status()).toBe(401);
  await expect.poll(async () => (await rb.get('/api/v1/me')).status(), { timeout: 10_000, intervals: [100] }).toBe(401);
  test.info().annotations.push({
    type: 'revoked key still accepted by the other instance (ms, upper bound)',
    description: String(Date.now() - revokedAt),
  });

  // a burst of 3 (refilling once in 1,000 s) lets 3 through each instance: 6 in all
  const limited = await mint({ name: 'burst of three', rateLimitPerSecond: 0.001, rateLimitBurst: 3 });
  const [la, lb] = await Promise.all([withKey(limited.key, A), withKey(limited.key, B)]);
  const seq = async (ctx: APIRequestContext, n: number) => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push((await ctx.get('/api/v1/me')).status());
    return out;
  };
  expect(await seq(la, 4)).toEqual([200, 200, 200, 429]);
  expect(await seq(lb, 4)).toEqual([200, 200, 200, 429]);
});
