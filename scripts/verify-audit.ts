/**
 * `npx tsx scripts/verify-audit.ts` (DATABASE_URL set): verifies every organisation's audit-log hash chain
 * (lib/audit/verify-audit-chain.ts) and prints, per organisation, "intact" with its row count and head hash, or
 * the first broken row. Exit code 1 when any chain is broken. `--org <slug>` checks one organisation.
 */
import { Client } from 'pg';
import { verifyAuditChain } from '../lib/audit/verify-audit-chain';
import { scriptEnv } from '../lib/env';

async function main() {
  const url = scriptEnv().DATABASE_URL;
  if (!url) throw new Error('set DATABASE_URL');
  const i = process.argv.indexOf('--org');
  const slug = i > 0 ? process.argv[i + 1] : undefined;
  const client = new Client({ connectionString: url });
  await client.connect();
  let broken = 0;
  try {
    const { rows: orgs } = await client.query<{ id: string; slug: string }>(
      `SELECT id, slug FROM "Organization" ${slug ? 'WHERE slug = $1' : ''} ORDER BY slug`,
      slug ? [slug] : [],
    );
    if (slug && orgs.length === 0) throw new Error(`no organisation with slug ${slug}`);
    for (const o of orgs) {
      const r = await verifyAuditChain(client, o.id);
      if (r.intact) console.log(`${o.slug}: intact (${r.verifiedRows} rows, head ${r.headHash})`);
      else {
        broken += 1;
        console.log(`${o.slug}: BROKEN at row ${r.brokenAt!.row} (id ${r.brokenAt!.id}): ${r.brokenAt!.message}`);
      }
    }
  } finally {
    await client.end();
  }
  process.exit(broken ? 1 : 0);
}

main().catch((e) => {
  console.error('[verify-audit]', e instanceof Error ? e.message : e);
  process.exit(2);
});
