import { describe, expect, it } from 'vitest';
import { generateApiKey, hashApiKey, isWellFormedApiKey } from './api-key-format';

describe('API key format', () => {
  it('hashes with SHA-256 (known answer)', () => {
    // printf 'op_00000000_test' | sha256sum
    expect(hashApiKey('op_00000000_test')).toBe('2e2baa47fc2f75ff3eb0fbd64d8869ab8b86691c61a87a9f7979c84c28748315');
  });
  it('generates well-formed, distinct keys whose stored hash matches', () => {
    const a = generateApiKey(),
      b = generateApiKey();
    expect(isWellFormedApiKey(a.key)).toBe(true);
    expect(a.key.startsWith(`op_${a.prefix}_`)).toBe(true);
    expect(a.key).not.toBe(b.key);
    expect(hashApiKey(a.key)).toBe(a.keyHash);
    expect(isWellFormedApiKey('op_xyz_short')).toBe(false);
  });
});
