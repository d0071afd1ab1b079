import { describe, expect, it } from 'vitest';
import { assertSameOrigin, mediaType } from './same-origin';

const h = (o: Record<string, string>) => new Headers(o);
const allowed = ['http://127.0.0.1:3000'];

describe('same-origin check for cookie-authenticated mutations', () => {
  it('refuses another origin, even a same-site one on another port', () => {
    expect(() => assertSameOrigin('POST', h({ origin: 'http://127.0.0.1:3402' }), allowed)).toThrow(
      'Cross-origin request refused (Origin http://127.0.0.1:3402)',
    );
    expect(() => assertSameOrigin('DELETE', h({ origin: 'null' }), allowed)).toThrow('Cross-origin');
  });
  it('refuses a cross-site or same-site fetch without Origin, allows same-origin and non-browser clients', () => {
    expect(() => assertSameOrigin('POST', h({ 'sec-fetch-site': 'same-site' }), allowed)).toThrow(
      'Cross-site request refused (Sec-Fetch-Site same-site)',
    );
    expect(() => assertSameOrigin('POST', h({ 'sec-fetch-site': 'cross-site' }), allowed)).toThrow('Cross-site');
    expect(() =>
      assertSameOrigin('POST', h({ origin: 'http://127.0.0.1:3000', 'sec-fetch-site': 'same-origin' }), allowed),
    ).not.toThrow();
    expect(() => assertSameOrigin('POST', h({}), allowed)).not.toThrow();
    expect(() => assertSameOrigin('GET', h({ origin: 'http://evil.test' }), allowed)).not.toThrow();
  });
  it('reads the exact media type', () => {
    expect(mediaType('text/plain; application/json')).toBe('text/plain');
    expect(mediaType('Application/JSON; charset=utf-8')).toBe('application/json');
    expect(mediaType(null)).toBe('');
  });
});
