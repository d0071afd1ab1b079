import { defineConfig, devices } from '@playwright/test';
import { scriptEnv } from './lib/env';

const port = scriptEnv().E2E_PORT ?? 3100;
const baseURL = `http://127.0.0.1:${port}`;

/**
 * End-to-end suite on Debian's chromium (never a downloaded browser). A setup project signs in each role once
 * and saves its storage state under e2e/.auth; UI journeys run in `chromium`, API-only specs in `api`.
 */
export default defineConfig({
  testDir: './e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: [['list']],
  expect: {
    // e2e/visual.spec.ts baselines: one name per page and width, the same on every OS (we run one chromium, Debian's)
    toHaveScreenshot: { pathTemplate: '{testDir}/{testFilePath}-snapshots/{arg}{ext}' },
  },
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [
    { name: 'setup', testMatch: /auth\.setup\.ts/ },
    {
      name: 'chromium',
      testMatch: /.*\.spec\.ts/,
      testIgnore: /api\/.*/,
      dependencies: ['setup'],
      use: { ...devices['Desktop Chrome'], channel: undefined },
    },
    { name: 'api', testMatch: /api\/.*\.spec\.ts/, dependencies: ['setup'] },
  ],
  webServer: {
    command: 'npx tsx --conditions=react-server scripts/serve-e2e.ts',
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 240_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
