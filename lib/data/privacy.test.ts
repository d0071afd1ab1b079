import { describe, expect, it } from 'vitest';
import { hashPii, maskEmail, maskName, maskPhone, normalisePii } from './privacy';

/*
 * Expected HMACs computed independently with Python's hmac module:
 *   import hmac, hashlib
 *   k = b'test-secret-0123456789'
 *   for v in ['alice@example.com', '15550100199', 'Alice Martin', 'Zo\u00eb M\u00fcller']:
 *       print(v, hmac.new(k, v.encode('utf-8'), hashlib.sha256).hexdigest())
 */
const SECRET = 'test-secret-0123456789';
const H_EMAIL = '38000ea2f868fe92028908866789bdbb1cfb7e3efb4128054813e5606ade0b0e';
const H_PHONE = '2f6f770232eb07eaf8291bbd9312b359f8424f6fe76b4ca72eaa6238dad3aa72';
const H_NAME = '3e62cbf3c0dcf659018138eefa5666bb23bfdef864477e1edfbf4b0c8bf3bf14';
const H_ZOE = '359c174a82febf81e685b7a77c36595d0151b2b99e68e02162b812009df8d80e';

describe('hashPii', () => {
  it('matches Python hmac for normalised email, phone and text', () => {
    expect(hashPii(SECRET, 'alice@example.com', 'email')).toBe(H_EMAIL);
    expect(hashPii(SECRET, '  Alice@Example.COM ', 'email')).toBe(H_EMAIL);
    expect(hashPii(SECRET, '+1 (555) 010-0199', 'phone')).toBe(H_PHONE);
    expect(hashPii(SECRET, '1-555-010-0199', 'phone')).toBe(H_PHONE);
    expect(hashPii(SECRET, ' Alice Martin ')).toBe(H_NAME);
    expect(hashPii(Buffer.from(SECRET), 'Alice Martin', 'text')).toBe(H_NAME);
  });
  it('normalises Unicode to NFC (decomposed ë/ü hash like the composed ones)', () => {
    expect(hashPii(SECRET, 'Zoe\u0308 Mu\u0308ller')).toBe(H_ZOE);
  });
  it('keeps case for text and depends on the secret', () => {
    expect(hashPii(SECRET, 'alice martin')).not.toBe(H_NAME);
    expect(hashPii('another-secret-0123456789', 'alice@example.com', 'email')).not.toBe(H_EMAIL);
  });
  it('returns null for values that normalise to empty, and rejects short secrets', () => {
    expect(hashPii(SECRET, '   ', 'email')).toBeNull();
    expect(hashPii(SECRET, '(--)', 'phone')).toBeNull();
    expect(() => hashPii('short', 'x')).toThrow(RangeError);
  });
  it('normalisePii follows the documented rules', () => {
    expect(normalisePii(' Bob@X.org ', 'email')).toBe('bob@x.org');
    expect(normalisePii('+44 7700 900123', 'phone')).toBe('447700900123');
    expect(normalisePii(' Bob ')).toBe('Bob');
  });
});

describe('masking', () => {
  it('maskEmail keeps the first character and the domain', () => {
    expect(maskEmail('alice@example.com')).toBe('a***@example.com');
    expect(maskEmail(' Bob.Smith@Example.ORG ')).toBe('B***@example.org');
    expect(maskEmail('x@y.io')).toBe('x***@y.io');
    expect(maskEmail('not-an-email')).toBe('***');
    expect(maskEmail('@example.com')).toBe('***');
    expect(maskEmail('')).toBe('');
  });
  it('maskPhone keeps the last 4 digits of numbers with at least 7 digits', () => {
    expect(maskPhone('+1 (555) 010-0199')).toBe('***0199');
    expect(maskPhone('5550199')).toBe('***0199');
    expect(maskPhone('555019')).toBe('***');
    expect(maskPhone('  ')).toBe('');
  });
  it('maskName masks each word, safe for astral characters', () => {
    expect(maskName('Alice van Dijk')).toBe('A*** v*** D***');
    expect(maskName('  Zoë  ')).toBe('Z***');
    expect(maskName('𝒜da Lovelace')).toBe('𝒜*** L***');
    expect(maskName('')).toBe('');
  });
});
