/**
 * Rotates PII_KEY_ENCRYPTION_KEY: every organisation's PII key is re-encrypted under a new key encryption key in one
 * transaction (lib/data/rotate-pii-kek.ts); the PII keys and so every stored hash stay the same.
 *
 *   npx tsx scripts/rotate-pii-kek.ts                     (DATABASE_URL set; current key from env or .data/)
 *   NEW_PII_KEY_ENCRYPTION_KEY=<64 hex> npx tsx scripts/rotate-pii-kek.ts
 *
 * Without NEW_PII_KEY_ENCRYPTION_KEY a new key is generated and written to .data/pii-key-encryption-key.next
 * BEFORE the database changes (a crash can never leave rows encrypted under a key that exists nowhere). When the
 * current key came from .data/ (env unset), the files are then swapped: the old one is kept as
 * .data/pii-key-encryption-key.old (delete it once every process runs with the new one). When it came from the
 * environment, put the new value there yourself. Either way restart every app instance and worker afterwards.
 */
import { randomBytes } from 'node:crypto';
import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { rotatePiiKek } from '../lib/data/rotate-pii-kek';
import { scriptEnv } from '../lib/env';
import { DATA_DIR, resolveKeys } from './runtime';

const HEX = /^[0-9a-fA-F]{64}$/;

async function main() {
  const url = scriptEnv().DATABASE_URL;
  if (!url) throw new Error('set DATABASE_URL');
  const fromEnv = scriptEnv().PII_KEY_ENCRYPTION_KEY !== undefined;
  const current = (await resolveKeys()).PII_KEY_ENCRYPTION_KEY;
  const given = scriptEnv().NEW_PII_KEY_ENCRYPTION_KEY;
  if (given && !HEX.test(given)) throw new Error('NEW_PII_KEY_ENCRYPTION_KEY must be 64 hex characters');
  const next = given ?? randomBytes(32).toString('hex');
  if (next.toLowerCase() === current.toLowerCase()) throw new Error('the new key equals the current one');
  const file = path.join(DATA_DIR, 'pii-key-encryption-key');
  if (!given) await writeFile(`${file}.next`, next, { mode: 0o600 });
  const r = await rotatePiiKek(url, Buffer.from(current, 'hex'), Buffer.from(next, 'hex'));
  console.log(`[rotate-pii-kek] ${r.reencrypted} organisation PII key(s) re-encrypted under the new key`);
  if (!fromEnv && !given) {
    await rename(file, `${file}.old`);
    await rename(`${file}.next`, file);
    console.log(`[rotate-pii-kek] ${file} now holds the new key (old one: ${file}.old); restart the app and workers`);
  } else if (!given) {
    console.log(
      `[rotate-pii-kek] the new key is in ${file}.next: set PII_KEY_ENCRYPTION_KEY to it, restart the app and workers`,
    );
  } else console.log('[rotate-pii-kek] set PII_KEY_ENCRYPTION_KEY to the new key, restart the app and workers');
}

main().catch((e) => {
  console.error('[rotate-pii-kek]', e instanceof Error ? e.message : e);
  process.exit(1);
});
