import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API keys look like `op_<8 hex prefix>_<43 char base64url secret>` (256 random bits). Only the SHA-256 of the
 * whole key is stored — a fast hash is right here because the key has full entropy (passwords use argon2).
 */
export const API_KEY_PATTERN = /^op_([0-9a-f]{8})_([A-Za-z0-9_-]{43})$/;

export function generateApiKey(): { key: string; prefix: string; keyHash: string } {
  const prefix = randomBytes(4).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  const key = `op_${prefix}_${secret}`;
  return { key, prefix, keyHash: hashApiKey(key) };
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function isWellFormedApiKey(key: string): boolean {
  return API_KEY_PATTERN.test(key);
}

export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}
