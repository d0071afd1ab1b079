/**
 * `npm run demo`: starts OfferPilot with demo data on http://localhost:3000 (PORT to change).
 * Postgres: DATABASE_URL, else embedded (data in .data/pg, kept across restarts). Migrations apply on every
 * start (idempotent); the demo organisations are seeded when missing. The production server is one `next start`
 * per core in a Node cluster (scripts/web-cluster.ts); `--dev` runs one `next dev` instead of a production build.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { encryptLegacyPiiKeys } from '../lib/data/encrypt-legacy-pii-keys';
import { scriptEnv, secretKey } from '../lib/env';
import { supervise } from '../lib/jobs/supervise';
import { runMigrations } from '../lib/migrations/run-migrations';
import { adoptUnsignedModelsOnce } from './adopt-unsigned-models';
import { DATA_DIR, resolveDatabase, resolveKeys, resolveSecret } from './runtime';
import { seedDemo } from './seed';
import { startWebCluster } from './web-cluster';

async function main() {
  const dev = process.argv.includes('--dev');
  const port = scriptEnv().PORT ?? 3000;
  const host = scriptEnv().HOST ?? '127.0.0.1';
  const { url, embedded } = await resolveDatabase({
    embeddedDir: path.join(DATA_DIR, 'pg'),
    port: scriptEnv().EMBEDDED_PG_PORT ?? 54329,
    database: 'offerpilot',
  });
  const secret = await resolveSecret();
  await resolveKeys(); // MODEL_SIGNING_KEY, PII_KEY_ENCRYPTION_KEY: env, else .data/ (never the database)
  const migrated = await runMigrations(url);
  console.log(
    `[offerpilot] migrations: ${migrated.applied.length} applied, ${migrated.skipped.length} already applied`,
  );
  await adoptUnsignedModelsOnce(url);
  const sealed = await encryptLegacyPiiKeys(url, secretKey('PII_KEY_ENCRYPTION_KEY'));
  if (sealed) console.log(`[offerpilot] ${sealed} organisation PII key(s) encrypted (were stored in plaintext)`);
  process.env.DATABASE_URL = url; // the import pipeline used by the seed reads the validated env
  process.env.NEXTAUTH_SECRET = secret;
  const { failInterruptedImports } = await import('../lib/datasets/run-import');
  const interrupted = await failInterruptedImports();
  if (interrupted) console.log(`[offerpilot] ${interrupted} import(s) interrupted by the last stop marked failed`);
  await seedDemo(url, { demoData: true });

  const env = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: '1',
    DATABASE_URL: url,
    NEXTAUTH_SECRET: secret,
    NEXTAUTH_URL: `http://localhost:${port}`,
  };
  const next = path.join(process.cwd(), 'node_modules', '.bin', 'next');
  if (!dev) {
    console.log('[offerpilot] building the dashboard (next build)…');
    const b = spawnSync(next, ['build'], { stdio: 'inherit', env: { ...env, NODE_ENV: 'production' } });
    if (b.status !== 0) throw new Error('next build failed');
  }
  const tsx = path.join(process.cwd(), 'node_modules', '.bin', 'tsx');
  // loopback only unless HOST says otherwise: a demo with seeded passwords is not for the network.
  // Production: one `next start` per core in a Node cluster sharing the port (scripts/web-cluster.ts); --dev: one `next dev`.
  const processes = availableParallelism();
  const devWeb = dev ? spawn(next, ['dev', '-p', String(port), '-H', host], { stdio: 'inherit', env }) : null;
  const web = dev
    ? null
    : startWebCluster({
        nextBin: path.join(process.cwd(), 'node_modules', 'next', 'dist', 'bin', 'next'),
        port,
        host,
        processes,
        env,
        onStartFailure: (code) => void stop(code || 1),
      });
  // the worker is supervised: a crash (or kill -9) restarts it with a backoff and never stops the dashboard
  const worker = supervise({
    name: 'worker',
    start: () => spawn(tsx, ['--conditions=react-server', 'scripts/worker.ts'], { stdio: 'inherit', env }),
  });
  const children = (): ChildProcess[] => [
    ...(devWeb ? [devWeb] : []),
    ...(web?.processes() ?? []),
    ...(worker.current() ? [worker.current() as ChildProcess] : []),
  ];
  console.log(
    `[offerpilot] dashboard on http://localhost:${port}${web ? ` (${processes} server processes)` : ''} — sign in as admin@acme.test / offerpilot-demo (see README)`,
  );

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('[offerpilot] stopping');
    // children first (they hold connections), then this process's pools, then the embedded server: nothing is
    // left connected to be cut off by the server's shutdown (57P01 stack dumps)
    worker.stop();
    web?.stopSupervising();
    await Promise.all(children().map((c) => stopChild(c)));
    const { closeDatabaseConnections } = await import('../lib/db');
    await closeDatabaseConnections().catch(() => undefined);
    if (embedded) await embedded.stop().catch(() => undefined);
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  devWeb?.on('exit', (code) => void stop(code ?? 1));
}

/** SIGTERM, then waits for the exit (SIGKILL after 10 s). */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

main().catch((err) => {
  console.error('[offerpilot]', err instanceof Error ? err.message : err);
  process.exit(1);
});
