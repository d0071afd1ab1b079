import { afterEach, describe, expect, it } from 'vitest';
import { parseEnv, secretKey } from './env';

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

describe('mail settings', () => {
  const base = { DATABASE_URL: 'postgresql://root@127.0.0.1:5432/x', NEXTAUTH_SECRET: 's'.repeat(32) };

  it('leaves mail off when SMTP_URL is unset or empty', () => {
    expect(parseEnv(base).SMTP_URL).toBeUndefined();
    expect(parseEnv({ ...base, SMTP_URL: '', SMTP_FROM: '' })).toMatchObject({
      SMTP_URL: undefined,
      SMTP_FROM: undefined,
    });
  });

  it('takes an smtp:// or smtps:// URL with a From address', () => {
    const e = parseEnv({
      ...base,
      SMTP_URL: 'smtps://u:p@mail.example.com:465',
      SMTP_FROM: 'OfferPilot <no-reply@example.com>',
    });
    expect([e.SMTP_URL, e.SMTP_FROM]).toEqual([
      'smtps://u:p@mail.example.com:465',
      'OfferPilot <no-reply@example.com>',
    ]);
  });

  it('names the variable when the URL is not SMTP or the From address is missing', () => {
    expect(() => parseEnv({ ...base, SMTP_URL: 'http://mail.example.com', SMTP_FROM: 'a@b.c' })).toThrow(
      /SMTP_URL: must start with smtp:\/\/ or smtps:\/\//,
    );
    expect(() => parseEnv({ ...base, SMTP_URL: 'smtp://mail.example.com:587' })).toThrow(
      /SMTP_FROM: is required when SMTP_URL is set/,
    );
  });
});
