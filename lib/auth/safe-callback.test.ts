import { describe, expect, it } from 'vitest';
import { isOwnCallbackUrl, safeAuthRedirect, safeCallbackPath } from './safe-callback';

describe('safeCallbackPath (open redirect after sign-in)', () => {
  it('keeps same-origin relative paths with their query and hash', () => {
    expect(safeCallbackPath('/policies?tab=audit#v2')).toBe('/policies?tab=audit#v2');
    expect(safeCallbackPath('/')).toBe('/');
  });
  it('refuses everything a browser would resolve off-site', () => {
    // the reproductions of the audit, as decoded by the page's searchParams: /%5C… and /%09/…
    for (const bad of [
      '/\\127.0.0.1:3402/phish',
      '/\t/127.0.0.1:3402/phish',
      '//evil.test/x',
      '/\n/evil.test',
      'https://evil.test/',
      'javascript:alert(1)',
      'fixed',
      '',
      undefined,
    ]) {
      expect(safeCallbackPath(bad)).toBe('/');
    }
  });
});

describe('safeAuthRedirect (next-auth redirect callback)', () => {
  const base = 'http://127.0.0.1:3000';
  it('keeps our own URLs and paths', () => {
    expect(safeAuthRedirect('/models?x=1', base)).toBe('http://127.0.0.1:3000/models?x=1');
    expect(safeAuthRedirect('http://127.0.0.1:3000/login', base)).toBe('http://127.0.0.1:3000/login');
  });
  it('sends everything else to the base URL without throwing', () => {
    for (const bad of [
      'fixed',
      'http://127.0.0.1:3402/phish',
      '/\\127.0.0.1:3402/x',
      'http://127.0.0.1:3000@evil.test/',
    ]) {
      expect(safeAuthRedirect(bad, base)).toMatch(/^http:\/\/127\.0\.0\.1:3000\/?$/);
    }
  });
});

describe('isOwnCallbackUrl (what the next-auth route accepts)', () => {
  const origins = ['http://127.0.0.1:3000', 'https://offers.example.com'];
  it('accepts paths and absolute URLs of this app, on either origin', () => {
    for (const ok of [
      '/',
      '/login',
      '/models?x=1#a',
      'http://127.0.0.1:3000/data',
      'http://127.0.0.1:3000',
      'https://offers.example.com/',
    ]) {
      expect(isOwnCallbackUrl(ok, origins)).toBe(true);
    }
  });
  it('refuses anything the redirect would have to rewrite', () => {
    for (const bad of [
      'fixed',
      '',
      '//evil.test/x',
      '/\\evil.test',
      '/\t/evil.test',
      'javascript:alert(1)',
      'http://127.0.0.1:3402/phish',
      'http://127.0.0.1:3000@evil.test/',
      'http://127.0.0.1:30001',
      'http://[::1',
    ]) {
      expect(isOwnCallbackUrl(bad, origins)).toBe(false);
    }
  });
});
