/**
 * Customers paging bench (issue 18 item 3: "100k customers stays under 1 s per page"). A throw-away database
 * `op_custpage_<pid>` (SCALE_PG_URL, default the system PostgreSQL at postgresql://root@127.0.0.1:5432) gets the demo
 * organisations, then 100,000 customers for Acme (and as many for Globex, so the tenant filter has neighbours to
 * skip) as a customers file with two extra columns leaves them: masked PII, a country (5 % missing), a sign-up date
 * (3 % missing), two import batches, attributes `tier` and `ltv` — and ANALYZE, as every import runs.
 *
 * Then `GET /api/v1/customers` as the Customers table asks for it (limit 50; first page, page 1,000 by cursor, every
 * sortable column both ways, searches; and `limit=1`, the attribute list the feature pickers read) is called
 * in-process as Next calls it (admin API key): first call and median of 5. The anchor, in the same run: the very
 * statements the app sent (captured from node-postgres) replayed through a bare `pg` client, first and median of 5,
 * one after another (the app runs the attribute count beside the page). The database is dropped at the end.
 *
 *   nice npx tsx --conditions=react-server bench/customers-paging.ts [--customers=100000] [--explain] [--keep]
 *
 * --explain prints EXPLAIN (ANALYZE, BUFFERS) of every statement of the slowest case.
 * The list joins nothing (no events or features): its cost is the page, two counts and the attribute counts.
 */
