import argon2 from 'argon2';
import type { PrismaClient } from '@/generated/prisma/client';
import { hashPassword } from '../auth/password';
import { orgPiiKey } from '../data/org-pii-key';
import type { RoleName } from '../rbac';

/**
 * Demo tenants for a fresh install (documented in README): organisation "Acme Outfitters" with one user per role
 * and a second organisation "Globex Goods" so that tenant isolation can be seen and tested. Idempotent.
 */
export const DEMO_PASSWORD = 'offerpilot-demo';

export const DEMO_ORGS = [
  {
    slug: 'acme',
    name: 'Acme Outfitters',
    users: [
      { email: 'admin@acme.test', name: 'Ada Admin', role: 'ADMIN' },
      { email: 'manager@acme.test', name: 'Max Manager', role: 'MANAGER' },
      { email: 'analyst@acme.test', name: 'Ana Analyst', role: 'ANALYST' },
    ],
  },
  {
    slug: 'globex',
    name: 'Globex Goods',
    users: [
      { email: 'admin@globex.test', name: 'Gus Globex', role: 'ADMIN' },
      { email: 'analyst@globex.test', name: 'Gia Globex', role: 'ANALYST' },
    ],
  },
] as const satisfies readonly DemoOrg[];

interface DemoOrg {
  slug: string;
  name: string;
  users: readonly { email: string; name: string; role: RoleName }[];
}

/**
 * The end-to-end suite's visual regression check (e2e/visual.spec.ts) looks at this organisation only: no other
 * spec touches it, so its screenshots do not depend on which specs ran before.
 */
export const VISUAL_ORG = {
  slug: 'vista',
  name: 'Vista Visuals',
  users: [
    { email: 'admin@vista.test', name: 'Vera Admin', role: 'ADMIN' },
    { email: 'manager@vista.test', name: 'Vic Manager', role: 'MANAGER' },
    { email: 'analyst@vista.test', name: 'Val Analyst', role: 'ANALYST' },
  ],
} as const satisfies DemoOrg;

/**
 * How the demo users' shared password is hashed. 'production': hashPassword's argon2id (m = 64 MiB, t = 3, p = 4),
 * what `npm run demo` and every real account get. 'throwaway': argon2id at m = 1 MiB, t = 1, p = 1, for the test
 * suites' throw-away databases only (tests/global-setup.ts, scripts/serve-e2e.ts) — their users' password is public
 * anyway, and a production-cost verification took 0.3 s on a quiet machine and over 3 s under the suites' load, on
 * every one of the hundreds of sign-ins the suites make. Verification reads the cost from the stored hash, so the code
 * under test is the production code; hashPassword itself has no cheaper setting.
 */
export type DemoPasswordHashing = 'production' | 'throwaway';

export function demoPasswordHash(hashing: DemoPasswordHashing): Promise<string> {
  return hashing === 'production'
    ? hashPassword(DEMO_PASSWORD)
    : argon2.hash(DEMO_PASSWORD, { type: argon2.argon2id, memoryCost: 1024, timeCost: 1, parallelism: 1 });
}

export async function seedDemoOrgs(
  db: PrismaClient,
  orgs: readonly DemoOrg[] = DEMO_ORGS,
  hashing: DemoPasswordHashing = 'production',
): Promise<Record<string, string>> {
  const passwordHash = await demoPasswordHash(hashing);
  const orgIds: Record<string, string> = {};
  for (const org of orgs) {
    const o = await db.organization.upsert({
      where: { slug: org.slug },
      update: {},
      create: { slug: org.slug, name: org.name },
    });
    await orgPiiKey(db, o.id); // a new random PII key, stored encrypted (lib/data/org-pii-key.ts)
    orgIds[org.slug] = o.id;
    for (const u of org.users) {
      const user = await db.user.upsert({
        where: { email: u.email },
        update: {},
        create: { email: u.email, name: u.name, passwordHash },
      });
      await db.membership.upsert({
        where: { organizationId_userId: { organizationId: o.id, userId: user.id } },
        update: {},
        create: { organizationId: o.id, userId: user.id, role: u.role },
      });
    }
  }
  return orgIds;
}
