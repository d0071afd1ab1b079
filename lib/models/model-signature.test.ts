import { describe, expect, it } from 'vitest';
import { modelSignature, sha256Hex, verifyModelFile } from './model-signature';

const key = Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex');
const bytes = new TextEncoder().encode('onnx bytes');
// computed independently with Python:
//   sha = hashlib.sha256(b'onnx bytes').hexdigest()
//   hmac.new(key, ('offerpilot-onnx-v1\n' + 'org_1\n' + 'mv_1\n' + sha).encode(), hashlib.sha256).hexdigest()
const SHA = 'c1650a9961b22b18b7919016db749eb46e2f14ad9da48dd02aa586fe8a335978';
const SIGNATURE = 'bee09939c2720a7b06fc89d6391565735a0778585b9c0d85507c61f033729dfd';

const row = { organizationId: 'org_1', id: 'mv_1', bytes, sha256: SHA, signature: SIGNATURE };

describe('model file signatures', () => {
  it('match the HMAC-SHA256 computed independently with Python', () => {
    expect(sha256Hex(bytes)).toBe(SHA);
    expect(modelSignature(key, 'org_1', 'mv_1', SHA)).toBe(SIGNATURE);
  });

  it('verify the correct file and return the hash computed from its bytes', () => {
    expect(verifyModelFile(key, row)).toEqual({ ok: true, sha256: SHA });
  });

  it('refuse tampered bytes, a tampered hash column, a wrong key, another version, and a missing signature', () => {
    const tampered = Uint8Array.from(bytes);
    tampered[0] ^= 1;
    expect(verifyModelFile(key, { ...row, bytes: tampered })).toEqual({ ok: false, refusal: 'hash_mismatch' });
    // bytes and hash both rewritten consistently: only the signature catches it
    expect(verifyModelFile(key, { ...row, bytes: tampered, sha256: sha256Hex(tampered) })).toEqual({
      ok: false,
      refusal: 'signature_mismatch',
    });
    expect(verifyModelFile(key, { ...row, sha256: '0'.repeat(64) })).toEqual({ ok: false, refusal: 'hash_mismatch' });
    const otherKey = Buffer.alloc(32, 7);
    expect(verifyModelFile(otherKey, row)).toEqual({ ok: false, refusal: 'signature_mismatch' });
    expect(verifyModelFile(key, { ...row, id: 'mv_2' })).toEqual({ ok: false, refusal: 'signature_mismatch' });
    expect(verifyModelFile(key, { ...row, organizationId: 'org_2' })).toEqual({
      ok: false,
      refusal: 'signature_mismatch',
    });
    expect(verifyModelFile(key, { ...row, signature: null })).toEqual({ ok: false, refusal: 'unsigned' });
    expect(verifyModelFile(key, { ...row, signature: 'zz' })).toEqual({ ok: false, refusal: 'signature_mismatch' });
    expect(verifyModelFile(key, { ...row, bytes: null })).toEqual({ ok: false, refusal: 'no_file' });
  });

  it('refuses a key shorter than 32 bytes', () => {
    expect(() => modelSignature(Buffer.alloc(16), 'o', 'm', SHA)).toThrow(RangeError);
  });
});
