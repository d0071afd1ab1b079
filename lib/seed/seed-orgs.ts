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

export async function seedDemoOrgs(
  db: PrismaClient,
  orgs: readonly DemoOrg[] = DEMO_ORGS,
): Promise<Record<string, string>> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
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
