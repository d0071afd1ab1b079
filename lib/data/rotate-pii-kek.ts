import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { decryptPiiKey, encryptPiiKey } from './pii-key-crypto';

/**
 * Key rotation: re-encrypts every organisation's PII key from `oldKek` to `newKek` in one transaction (all or
 * nothing: one key that the old KEK cannot decrypt aborts it with PiiKeyDecryptionError naming the organisation).
 * The PII keys themselves do not change, so no hash is recomputed. Legacy plaintext keys are encrypted too.
 * Run by scripts/rotate-pii-kek.ts; restart every app instance and worker with the new key afterwards.
 */
export async function rotatePiiKek(
  connectionString: string,
  oldKek: Uint8Array,
  newKek: Uint8Array,
): Promise<{ reencrypted: number }> {
  const client = new Client({ connectionString });
  await client.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<{ id: string; piiSecret: string | null; piiKeyEncrypted: string | null }>(
      `SELECT id, "piiSecret", "piiKeyEncrypted" FROM "Organization"
       WHERE "piiKeyEncrypted" IS NOT NULL OR "piiSecret" IS NOT NULL ORDER BY id FOR UPDATE`,
    );
    for (const r of rows) {
      const key = r.piiKeyEncrypted ? decryptPiiKey(oldKek, r.id, r.piiKeyEncrypted) : (r.piiSecret as string);
      await client.query(`UPDATE "Organization" SET "piiKeyEncrypted" = $2, "piiSecret" = NULL WHERE id = $1`, [
        r.id,
        encryptPiiKey(newKek, r.id, key, randomBytes(12)),
      ]);
    }
    await client.query('COMMIT');
    return { reencrypted: rows.length };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await client.end();
  }
}
