/**
 * `npm run worker`: a training worker (start as many as you like; they share the queue in Postgres).
 * Needs DATABASE_URL; `npm run demo` starts one by itself with the right environment.
 */
import { scriptEnv } from '../lib/env';
import { resolveKeys } from './runtime';

async function main() {
  if (!scriptEnv().DATABASE_URL) {
    console.error('[worker] set DATABASE_URL (npm run demo starts a worker with it)');
    process.exit(1);
  }
  process.env.NEXTAUTH_SECRET ??= 'worker-does-not-sign-sessions-0123456789abcdef';
  await resolveKeys(); // it signs the model files it trains: same keys as the dashboard (env, else .data/)
  const { runWorker } = await import('../lib/jobs/worker');
  const ac = new AbortController();
  process.on('SIGTERM', () => ac.abort());
  process.on('SIGINT', () => ac.abort());
  await runWorker(ac.signal);
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
