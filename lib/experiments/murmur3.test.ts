import { describe, expect, it } from 'vitest';
import { murmur3x86_32 } from './murmur3';

/*
 * Published MurmurHash3 x86_32 test vectors (SMHasher / widely quoted), cross-checked with Debian's
 * python3-sklearn 1.2.1: sklearn.utils.murmurhash3_32(b'...', seed, positive=True).
 */
describe('MurmurHash3 x86_32', () => {
  it.each([
    ['', 0, 0x00000000],
    ['', 1, 0x514e28b7],
    ['', 0xffffffff, 0x81f16f39],
    ['test', 0, 0xba6bd213],
    ['abc', 0, 0xb3dd93fa],
    ['aaaa', 0x9747b28c, 0x5a97808a],
    ['Hello, world!', 0x9747b28c, 0x24884cba],
    ['The quick brown fox jumps over the lazy dog', 0x9747b28c, 0x2fa826cd],
    ['exp-checkout-2024', 0, 0xc293a230], // sklearn murmurhash3_32(b'exp-checkout-2024', 0, positive=True)
  ])('murmur3(%j, seed %s) = %s', (text, seed, expected) => {
    expect(murmur3x86_32(text, seed)).toBe(expected);
  });

  it('hashes strings as UTF-8 (same as the bytes)', () => {
    // sklearn murmurhash3_32('ünïcødé'.encode('utf-8'), 0, positive=True) == murmur3 of the same bytes
    const bytes = new TextEncoder().encode('ünïcødé');
    expect(bytes.length).toBe(11);
    expect(murmur3x86_32('ünïcødé')).toBe(murmur3x86_32(bytes));
  });

  it('rejects a seed that is not a uint32', () => {
    expect(() => murmur3x86_32('x', -1)).toThrow(RangeError);
    expect(() => murmur3x86_32('x', 2 ** 32)).toThrow(RangeError);
  });
});
