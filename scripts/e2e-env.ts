import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The environment the e2e suite's processes share (scripts/serve-e2e.ts starts one app instance and one worker;
 * e2e/api/two-instances.spec.ts starts a second of each on the same database). Throw-away values only: the session
 * secret is fixed and public, the keys are derived from a public label (scripts/runtime.ts setThrowAwayKeys).
 */
export const E2E_SECRET = 'e2e-only-secret-not-used-anywhere-else-0123456789';

export interface E2eShared {
  DATABASE_URL: string;
  NEXTAUTH_SECRET: string;
  MODEL_SIGNING_KEY: string;
  PII_KEY_ENCRYPTION_KEY: string;
}

const infoFile = (port: number) => path.join(process.cwd(), 'test-results', `e2e-server-${port}.json`);

/** Recorded by the e2e web server once its database is ready. */
export function writeE2eShared(port: number, shared: E2eShared): void {
  mkdirSync(path.dirname(infoFile(port)), { recursive: true });
  writeFileSync(infoFile(port), JSON.stringify(shared), { mode: 0o600 });
}

export function readE2eShared(port: number): E2eShared {
  if (!existsSync(infoFile(port))) throw new Error(`no ${infoFile(port)}: is the e2e web server of port ${port} up?`);
  return JSON.parse(readFileSync(infoFile(port), 'utf8')) as E2eShared;
}

/** The environment of an app instance answering on `appPort` (or of a worker) of that suite. */
export function e2eProcessEnv(shared: E2eShared, appPort: number): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...shared,
    NEXT_TELEMETRY_DISABLED: '1',
    NEXTAUTH_URL: `http://127.0.0.1:${appPort}`,
    LOG_LEVEL: 'warn',
  };
}
