/**
 * Playwright's web server: a fresh `op_e2e_<port>` database (migrated; demo organisations; a small simulated merchant
 * of 300 customers in Acme, and again in Vista, the visual regression check's own organisation) on the local test server, then the production build (`next start`) on E2E_PORT
 * (default 3100) and one training worker. Builds first when no build exists.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { scriptEnv } from '../lib/env';
import { E2E_SECRET, e2eProcessEnv, writeE2eShared } from './e2e-env';
import { setThrowAwayKeys } from './runtime';
import { seedDemo } from './seed';
import { freshDatabase, testServerUrl } from './test-db';

async function main() {
  const server = await testServerUrl();
  const port = scriptEnv().E2E_PORT ?? 3100;
  // one database per port: two checkouts running their suites on one server never share it
  const { url } = await freshDatabase(server.url, `op_e2e_${port}`);
  process.env.DATABASE_URL = url; // the seed imports through the upload pipeline, which reads the validated env
  process.env.NEXTAUTH_SECRET = E2E_SECRET;
  setThrowAwayKeys(`e2e-${port}`); // the web server and the worker inherit them through process.env
  await seedDemo(url, { demoData: true, demoCustomers: 300, visualOrg: true, passwordHashing: 'throwaway' });
  const shared = {
    DATABASE_URL: url,
    NEXTAUTH_SECRET: E2E_SECRET,
    MODEL_SIGNING_KEY: process.env.MODEL_SIGNING_KEY!,
    PII_KEY_ENCRYPTION_KEY: process.env.PII_KEY_ENCRYPTION_KEY!,
  };
  // specs that start more processes on this database (two instances, two workers) read it
  writeE2eShared(port, shared);
  const env = e2eProcessEnv(shared, port);
  const next = path.join(process.cwd(), 'node_modules', '.bin', 'next');
  if (!existsSync(path.join(process.cwd(), '.next', 'BUILD_ID'))) {
    const b = spawnSync(next, ['build'], { stdio: 'inherit', env });
    if (b.status !== 0) process.exit(1);
  }
  const child = spawn(next, ['start', '-p', String(port), '-H', '127.0.0.1'], { stdio: 'inherit', env });
  const worker = spawn(
    path.join(process.cwd(), 'node_modules', '.bin', 'tsx'),
    ['--conditions=react-server', 'scripts/worker.ts'],
    { stdio: 'inherit', env },
  );
  const stop = async () => {
    child.kill('SIGTERM');
    worker.kill('SIGTERM');
    await server.stop().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  child.on('exit', (code) => process.exit(code ?? 1));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
