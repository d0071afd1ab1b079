import { createCipheriv, createDecipheriv } from 'node:crypto';

/**
 * Each organisation's PII HMAC key (lib/data/privacy.ts) is stored encrypted with AES-256-GCM under
 * PII_KEY_ENCRYPTION_KEY, a key kept outside the database, so the Organization row alone no longer lets anyone
 * recompute (and so dictionary-reverse) a phone or email hash. The organisation id is the additional authenticated
 * data: a ciphertext copied onto another organisation does not decrypt. Stored form:
 *
 *   v1.<12-byte IV, base64url>.<ciphertext, base64url>.<16-byte tag, base64url>
 *
 * Framework-free: the key encryption key and the IV are parameters (the IV must be fresh random bytes per call).
 */
export const PII_KEY_ENVELOPE_VERSION = 'v1';

export class PiiKeyDecryptionError extends Error {
  constructor(organizationId: string, why: string) {
    super(
      `The PII key of organisation ${organizationId} cannot be decrypted: ${why}. Check PII_KEY_ENCRYPTION_KEY (it must be the key the PII keys were encrypted with; after a rotation, the new one).`,
    );
    this.name = 'PiiKeyDecryptionError';
  }
}

function checkKek(kek: Uint8Array) {
  if (kek.byteLength !== 32) throw new RangeError(`PII key encryption key must be 32 bytes (got ${kek.byteLength})`);
}

export function encryptPiiKey(kek: Uint8Array, organizationId: string, piiKey: string, iv: Uint8Array): string {
  checkKek(kek);
  if (iv.byteLength !== 12) throw new RangeError(`encryptPiiKey: IV must be 12 bytes (got ${iv.byteLength})`);
  const cipher = createCipheriv('aes-256-gcm', kek, iv);
  cipher.setAAD(Buffer.from(organizationId, 'utf8'));
  const ct = Buffer.concat([cipher.update(piiKey, 'utf8'), cipher.final()]);
  const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64url');
  return [PII_KEY_ENVELOPE_VERSION, b64(iv), b64(ct), b64(cipher.getAuthTag())].join('.');
}

/** @throws PiiKeyDecryptionError when the key is wrong, the value was altered or belongs to another organisation */
export function decryptPiiKey(kek: Uint8Array, organizationId: string, envelope: string): string {
  checkKek(kek);
  const parts = envelope.split('.');
  if (parts.length !== 4 || parts[0] !== PII_KEY_ENVELOPE_VERSION)
    throw new PiiKeyDecryptionError(organizationId, 'the stored value is not an encrypted key (v1.iv.ciphertext.tag)');
  const [iv, ct, tag] = parts.slice(1).map((p) => Buffer.from(p, 'base64url'));
  if (iv.length !== 12 || tag.length !== 16)
    throw new PiiKeyDecryptionError(organizationId, 'the stored value is malformed');
  const decipher = createDecipheriv('aes-256-gcm', kek, iv);
  decipher.setAAD(Buffer.from(organizationId, 'utf8'));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(ct), decipher.final()]).toString('utf8');
  } catch {
    throw new PiiKeyDecryptionError(
      organizationId,
      'authentication failed (wrong PII_KEY_ENCRYPTION_KEY, an altered value, or a value copied from another organisation)',
    );
  }
}
