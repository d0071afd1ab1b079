/** `npm run db:seed` (or called by demo.ts): demo organisations, users and a small customer list. Idempotent. */
import { createPrismaClient } from '../lib/prisma-client';
import { seedDemoOrgs } from '../lib/seed/seed-orgs';
import { seedDemoCustomers } from '../lib/seed/seed-customers';
import { scriptEnv } from '../lib/env';

export async function seedDemo(url: string): Promise<void> {
  const db = createPrismaClient(url);
  try {
    const orgs = await seedDemoOrgs(db);
    const added = await seedDemoCustomers(db, orgs);
    console.log(`[offerpilot] seed: ${Object.keys(orgs).length} organisations; ${added} customers added`);
  } finally {
    await db.$disconnect();
  }
}

if (process.argv[1]?.endsWith('seed.ts')) {
  const url = scriptEnv().DATABASE_URL;
  if (!url) {
    console.error('set DATABASE_URL (npm run demo seeds the embedded database by itself)');
    process.exit(1);
  }
  seedDemo(url).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
