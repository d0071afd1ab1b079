import 'server-only';
import { randomBytes } from 'node:crypto';
import type { PrismaClient } from '@/generated/prisma/client';
import { secretKey } from '../env';
import { decryptPiiKey, encryptPiiKey } from './pii-key-crypto';

type OrgClient = Pick<PrismaClient, 'organization'>;

/** Decrypted keys, in this process's memory only. The key encryption key never changes a data key. */
const decrypted = new Map<string, string>();

/** Encrypts an organisation's PII key under PII_KEY_ENCRYPTION_KEY with a fresh IV. */
export function sealPiiKey(organizationId: string, piiKey: string): string {
  return encryptPiiKey(secretKey('PII_KEY_ENCRYPTION_KEY'), organizationId, piiKey, randomBytes(12));
}

/**
 * The organisation's PII HMAC key, decrypted in memory. An organisation with only a legacy plaintext key has it
 * encrypted now (and the plaintext emptied); one with neither gets a new random key. A concurrent first call keeps
 * whichever key was stored first.
 * @throws PiiKeyDecryptionError when PII_KEY_ENCRYPTION_KEY is not the key it was encrypted with
 */
export async function orgPiiKey(client: OrgClient, organizationId: string): Promise<string> {
  const hit = decrypted.get(organizationId);
  if (hit) return hit;
  const org = await client.organization.findUniqueOrThrow({
    where: { id: organizationId },
    select: { piiSecret: true, piiKeyEncrypted: true },
  });
  if (org.piiKeyEncrypted) {
    const key = decryptPiiKey(secretKey('PII_KEY_ENCRYPTION_KEY'), organizationId, org.piiKeyEncrypted);
    decrypted.set(organizationId, key);
    return key;
  }
  const key = org.piiSecret ?? randomBytes(32).toString('hex');
  const stored = await client.organization.updateMany({
    where: { id: organizationId, piiKeyEncrypted: null },
    data: { piiKeyEncrypted: sealPiiKey(organizationId, key), piiSecret: null },
  });
  if (stored.count === 0) return orgPiiKey(client, organizationId); // another call stored one first
  decrypted.set(organizationId, key);
  return key;
}
