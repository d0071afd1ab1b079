import { afterEach, describe, expect, it } from 'vitest';
import { secretKey } from './env';

const saved = process.env.MODEL_SIGNING_KEY;
afterEach(() => {
  if (saved === undefined) delete process.env.MODEL_SIGNING_KEY;
  else process.env.MODEL_SIGNING_KEY = saved;
});

describe('keys kept outside the database', () => {
  it('reads a 64-hex key as its 32 bytes', () => {
    process.env.MODEL_SIGNING_KEY = `00ff${'1'.repeat(60)}`;
    const k = secretKey('MODEL_SIGNING_KEY');
    expect([k.length, k[0], k[1], k[2]]).toEqual([32, 0, 255, 0x11]);
  });

  it('names the variable when it is unset or malformed', () => {
    delete process.env.MODEL_SIGNING_KEY;
    expect(() => secretKey('MODEL_SIGNING_KEY')).toThrow(/MODEL_SIGNING_KEY is not set/);
    process.env.MODEL_SIGNING_KEY = 'short';
    expect(() => secretKey('MODEL_SIGNING_KEY')).toThrow(/MODEL_SIGNING_KEY: must be 64 hex characters/);
  });
});
