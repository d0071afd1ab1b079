/**
 * Playwright's web server: a fresh `op_e2e` database (migrated, seeded) on the local test server, then the
 * production build (`next start`) on E2E_PORT (default 3100). Builds first when no build exists.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { scriptEnv } from '../lib/env';
import { seedDemo } from './seed';
import { freshDatabase, testServerUrl } from './test-db';

async function main() {
  const server = await testServerUrl();
  const { url } = await freshDatabase(server.url, 'op_e2e');
  await seedDemo(url);
  const port = scriptEnv().E2E_PORT ?? 3100;
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', DATABASE_URL: url, NEXTAUTH_SECRET: 'e2e-only-secret-not-used-anywhere-else-0123456789', NEXTAUTH_URL: `http://127.0.0.1:${port}`, LOG_LEVEL: 'warn' };
  const next = path.join(process.cwd(), 'node_modules', '.bin', 'next');
  if (!existsSync(path.join(process.cwd(), '.next', 'BUILD_ID'))) {
    const b = spawnSync(next, ['build'], { stdio: 'inherit', env });
    if (b.status !== 0) process.exit(1);
  }
  const child = spawn(next, ['start', '-p', String(port), '-H', '127.0.0.1'], { stdio: 'inherit', env });
  const stop = async () => {
    child.kill('SIGTERM');
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
