-- Per-organisation PII keys move to piiKeyEncrypted (AES-256-GCM under PII_KEY_ENCRYPTION_KEY, a key outside the
-- database). SQL cannot encrypt without that key: the data migration lib/data/encrypt-legacy-pii-keys.ts (run by
-- npm run demo after these migrations) encrypts each plaintext piiSecret and empties it.
-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "piiKeyEncrypted" TEXT,
ALTER COLUMN "piiSecret" DROP NOT NULL;