import { randomBytes } from 'node:crypto';
import type { NextRequest } from 'next/server';
import pg from 'pg';
import { acmeContexts, setBenchEnv } from './support/bench-env';
import { withThrowAwayDatabase } from './support/throwaway-db';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const CUSTOMERS = Number(arg('customers') ?? 100_000);
const KEEP = process.argv.includes('--keep');
const EXPLAIN = process.argv.includes('--explain');
const REPEATS = 5;
const PAGE = 50;

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Sort = 'externalId' | 'signupAt' | 'country' | 'createdAt';
interface Statement {
  text: string;
  values: unknown[];
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Every statement this process sends through node-postgres while `capturing` is set (Prisma's adapter uses pg). */
let capturing: Statement[] | null = null;
const originalQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  if (capturing) {
    const [a, b] = args as [string | { text: string; values?: unknown[] }, unknown];
    if (typeof a === 'string') capturing.push({ text: a, values: Array.isArray(b) ? b : [] });
    else if (a && typeof a.text === 'string') capturing.push({ text: a.text, values: a.values ?? [] });
  }
  return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
} as typeof pg.Client.prototype.query;

async function main() {
  if (!Number.isInteger(CUSTOMERS) || CUSTOMERS < 1000) throw new Error('--customers must be an integer ≥ 1000');
  const name = `op_custpage_${process.pid}`;
  await withThrowAwayDatabase(name, KEEP, run);
}

/** N customers for one organisation as one customers file would leave them (two import batches a day apart). */
async function loadCustomers(bare: pg.Client, orgId: string, prefix: string, n: number) {
  await bare.query('SELECT setseed(0.42)');
  await bare.query(
    `INSERT INTO "Customer" (id, "organizationId", "externalId", "signupAt", country, "emailHash", "emailMasked",
       "phoneMasked", "nameMasked", attributes, "createdAt")
     SELECT 'c' || md5($2 || i), $1, $2 || lpad(i::text, 7, '0'),
       CASE WHEN random() < 0.03 THEN NULL
            ELSE timestamp '2023-01-01' + random() * interval '1000 days' END,
       CASE WHEN random() < 0.05 THEN NULL
            ELSE (ARRAY['GB','DE','FR','US','NL','IE','ES','IT','SE','PL','BE','AT','DK','PT','CH'])[1 + floor(random() * random() * 15)::int] END,
       md5('e' || $2 || i), substr(md5('m' || i), 1, 1) || '***@' || (ARRAY['gmail.com','outlook.com','example.org'])[1 + (i % 3)],
       '+44 ***** **' || lpad((i % 1000)::text, 3, '0'),
       chr(65 + (i % 26)) || '*** ' || chr(65 + ((i / 26) % 26)) || '***',
       jsonb_build_object('tier', (ARRAY['bronze','silver','gold'])[1 + floor(random() * 3)::int],
                          'ltv', round((random() * 900)::numeric, 2)),
       CASE WHEN i <= $3 * 0.6 THEN timestamp '2026-02-01 10:00' ELSE timestamp '2026-02-02 10:00' END
     FROM generate_series(1, $3::int) AS i`,
    [orgId, prefix, n],
  );
  for (const [attr, type] of [
    ['ltv', 'numeric'],
    ['tier', 'categorical'],
  ])
    await bare.query(
      `INSERT INTO "CustomerAttribute" (id, "organizationId", name, type, "updatedAt") VALUES ($1, $2, $3, $4, now())
       ON CONFLICT DO NOTHING`,
      [`a${randomBytes(8).toString('hex')}`, orgId, attr, type],
    );
}

async function run(url: string) {
  setBenchEnv(url);
  const { NextRequest } = await import('next/server');
  const { seedDemo } = await import('../scripts/seed');
  await seedDemo(url);

  const bare = new pg.Client({ connectionString: url });
  await bare.connect();
  // the database is dropped WITH (FORCE) at the end, whatever happened
  bare.on('error', () => undefined);
  try {
    await measure(bare, NextRequest);
  } finally {
    await bare.end().catch(() => undefined);
  }
}

async function measure(bare: pg.Client, NextRequest: typeof import('next/server').NextRequest) {
  const { db } = await import('../lib/db');
  const { createApiKey } = await import('../lib/settings/api-keys');
  const { analyzeTables } = await import('../lib/postgres/analyze-tables');
  const orgs = await db.organization.findMany({ select: { id: true, slug: true } });
  const acme = orgs.find((o) => o.slug === 'acme')!.id;
  const globex = orgs.find((o) => o.slug === 'globex')!.id;
  const t0 = performance.now();
  await loadCustomers(bare, acme, 'CUST-', CUSTOMERS);
  await loadCustomers(bare, globex, 'GLX-', CUSTOMERS);
  await analyzeTables(['Customer']);
  const total = Number(
    (await bare.query(`SELECT count(*) FROM "Customer" WHERE "organizationId" = $1`, [acme])).rows[0].count,
  );
  console.log(
    `[customers] ${total.toLocaleString('en-GB')} Acme customers (+ as many at Globex) loaded and analysed in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );

  const admin = (await acmeContexts(db))('ADMIN');
  const { key } = await createApiKey(admin, {
    name: 'bench',
    role: 'ADMIN',
    rateLimitPerSecond: 1e5,
    rateLimitBurst: 1e5,
  });
  const { GET } = (await import('../app/api/v1/customers/route')) as unknown as { GET: Handler };
  const callApi = async (query: string) => {
    const req = new NextRequest(`http://localhost/api/v1/customers?${query}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    const res = await GET(req, { params: Promise.resolve({}) });
    const body = (await res.json()) as { items: unknown[]; matching: number };
    if (res.status !== 200) throw new Error(`${query}: ${res.status} ${JSON.stringify(body)}`);
    return body;
  };

  /** The id ending page `page - 1` in this order: the cursor the table holds when it asks for `page`. */
  const cursorBefore = async (sort: Sort, dir: 'asc' | 'desc', page: number) => {
    const nulls = sort === 'signupAt' || sort === 'country' ? ' NULLS LAST' : '';
    const r = await bare.query(
      `SELECT id FROM "Customer" WHERE "organizationId" = $1 ORDER BY "${sort}" ${dir}${nulls}, id ${dir} OFFSET $2 LIMIT 1`,
      [acme, (page - 1) * PAGE - 1],
    );
    return r.rows[0].id as string;
  };

  // page 1,000 (rows 49,951–50,000) at 100k; the last full page of a smaller smoke run
  const deep = Math.min(1000, Math.floor(total / PAGE));
  const cases: { what: string; query: string }[] = [
    { what: 'first page (externalId ↑, the default)', query: `limit=${PAGE}` },
  ];
  for (const sort of ['externalId', 'signupAt', 'country', 'createdAt'] as const)
    for (const dir of ['asc', 'desc'] as const) {
      const base = `limit=${PAGE}&sort=${sort}&dir=${dir}`;
      const arrow = dir === 'asc' ? '↑' : '↓';
      if (!(sort === 'externalId' && dir === 'asc')) cases.push({ what: `first page, ${sort} ${arrow}`, query: base });
      cases.push({
        what: `page ${deep.toLocaleString('en-GB')}, ${sort} ${arrow}`,
        query: `${base}&cursor=${await cursorBefore(sort, dir, deep)}`,
      });
    }
  cases.push(
    { what: 'search "0012345" (1 match)', query: `limit=${PAGE}&q=0012345` },
    { what: 'search "99" (broad)', query: `limit=${PAGE}&q=99` },
    { what: 'search "zz" (no match)', query: `limit=${PAGE}&q=zz` },
    { what: 'search "99", country ↓', query: `limit=${PAGE}&q=99&sort=country&dir=desc` },
    { what: 'limit=1 (attribute list for feature pickers)', query: 'limit=1' },
  );

  const results: {
    what: string;
    first: number;
    med: number;
    bareFirst: number;
    bareMed: number;
    statements: Statement[];
    matching: number;
  }[] = [];
  for (const c of cases) {
    capturing = [];
    let t = performance.now();
    const body = await callApi(c.query);
    const first = performance.now() - t;
    const statements = capturing.filter((s) => !/^\s*(BEGIN|COMMIT|SELECT 1)\b/i.test(s.text));
    capturing = null;
    const times: number[] = [];
    for (let i = 0; i < REPEATS; i++) {
      t = performance.now();
      await callApi(c.query);
      times.push(performance.now() - t);
    }
    const replay = async () => {
      const s0 = performance.now();
      for (const s of statements) await bare.query(s.text, s.values);
      return performance.now() - s0;
    };
    const bareFirst = await replay();
    const bareTimes: number[] = [];
    for (let i = 0; i < REPEATS; i++) bareTimes.push(await replay());
    results.push({
      what: c.what,
      first,
      med: median(times),
      bareFirst,
      bareMed: median(bareTimes),
      statements,
      matching: body.matching,
    });
  }

  const pad = (s: string, n: number) => s.padEnd(n);
  const num = (x: number) => x.toFixed(1).padStart(8);
  console.log(
    `\nGET /api/v1/customers?limit=${PAGE}… on ${total.toLocaleString('en-GB')} customers (ms; median of ${REPEATS}; bare = the same statements through pg)`,
  );
  console.log(`${pad('case', 48)}  app 1st  app med  bare 1st bare med  app/bare  stmts`);
  for (const r of results)
    console.log(
      `${pad(r.what, 48)} ${num(r.first)} ${num(r.med)} ${num(r.bareFirst)} ${num(r.bareMed)} ${(r.med / r.bareMed).toFixed(2).padStart(8)}  ${String(r.statements.length).padStart(5)}`,
    );
  const worst = results.reduce((a, b) => (b.med > a.med ? b : a));
  const over = results.filter((r) => r.first > 1000 || r.med > 1000);
  console.log(
    `\nslowest: ${worst.what}, median ${worst.med.toFixed(1)} ms; over 1 s: ${over.length ? over.map((r) => r.what).join('; ') : 'none'}`,
  );
  const load = (await import('node:os'))
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
  console.log(`load average ${load}`);

  if (EXPLAIN)
    for (const r of [
      worst,
      ...results.filter((x) => x !== worst && /, signupAt ↓|search "99"$|limit=1/.test(x.what)),
    ]) {
      console.log(`\n== EXPLAIN (ANALYZE, BUFFERS): ${r.what}`);
      for (const s of r.statements.filter((x) => x.text.includes('Customer'))) {
        console.log(`-- ${s.text.replace(/\s+/g, ' ')}`);
        const plan = await bare.query(`EXPLAIN (ANALYZE, BUFFERS) ${s.text}`, s.values);
        for (const row of plan.rows) console.log(`   ${row['QUERY PLAN']}`);
      }
    }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
