import { describe, expect, it } from 'vitest';
import { findUnsafeText, isUnsafeText } from './unsafe-text';

describe('unsafe text (NUL, lone surrogates)', () => {
  it('flags NUL and lone surrogates, keeps paired surrogates (emoji) and ordinary text', () => {
    expect(['a\u0000b', '\ud800', 'x\udc00', '\ud83d'].map(isUnsafeText)).toEqual([true, true, true, true]);
    expect(['Grüße 😀', '\ud83d\ude00', ''].map(isUnsafeText)).toEqual([false, false, false]);
  });
  it('finds the path of the first unsafe string in parsed JSON, including keys', () => {
    expect(findUnsafeText(JSON.parse('{"name":"ok","variants":[{"name":"x"},{"name":"\\u0000"}]}'))).toEqual([
      'variants',
      1,
      'name',
    ]);
    expect(findUnsafeText(JSON.parse('{"rows":[{"customerId":"\\ud800"}]}'))).toEqual(['rows', 0, 'customerId']);
    expect(findUnsafeText({ 'k\u0000': 1 })).toEqual(['k\u0000']);
    expect(findUnsafeText({ a: [1, 'b', { c: null }] })).toBeNull();
  });
});
