/**
 * PII handling for uploads: clear-text email, phone and name are never stored. We keep a keyed hash
 * (HMAC-SHA256 with a per-organisation secret, so equal values can be joined but not reversed by dictionary
 * attack without the secret) and a masked form for display.
 */
import { createHmac } from 'node:crypto';

export type PiiKind = 'email' | 'phone' | 'text';

/** Shortest accepted HMAC secret, in bytes (128 bits). */
export const MIN_SECRET_BYTES = 16;

/**
 * Normalises a PII value before hashing, so that formatting differences do not change the hash:
 * all kinds are trimmed and Unicode-NFC normalised; 'email' is lower-cased; 'phone' keeps digits only
 * ('+1 (555) 010-0199' -> '15550100199'; a leading '+' and the '00' international prefix are NOT unified).
 */
export function normalisePii(value: string, kind: PiiKind = 'text'): string {
  const s = value.normalize('NFC').trim();
  if (kind === 'email') return s.toLowerCase();
  if (kind === 'phone') return s.replace(/\D+/g, '');
  return s;
}

/**
 * HMAC-SHA256 (lower-case hex) of the normalised value, keyed by the organisation's secret.
 * Returns null when the normalised value is empty: hashing '' would make every empty field look identical.
 * @throws RangeError when the secret is shorter than MIN_SECRET_BYTES bytes
 */
export function hashPii(secret: string | Uint8Array, value: string, kind: PiiKind = 'text'): string | null {
  const bytes = typeof secret === 'string' ? Buffer.byteLength(secret, 'utf8') : secret.byteLength;
  if (bytes < MIN_SECRET_BYTES)
    throw new RangeError(`hashPii: secret must be at least ${MIN_SECRET_BYTES} bytes (got ${bytes})`);
  const normalised = normalisePii(value, kind);
  if (normalised === '') return null;
  return createHmac('sha256', secret).update(normalised, 'utf8').digest('hex');
}

/** First code point of a string (safe for characters outside the BMP). */
const firstChar = (s: string): string => String.fromCodePoint(s.codePointAt(0)!);

/**
 * Masks an email for display: first character of the local part, '***', then the domain
 * ('alice@example.com' -> 'a***@example.com'). The mask length does not reveal the local part's length.
 * Text without a usable '@' gives '***'; empty input gives ''.
 */
export function maskEmail(email: string): string {
  const s = email.trim();
  if (s === '') return '';
  const at = s.lastIndexOf('@');
  if (at <= 0 || at === s.length - 1) return '***';
  return `${firstChar(s)}***${s.slice(at).toLowerCase()}`;
}

/**
 * Masks a phone number, keeping only its last 4 digits ('+1 (555) 010-0199' -> '***0199'). Numbers with
 * fewer than 7 digits give '***' (the last 4 would be most of the number); empty input gives ''.
 */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D+/g, '');
  if (phone.trim() === '') return '';
  return digits.length < 7 ? '***' : `***${digits.slice(-4)}`;
}

/** Masks a name word by word: first character of each word then '***' ('Alice van Dijk' -> 'A*** v*** D***'). */
export function maskName(name: string): string {
  return name
    .trim()
    .split(/\s+/)
    .filter((w) => w !== '')
    .map((w) => `${firstChar(w)}***`)
    .join(' ');
}
