/**
 * The bare anchor of bench/offers-http.ts: a plain `node:http` server that calls the same `decideOffer` as the
 * route (no Next, no authentication, no idempotency or rate limit), one process per `processes` in a Node cluster
 * like the production server. Context in BENCH_CTX (JSON OrgContext), database in DATABASE_URL.
 *   tsx --conditions=react-server bench/support/bare-offers-server.ts <port> <processes>
 */
import cluster from 'node:cluster';
import http from 'node:http';

const port = Number(process.argv[2]);
const processes = Number(process.argv[3] ?? 1);

if (cluster.isPrimary && processes > 1) {
  let ready = 0;
  for (let i = 0; i < processes; i++)
    cluster.fork().on('listening', () => {
      if (++ready === processes) process.send?.('ready');
    });
  process.on('SIGTERM', () => {
    for (const w of Object.values(cluster.workers ?? {})) w?.kill('SIGTERM');
    process.exit(0);
  });
} else {
  void serve();
}

async function serve() {
  const { decideOffer } = await import('../../lib/serving/decide-offer');
  const ctx = JSON.parse(process.env.BENCH_CTX ?? 'null');
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      try {
        const out = await decideOffer(ctx, JSON.parse(Buffer.concat(chunks).toString('utf8')));
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(out));
      } catch (e) {
        res.writeHead(500).end(String(e));
      }
    });
  });
  server.listen(port, '127.0.0.1', () => {
    if (cluster.isPrimary) process.send?.('ready');
  });
  process.on('SIGTERM', () => process.exit(0));
}
