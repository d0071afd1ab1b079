import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { encryptPiiKey } from './pii-key-crypto';

/**
 * Data migration: every organisation whose PII key is still stored in plaintext (`piiSecret`, from before the keys
 * were encrypted) gets it encrypted under the key encryption key (`piiKeyEncrypted`) and the plaintext emptied, in
 * one transaction. Idempotent (`npm run demo` runs it on every start, after the SQL migrations); the key itself
 * does not change, so stored hashes keep joining.
 */
export async function encryptLegacyPiiKeys(connectionString: string, kek: Uint8Array): Promise<number> {
  const client = new Client({ connectionString });
  await client.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<{ id: string; piiSecret: string }>(
      `SELECT id, "piiSecret" FROM "Organization" WHERE "piiSecret" IS NOT NULL AND "piiKeyEncrypted" IS NULL FOR UPDATE`,
    );
    for (const r of rows)
      await client.query(`UPDATE "Organization" SET "piiKeyEncrypted" = $2, "piiSecret" = NULL WHERE id = $1`, [
        r.id,
        encryptPiiKey(kek, r.id, r.piiSecret, randomBytes(12)),
      ]);
    await client.query('COMMIT');
    return rows.length;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await client.end();
  }
}
