import { createHash, randomBytes } from 'node:crypto';

/** A one-time invitation token: 32 random bytes, base64url; only its SHA-256 (hex) is stored. */
export function newInvitationToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashInvitationToken(token) };
}

export function hashInvitationToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
