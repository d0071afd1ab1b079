/** `npm run db:seed` (or called by demo.ts): demo organisations, users and a small customer list. Idempotent. */

import { scriptEnv } from '../lib/env';
import { createPrismaClient } from '../lib/prisma-client';
import { seedDemoCustomers } from '../lib/seed/seed-customers';
import { type DemoPasswordHashing, seedDemoOrgs, VISUAL_ORG } from '../lib/seed/seed-orgs';
import { resolveKeys } from './runtime';

/**
 * `demoData`: Acme gets the simulated merchant (5,000 customers, ~300,000 events, ~20,000 exposures) through
 * the upload pipeline (`demoCustomers` to make it smaller, on top of the fixed list: end-to-end tests);
 * otherwise (integration tests) both organisations get a small fixed customer list only. `visualOrg` (end-to-end
 * tests) adds the organisation of the visual regression check with the same small merchant and an experiment at fixed
 * dates.
 */
export async function seedDemo(
  url: string,
  opts: { demoData?: boolean; demoCustomers?: number; visualOrg?: boolean; passwordHashing?: DemoPasswordHashing } = {},
): Promise<void> {
  const db = createPrismaClient(url);
  try {
    const orgs = await seedDemoOrgs(db, undefined, opts.passwordHashing);
    if (opts.visualOrg) await seedDemoOrgs(db, [VISUAL_ORG], opts.passwordHashing);
    const added = await seedDemoCustomers(db, opts.demoData && !opts.demoCustomers ? { globex: orgs.globex } : orgs);
    console.log(`[offerpilot] seed: ${Object.keys(orgs).length} organisations; ${added} customers added`);
  } finally {
    await db.$disconnect();
  }
  if (opts.demoData) {
    const { seedDemoData } = await import('../lib/seed/seed-demo-data');
    const t0 = Date.now();
    const r = await seedDemoData('acme', opts.demoCustomers ? { customers: opts.demoCustomers } : {});
    console.log(
      r.skipped
        ? '[offerpilot] demo data already imported'
        : `[offerpilot] demo data imported in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${JSON.stringify(r.rows)}`,
    );
    const { seedDemoExperiment } = await import('../lib/seed/seed-demo-experiment');
    const x = await seedDemoExperiment('acme', opts.demoCustomers ? { customers: opts.demoCustomers } : {});
    if (!x.skipped)
      console.log(
        `[offerpilot] demo experiment seeded (true conversion lift ${((x.trueLift ?? 0) * 100).toFixed(1)}%)`,
      );
    if (opts.visualOrg) {
      const customers = opts.demoCustomers ?? 300;
      await seedDemoData(VISUAL_ORG.slug, { customers });
      // the last 14 days of the demo history (it ends 2026-11-30), not of the wall clock
      await seedDemoExperiment(VISUAL_ORG.slug, { customers, endAt: new Date(Date.UTC(2026, 10, 30)) });
      console.log(`[offerpilot] visual regression organisation seeded (${customers} customers)`);
    }
    if (!opts.demoCustomers) {
      const { seedDemoWorkspace } = await import('../lib/seed/seed-demo-workspace');
      const t1 = Date.now();
      const w = await seedDemoWorkspace('acme');
      if (!w.skipped)
        console.log(
          `[offerpilot] demo model, segments and policies prepared in ${((Date.now() - t1) / 1000).toFixed(1)} s`,
        );
    }
  }
}

if (process.argv[1]?.endsWith('seed.ts')) {
  const url = scriptEnv().DATABASE_URL;
  if (!url) {
    console.error('set DATABASE_URL (npm run demo seeds the embedded database by itself)');
    process.exit(1);
  }
  resolveKeys()
    .then(() => seedDemo(url, { demoData: process.argv.includes('--demo-data') }))
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}
