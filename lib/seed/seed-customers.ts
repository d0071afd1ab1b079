import type { PrismaClient } from '@/generated/prisma/client';
import { orgPiiKey } from '../data/org-pii-key';
import { hashPii, maskEmail } from '../data/privacy';

/**
 * A small deterministic customer list per demo organisation, so the dashboard and the isolation tests have
 * rows to show before a merchant uploads data. Personal data is stored only as HMAC + mask.
 */
const COUNTRIES = ['GB', 'DE', 'FR', 'US', 'NL', 'ES'];
export const DEMO_CUSTOMER_COUNTS: Record<string, number> = { acme: 40, globex: 12 };

export async function seedDemoCustomers(db: PrismaClient, orgIds: Record<string, string>): Promise<number> {
  let added = 0;
  for (const [slug, orgId] of Object.entries(orgIds)) {
    const piiKey = await orgPiiKey(db, orgId);
    const n = DEMO_CUSTOMER_COUNTS[slug] ?? 0;
    const prefix = slug.slice(0, 2).toUpperCase();
    const data = Array.from({ length: n }, (_, i) => {
      const email = `${slug}.customer${i + 1}@example.com`;
      return {
        organizationId: orgId,
        externalId: `${prefix}${String(i + 1).padStart(5, '0')}`,
        signupAt: new Date(Date.UTC(2026, i % 12, 1 + (i % 27))),
        country: COUNTRIES[i % COUNTRIES.length],
        emailHash: hashPii(piiKey, email, 'email'),
        emailMasked: maskEmail(email),
      };
    });
    const r = await db.customer.createMany({ data, skipDuplicates: true });
    added += r.count;
  }
  return added;
}
