import { describe, expect, it } from 'vitest';
import { cyrb53, lineHash } from './natural-key';

describe('lineHash', () => {
  it('equals cyrb53 of the fields joined by U+0001 (fingerprints of earlier imports stay comparable)', () => {
    const lines = [
      [],
      [''],
      ['', ''],
      ['a'],
      ['c1', '2026-01-01T00:00:00Z', 'view', '', 'caf\u00e9 \u{1F600}', '1.5', '', '\u0001x'],
    ];
    for (const fields of lines) expect(lineHash(fields)).toBe(cyrb53(fields.join('\u0001')));
    expect(lineHash(['a'])).toBe(7929297801672961); // the reference implementation's cyrb53('a')
    // the reference (string) implementation's values, computed before cyrb53 became lineHash of one field
    expect(lineHash(['C001', 'purchase', '2024-01-02'])).toBe(5225554029806387);
    expect(cyrb53('C001\u0001purchase\u00012024-01-02')).toBe(5225554029806387);
    expect(cyrb53('a', 7)).toBe(2082698615397641);
  });
});
