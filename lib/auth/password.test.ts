import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, demoPasswordHash } from '../seed/seed-orgs';
import { hashPassword, verifyPassword } from './password';

describe('password hashing', () => {
  it('hashes every real password with argon2id at m = 64 MiB, t = 3, p = 4, salted, and verifies it', async () => {
    const a = await hashPassword('correct horse');
    const b = await hashPassword('correct horse');
    expect(a).toMatch(/^\$argon2id\$v=19\$m=65536,p=4,t=3\$/);
    expect(a).not.toBe(b); // a fresh salt each time
    expect([await verifyPassword(a, 'correct horse'), await verifyPassword(a, 'correct horsE')]).toEqual([true, false]);
    expect(await verifyPassword('not a hash', 'correct horse')).toBe(false);
  });

  it("gives the demo users production hashes unless a test suite's seed asks for the throw-away cost", async () => {
    const production = await demoPasswordHash('production');
    const throwaway = await demoPasswordHash('throwaway');
    expect(production).toMatch(/^\$argon2id\$v=19\$m=65536,p=4,t=3\$/);
    expect(throwaway).toMatch(/^\$argon2id\$v=19\$m=1024,p=1,t=1\$/);
    // the production verifier reads the cost from the hash: both sign the demo users in, and nothing else
    expect(await verifyPassword(throwaway, DEMO_PASSWORD)).toBe(true);
    expect(await verifyPassword(throwaway, `${DEMO_PASSWORD}!`)).toBe(false);
    expect(await verifyPassword(production, DEMO_PASSWORD)).toBe(true);
  });
});
