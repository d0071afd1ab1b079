import { describe, expect, it } from 'vitest';
import { clientAddress } from './client-address';

describe('clientAddress', () => {
  it('takes the rightmost X-Forwarded-For entry: the one the nearest proxy appended', () => {
    expect(clientAddress(new Headers({ 'x-forwarded-for': '203.0.113.9, 10.0.0.7' }))).toBe('10.0.0.7');
    expect(clientAddress({ 'x-forwarded-for': '198.51.100.4' })).toBe('198.51.100.4');
    expect(clientAddress({ 'x-forwarded-for': '::ffff:127.0.0.1' })).toBe('127.0.0.1');
    expect(clientAddress({ 'x-forwarded-for': '2001:db8::1' })).toBe('2001:db8::1');
  });

  it('gives null for a missing header or anything that is not an IP address', () => {
    expect(clientAddress(new Headers())).toBeNull();
    expect(clientAddress({ 'x-forwarded-for': 'evil.example, <script>' })).toBeNull();
    expect(clientAddress({ 'x-forwarded-for': '' })).toBeNull();
  });
});
