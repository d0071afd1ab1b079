import { describe, expect, it } from 'vitest';
import { newNonce, securityHeaders } from './security-headers';

describe('security headers', () => {
  it('allow scripts only with the nonce, forbid framing, and add HSTS only over https', () => {
    const h = securityHeaders({ nonce: 'abc', https: false, dev: false });
    expect(h['Content-Security-Policy']).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    expect(h['Content-Security-Policy']).not.toMatch(/script-src[^;]*unsafe-(inline|eval)/);
    expect(h['Content-Security-Policy']).toContain("frame-ancestors 'none'");
    expect([h['X-Frame-Options'], h['X-Content-Type-Options'], h['Referrer-Policy']]).toEqual([
      'DENY',
      'nosniff',
      'strict-origin-when-cross-origin',
    ]);
    expect(h['Strict-Transport-Security']).toBeUndefined();
    expect(securityHeaders({ nonce: 'x', https: true, dev: false })['Strict-Transport-Security']).toBe(
      'max-age=31536000; includeSubDomains',
    );
  });
  it('makes a fresh 128-bit nonce each time', () => {
    const a = newNonce();
    expect(Buffer.from(a, 'base64').length).toBe(16);
    expect(newNonce()).not.toBe(a);
  });
});
