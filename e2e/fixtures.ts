import path from 'node:path';
import { type APIRequestContext, test as base, expect } from '@playwright/test';

/** Demo users seeded by lib/seed/seed-orgs.ts (password offerpilot-demo). */
export const USERS = {
  admin: { email: 'admin@acme.test', role: 'Admin', org: 'Acme Outfitters' },
  manager: { email: 'manager@acme.test', role: 'Marketing manager', org: 'Acme Outfitters' },
  analyst: { email: 'analyst@acme.test', role: 'Analyst', org: 'Acme Outfitters' },
  globexAdmin: { email: 'admin@globex.test', role: 'Admin', org: 'Globex Goods' },
  // Vista Visuals: only e2e/visual.spec.ts looks at it (lib/seed/seed-orgs.ts VISUAL_ORG)
  vistaAdmin: { email: 'admin@vista.test', role: 'Admin', org: 'Vista Visuals' },
  vistaManager: { email: 'manager@vista.test', role: 'Marketing manager', org: 'Vista Visuals' },
  vistaAnalyst: { email: 'analyst@vista.test', role: 'Analyst', org: 'Vista Visuals' },
} as const;
export type UserKey = keyof typeof USERS;
export const DEMO_PASSWORD = 'offerpilot-demo';

export function storageStateOf(user: UserKey): string {
  return path.join(__dirname, '.auth', `${user}.json`);
}

/**
 * `as(user)` gives an API request context signed in as that demo user (from the saved storage state);
 * `apiKey(name, role)` has Acme's admin create an API key (default role MANAGER) and gives its secret;
 * `withKey(key)` gives an API request context that sends it as a bearer token. Contexts are disposed after the test.
 */
export const test = base.extend<{
  as: (user: UserKey) => Promise<APIRequestContext>;
  apiKey: (name: string, role?: 'ADMIN' | 'MANAGER' | 'ANALYST') => Promise<string>;
  withKey: (key: string) => Promise<APIRequestContext>;
}>({
  as: async ({ playwright, baseURL }, use) => {
    const made: APIRequestContext[] = [];
    await use(async (user) => {
      const ctx = await playwright.request.newContext({ baseURL, storageState: storageStateOf(user) });
      made.push(ctx);
      return ctx;
    });
    for (const c of made) await c.dispose();
  },
  apiKey: async ({ as }, use) => {
    await use(async (name, role = 'MANAGER') => {
      const created = await (await as('admin')).post('/api/v1/api-keys', { data: { name, role } });
      expect(created.status()).toBe(201);
      return (await created.json()).key as string;
    });
  },
  withKey: async ({ playwright, baseURL }, use) => {
    const made: APIRequestContext[] = [];
    await use(async (key) => {
      const ctx = await playwright.request.newContext({
        baseURL,
        extraHTTPHeaders: { authorization: `Bearer ${key}` },
      });
      made.push(ctx);
      return ctx;
    });
    for (const c of made) await c.dispose();
  },
});

export { expect };
