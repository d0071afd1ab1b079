import { describe, expect, it } from 'vitest';
import { decryptPiiKey, encryptPiiKey, PiiKeyDecryptionError } from './pii-key-crypto';

const kek = Uint8Array.from({ length: 32 }, (_, i) => i); // 00 01 … 1f
const iv = Uint8Array.from({ length: 12 }, (_, i) => i); // 00 01 … 0b
const piiKey = '0123456789abcdef0123456789abcdef';
// computed independently with Python's `cryptography` package:
//   AESGCM(bytes(range(32))).encrypt(bytes(range(12)), b'0123456789abcdef0123456789abcdef', b'org_1')
//   → ciphertext ‖ 16-byte tag, each base64url without padding
const ENVELOPE = 'v1.AAECAwQFBgcICQoL.dzPkKPHQ9Cy1ePbp0o0dC7PntQfETmlLAF6E534NZdQ.RELbPsO3tez-HxFd90CVRQ';

describe('PII key encryption (AES-256-GCM)', () => {
  it('matches the known answer computed with Python, and decrypts back', () => {
    expect(encryptPiiKey(kek, 'org_1', piiKey, iv)).toBe(ENVELOPE);
    expect(decryptPiiKey(kek, 'org_1', ENVELOPE)).toBe(piiKey);
  });

  it('refuses a wrong key, another organisation, an altered ciphertext and a plaintext value, with a clear error', () => {
    const wrong = new Uint8Array(32).fill(9);
    expect(() => decryptPiiKey(wrong, 'org_1', ENVELOPE)).toThrow(PiiKeyDecryptionError);
    expect(() => decryptPiiKey(wrong, 'org_1', ENVELOPE)).toThrow(
      /PII key of organisation org_1 cannot be decrypted: authentication failed \(wrong PII_KEY_ENCRYPTION_KEY/,
    );
    expect(() => decryptPiiKey(kek, 'org_2', ENVELOPE)).toThrow(/authentication failed/);
    const [v, i, ct, tag] = ENVELOPE.split('.');
    const altered = `${v}.${i}.${ct.startsWith('A') ? 'B' : 'A'}${ct.slice(1)}.${tag}`;
    expect(() => decryptPiiKey(kek, 'org_1', altered)).toThrow(/authentication failed/);
    expect(() => decryptPiiKey(kek, 'org_1', piiKey)).toThrow(/not an encrypted key/);
  });

  it('refuses keys and IVs of the wrong length', () => {
    expect(() => encryptPiiKey(new Uint8Array(16), 'o', piiKey, iv)).toThrow(RangeError);
    expect(() => encryptPiiKey(kek, 'o', piiKey, new Uint8Array(8))).toThrow(RangeError);
  });
});
