import { describe, expect, it } from 'vitest';
import { countryToIso2 } from './country-names';

describe('countryToIso2', () => {
  it('maps codes, English names and the aliases of real exports to ISO-2', () => {
    const pairs: [string, string | null][] = [
      ['gb', 'GB'],
      ['United Kingdom', 'GB'],
      ['UK', 'GB'],
      ['EIRE', 'IE'],
      ['USA', 'US'],
      ['RSA', 'ZA'],
      ['Czech Republic', 'CZ'],
      ['United Arab Emirates', 'AE'],
      ['  hong   kong ', 'HK'],
      ['Germany', 'DE'],
      ['EL', 'GR'],
    ];
    for (const [input, code] of pairs) expect(countryToIso2(input), input).toBe(code);
  });
  it('gives null for what is not one country', () => {
    for (const s of ['Unspecified', 'European Community', 'Channel Islands', 'XX', 'Atlantis', '']) {
      expect(countryToIso2(s), s).toBeNull();
    }
  });
});
